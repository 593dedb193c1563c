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

/** Problems with a report, in plain code (10,000 `expect`s are slow); empty when all is well. */
function errorsProblems(r: { ok: false; errors: { path: string; message: string }[] }): string[] {
  if (r.errors.length === 0 || r.errors.length > 50) return [`${r.errors.length} errors`];
  return r.errors.filter((e) => e.path.length === 0 || e.message.length >= 400).map((e) => `bad issue ${JSON.stringify(e).slice(0, 200)}`);
}

describe('run bundle fuzz', () => {
  it('10,000 mutated bundles: a bundle that validates again, or located problems', async () => {
    const base = (await sampleBundle(2, 2)) as unknown as Parameters<typeof mutateJson>[0];
    const text = JSON.stringify(base);
    const rnd = prng(7);
    let ok = 0;
    const broken: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      let input: unknown;
      if (i % 6 === 5) {
        const parsed = parseBundleText(mutateText(text, rnd, '{}[]",:0123456789abcdef \\u'));
        if (!parsed.ok) {
          broken.push(...errorsProblems(parsed));
          continue;
        }
        input = parsed.value;
      } else input = mutateJson(base, rnd);
      let r: ReturnType<typeof validateBundleShape>;
      try {
        r = validateBundleShape(input);
      } catch (e) {
        broken.push(`threw ${String(e)}`);
        continue;
      }
      if (r.ok) {
        ok++;
        // Through JSON again, as a re-exported file would travel (JSON has no -0).
        const again = validateBundleShape(JSON.parse(JSON.stringify(r.bundle)));
        if (!again.ok || JSON.stringify(again.bundle) !== JSON.stringify(r.bundle)) broken.push('a valid bundle did not validate again');
      } else broken.push(...errorsProblems(r));
    }
    expect(broken).toEqual([]);
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
        expect(errorsProblems(r)).toEqual([]);
        expect(await db.runs.count()).toBe(before);
        expect(await db.judgments.count()).toBe(judgmentsBefore);
      }
    }
    expect(imported).toBeGreaterThan(0);
  });
});
