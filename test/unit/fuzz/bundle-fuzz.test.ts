/**
 * Run bundles from strangers, 10,000 seeded variations of a valid bundle: the shape check never
 * throws and always ends in a bundle that passes it again, or located problems; 150 of them go
 * through the whole import (meaning checks and the transaction) into a fresh database, where a
 * refused file leaves nothing stored.
 */
import { describe, expect, it } from 'vitest';
import { importRunBundle } from '../../../src/lib/run/index.ts';
import { parseBundleText, validateBundleShape } from '../../../src/lib/run/bundle-validate.ts';
import type { BundleImportResult } from '../../../src/lib/run/types.ts';
import { freshDB } from '../run/fixtures.ts';
import { sampleBundle } from '../run/bundle-sample.ts';
import { mutateJson, mutateText, prng } from './mutate.ts';

function checkErrors(r: { ok: false; errors: { path: string; message: string }[] }): void {
  expect(r.errors.length).toBeGreaterThan(0);
  expect(r.errors.length).toBeLessThanOrEqual(50);
  for (const e of r.errors) {
    expect(e.path.length).toBeGreaterThan(0);
    expect(e.message.length).toBeLessThan(400);
  }
}

describe('run bundle fuzz', () => {
  it('10,000 mutated bundles: a bundle that validates again, or located problems', async () => {
    const base = (await sampleBundle(2, 2)) as unknown as Parameters<typeof mutateJson>[0];
    const text = JSON.stringify(base);
    const rnd = prng(7);
    let ok = 0;
    for (let i = 0; i < 10_000; i++) {
      let input: unknown;
      if (i % 6 === 5) {
        const parsed = parseBundleText(mutateText(text, rnd, '{}[]",:0123456789abcdef \\u'));
        if (!parsed.ok) {
          checkErrors(parsed);
          continue;
        }
        input = parsed.value;
      } else input = mutateJson(base, rnd);
      const r = validateBundleShape(input);
      if (r.ok) {
        ok++;
        // Through JSON again, as a re-exported file would travel (JSON has no -0).
        const again = validateBundleShape(JSON.parse(JSON.stringify(r.bundle)));
        expect(again.ok && JSON.stringify(again.bundle)).toBe(JSON.stringify(r.bundle));
      } else checkErrors(r);
    }
    expect(ok).toBeGreaterThan(0);
  });

  it('150 mutated bundles imported: a new run, or located problems and nothing stored', async () => {
    const base = (await sampleBundle()) as unknown as Parameters<typeof mutateJson>[0];
    const rnd = prng(11);
    const db = freshDB();
    let imported = 0;
    for (let i = 0; i < 150; i++) {
      const before = await db.runs.count();
      const judgmentsBefore = await db.judgments.count();
      const r: BundleImportResult = await importRunBundle(db, mutateJson(base, rnd));
      if (r.ok) {
        imported++;
        expect(await db.runs.get(r.runId)).toBeDefined();
      } else {
        checkErrors(r);
        expect(await db.runs.count()).toBe(before);
        expect(await db.judgments.count()).toBe(judgmentsBefore);
      }
    }
    expect(imported).toBeGreaterThan(0);
  });
});
