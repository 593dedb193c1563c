/** Browser entry of the markdown bench (driven by markdown-bench.mjs): the app's renderer, real DOM. */
import { createMarkdownRenderer, markdownToUnsanitizedHtml, RENDER_CAP } from '../src/lib/text/markdown.ts';
import { CASES } from './markdown-cases.ts';

interface Row {
  name: string;
  size: number;
  /** The app's default path (plain text above RENDER_CAP), ms. */
  defaults: number[];
  /** "Format it anyway": marked + sanitiser (piece by piece, within the forced budget) + insertion, ms. */
  forced: number[];
  /** marked alone on the whole text (no budget), and the forced render's insertion with layout, ms. */
  marked: number[];
  insert: number[];
  kind: string;
}

declare global {
  var runMarkdownBench: (sizes: number[], reps: number) => Promise<Row[]>;
}

const render = createMarkdownRenderer(window);

function timeInsert(text: string, force: boolean): { ms: number; insert: number; kind: string } {
  const host = document.getElementById('host') as HTMLElement;
  const t0 = performance.now();
  const r = render(text, { force });
  const t1 = performance.now();
  // As components/Markdown.svelte shows it: the markup, then what stayed plain.
  if (r.kind === 'html') {
    host.innerHTML = r.html;
    if (r.plainFrom !== undefined) host.append(text.slice(r.plainFrom));
  } else host.textContent = text;
  void host.offsetHeight; // layout, as the page would
  const t2 = performance.now();
  host.textContent = '';
  return { ms: t2 - t0, insert: t2 - t1, kind: r.kind === 'html' ? (r.plainFrom === undefined ? 'html' : `html to ${Math.round(r.plainFrom / 1024)} KB`) : r.reason };
}

function timeMarked(text: string): number {
  const t0 = performance.now();
  try {
    markdownToUnsanitizedHtml(text);
  } catch {
    // the renderer falls back to plain text; the time until the failure still counts
  }
  return performance.now() - t0;
}

globalThis.runMarkdownBench = async (sizes, reps) => {
  const rows: Row[] = [];
  for (const [name, make] of Object.entries(CASES)) {
    for (const size of sizes) {
      const text = make(size);
      const row: Row = { name, size, defaults: [], forced: [], marked: [], insert: [], kind: '' };
      const n = size > RENDER_CAP ? Math.max(1, Math.ceil(reps / 2)) : reps;
      for (let i = 0; i < n; i++) {
        row.defaults.push(timeInsert(text, false).ms);
        const f = timeInsert(text, true);
        row.forced.push(f.ms);
        row.insert.push(f.insert);
        row.marked.push(timeMarked(text));
        row.kind = f.kind;
        await new Promise((r) => setTimeout(r, 0));
      }
      rows.push(row);
      console.log(`${name} ${size} done`);
    }
  }
  return rows;
};
