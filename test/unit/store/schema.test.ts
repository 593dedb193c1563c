/**
 * Released schema versions of the app's database are frozen: browsers that opened the app keep
 * their data under them, and dexie upgrades from one declared version to the next. A change of
 * tables or indexes is a new `this.version(n + 1).stores({...})` in src/lib/store/db.ts with only
 * the changed tables; when it ships, pin it here too.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPolluxDB } from '../../../src/lib/store/db.ts';

const RELEASED: Record<number, Record<string, string>> = {
  1: {
    datasets: 'key, updatedAt',
    chunks: '[datasetKey+file+rowGroup], datasetKey, [datasetKey+kind]',
    details: '[datasetKey+prompt_id], datasetKey',
    taxonomy: 'key',
    runs: 'id, updatedAt',
    answers: '[runId+prompt_id], runId',
    jobs: '[runId+jobId], runId, [runId+status], [runId+order], [runId+status+order], cacheKey',
    judgments: 'cacheKey, createdAt',
    drafts: 'key',
    settings: 'key',
  },
  2: {
    jobs: '[runId+jobId], runId, [runId+status], [runId+order]',
  },
};

/** `this.version(n).stores({ … })` blocks of db.ts, as plain objects. */
function declaredVersions(): Map<number, Record<string, string>> {
  const src = readFileSync(new URL('../../../src/lib/store/db.ts', import.meta.url), 'utf8');
  const out = new Map<number, Record<string, string>>();
  for (const m of src.matchAll(/this\.version\((\d+)\)\.stores\(\{([\s\S]*?)\}\)/g)) {
    const tables: Record<string, string> = {};
    for (const t of m[2].matchAll(/(\w+):\s*'([^']*)'/g)) tables[t[1]] = t[2];
    out.set(Number(m[1]), tables);
  }
  return out;
}

describe('database schema', () => {
  it('released versions are unchanged', () => {
    const declared = declaredVersions();
    for (const [v, tables] of Object.entries(RELEASED)) expect(declared.get(Number(v)), `version ${v}`).toEqual(tables);
  });

  it('the versions declared are the ones dexie opens with', async () => {
    const db = openPolluxDB(`schema-test-${Date.now()}`);
    await db.open();
    expect(db.verno).toBe(Math.max(...declaredVersions().keys()));
    expect(db.tables.map((t) => t.name)).toEqual(expect.arrayContaining(Object.keys(RELEASED[1])));
    db.close();
  });
});
