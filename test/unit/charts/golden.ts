/**
 * Golden SVG snapshots (after observablehq/plot): the chart is serialised, numbers rounded to 3
 * decimals and ids renumbered; a mismatch writes `<name>-changed.svg` next to the golden file
 * and fails. UPDATE_GOLDEN=1 rewrites the golden files.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { normalizeSvgForSnapshot, serializeSvg } from '../../../src/lib/charts/index.ts';

export const GOLDEN_DIR = path.resolve(process.cwd(), 'test/golden/charts');

export function newDocument(): { doc: Document; window: JSDOM['window'] } {
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  return { doc: dom.window.document, window: dom.window };
}

/** Returns null when the snapshot matches (or was updated), else a message. */
export function checkGolden(name: string, svg: SVGSVGElement, window: JSDOM['window']): string | null {
  const actual = normalizeSvgForSnapshot(serializeSvg(svg, window.XMLSerializer));
  const file = path.join(GOLDEN_DIR, `${name}.svg`);
  const changed = path.join(GOLDEN_DIR, `${name}-changed.svg`);
  mkdirSync(GOLDEN_DIR, { recursive: true });
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (!existsSync(file) && process.env.UPDATE_GOLDEN !== '1') {
      writeFileSync(changed, actual);
      return `golden ${name}.svg is missing; wrote ${name}-changed.svg (rerun with UPDATE_GOLDEN=1 to accept)`;
    }
    writeFileSync(file, actual);
    rmSync(changed, { force: true });
    return null;
  }
  if (readFileSync(file, 'utf8') === actual) {
    rmSync(changed, { force: true });
    return null;
  }
  writeFileSync(changed, actual);
  return `${name}.svg differs from the golden snapshot; see ${name}-changed.svg (UPDATE_GOLDEN=1 to accept)`;
}
