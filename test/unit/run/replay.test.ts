import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { ScriptedEngine } from '../../support/scripted-engine.ts';
import { createMemoryLocks, createRun, loadRunRows, readJudgments, RunRunner } from '../../../src/lib/run/index.ts';
import { openPolluxDB } from '../../../src/lib/store/db.ts';
import type { JobRecord, JudgmentRecord } from '../../../src/lib/store/run-records.ts';
import { freshDB, makeInput, makeInstructions } from './fixtures.ts';

function key(i: number): string {
  return i.toString(16).padStart(64, '0');
}

function judgment(i: number): JudgmentRecord {
  return { cacheKey: key(i), raw: `[FEEDBACK] ok ${i} [RESULT] 1 [END]`, createdAt: i };
}

describe('readJudgments', () => {
  it('reads a dense cache by ranges, with the same result as per-key gets', async () => {
    const db = freshDB();
    await db.judgments.bulkPut(Array.from({ length: 5000 }, (_, i) => judgment(i * 2)));
    // Mostly present keys, some missing (odd), some repeated, unsorted.
    const wanted = Array.from({ length: 4500 }, (_, i) => key((i * 7919) % 10_000)).concat([key(2), key(2), key(3)]);
    const bulkGet = vi.spyOn(db.judgments, 'bulkGet');
    const found = await readJudgments(db, wanted);
    expect(bulkGet).not.toHaveBeenCalled();
    const expected = await db.judgments.bulkGet(wanted);
    wanted.forEach((k, i) => expect(found.get(k)).toEqual(expected[i]));
    expect(found.size).toBe(new Set(expected.filter((r) => r).map((r) => r?.cacheKey)).size);
    expect(found.has(key(3))).toBe(false);
  });

  it('falls back to per-key gets when the wanted keys are a small part of their range', async () => {
    const db = freshDB();
    await db.judgments.bulkPut(Array.from({ length: 3000 }, (_, i) => judgment(i)));
    const wanted = [key(10), key(1500), key(2999), key(5000)];
    const bulkGet = vi.spyOn(db.judgments, 'bulkGet');
    const found = await readJudgments(db, wanted);
    expect(bulkGet).toHaveBeenCalledTimes(1);
    expect([...found.keys()].sort()).toEqual([key(10), key(1500), key(2999)]);
    expect(found.get(key(1500))).toEqual(judgment(1500));
  });

  it('returns nothing for no keys and for an empty cache', async () => {
    const db = freshDB();
    expect((await readJudgments(db, [])).size).toBe(0);
    expect((await readJudgments(db, [key(1), key(2)])).size).toBe(0);
  });
});

describe('replay past the first chunk', () => {
  it('settles cached jobs in bulk, judges only the rest, and leaves unparsable cached output to the retries', async () => {
    const db = freshDB();
    // Run A over instructions 1..40 with a judge whose first output per prompt is malformed: the
    // cache then holds an unparsable first attempt and a valid retry for each of its 120 jobs.
    const a = await createRun(db, makeInput(makeInstructions(40, 3)));
    const flaky = new ScriptedEngine({ scenario: 'flaky' });
    await new RunRunner({ db, runId: a, engineFactory: () => flaky, locks: createMemoryLocks() }).start();
    // Run C over instructions 47..90 with a valid judge (an even offset keeps makeInstructions' rows identical).
    const c = await createRun(db, makeInput(makeInstructions(44, 3, 47)));
    await new RunRunner({ db, runId: c, engineFactory: () => new ScriptedEngine({ scenario: 'valid' }), locks: createMemoryLocks() }).start();
    // Run B over instructions 1..90: 270 jobs, well past the cache pass's first chunk of 100.
    const b = await createRun(db, makeInput(makeInstructions(90, 3)));
    const engine = new ScriptedEngine({ scenario: 'valid' });
    const judgmentsBefore = await db.judgments.count();
    const final = await new RunRunner({ db, runId: b, engineFactory: () => engine, locks: createMemoryLocks() }).start();
    // Instructions 41..46 (18 jobs) are in no cache; 1..40 replay their retry; 47..90 their first attempt.
    expect(engine.calls).toHaveLength(18);
    expect(final).toMatchObject({ state: 'done', total: 270, done: 270, pending: 0, unparsed: 0, failed: 0, cached: 252 });
    expect(await db.judgments.count()).toBe(judgmentsBefore + 18);
    const jobs = await db.jobs.where('runId').equals(b).toArray();
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
    const retried = jobs.filter((j) => (j.prompt_id ?? 0) <= 40);
    expect(retried.every((j) => j.attempts === 2 && j.cached === true && j.resultKey !== j.cacheKey)).toBe(true);
    const fresh = jobs.filter((j) => (j.prompt_id ?? 0) > 40 && (j.prompt_id ?? 0) <= 46);
    expect(fresh.every((j) => j.attempts === 1 && j.cached !== true)).toBe(true);
    const rows = await loadRunRows(db, b);
    expect(rows).toHaveLength(270);
    expect(rows.every((r) => r.outcome?.kind === 'score' && r.raw.includes('[RESULT]'))).toBe(true);
  });
});

describe('schema version 2', () => {
  it('keeps the jobs of a version-1 database and drops only the two unused job indexes', async () => {
    const name = `pollux-test-upgrade-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({ jobs: '[runId+jobId], runId, [runId+status], [runId+order], [runId+status+order], cacheKey' });
    const job: JobRecord = { runId: 'r', jobId: '1|0', order: 0, status: 'pending', cacheKey: key(1), attempts: 0, updatedAt: 1 };
    await v1.table('jobs').add(job);
    v1.close();
    const db = openPolluxDB(name);
    expect(await db.jobs.where('[runId+status]').equals(['r', 'pending']).toArray()).toEqual([job]);
    expect(db.jobs.schema.indexes.map((i) => i.name).sort()).toEqual(['[runId+order]', '[runId+status]', 'runId']);
    db.close();
  });
});
