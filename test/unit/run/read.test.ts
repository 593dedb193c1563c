import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../support/scripted-engine.ts';
import {
  createMemoryLocks,
  createRun,
  deleteRun,
  listRuns,
  loadRunRows,
  renameRun,
  retryFailed,
  RunRunner,
  runProgress,
} from '../../../src/lib/run/index.ts';
import { freshDB, makeInput, makeInstructions } from './fixtures.ts';

describe('reading and managing runs', () => {
  it('lists, renames and deletes runs, keeping the judgment cache', async () => {
    const db = freshDB();
    const input = makeInput(makeInstructions(3, 2));
    const a = await createRun(db, input, 1000);
    const b = await createRun(db, { ...input, name: 'B' }, 2000);
    expect((await listRuns(db)).map((r) => r.id)).toEqual([b, a]);
    await renameRun(db, a, 'Переименован', 3000);
    expect((await listRuns(db))[0]).toMatchObject({ id: a, name: 'Переименован' });
    await new RunRunner({ db, runId: a, engineFactory: () => new ScriptedEngine({ scenario: 'valid' }), locks: createMemoryLocks() }).start();
    await deleteRun(db, a);
    expect((await listRuns(db)).map((r) => r.id)).toEqual([b]);
    expect(await db.jobs.where('runId').equals(a).count()).toBe(0);
    expect(await db.answers.where('runId').equals(a).count()).toBe(0);
    expect(await db.judgments.count()).toBe(6);
  });

  it('gives pending rows with no outcome and empty raw before judging', async () => {
    const db = freshDB();
    const runId = await createRun(db, makeInput(makeInstructions(2, 2)));
    const rows = await loadRunRows(db, runId);
    expect(rows.map((r) => r.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(rows.every((r) => r.outcome === null && r.raw === '' && r.prompt.includes('### Критерий оценки:'))).toBe(true);
    expect(await runProgress(db, runId)).toMatchObject({ state: 'idle', total: 4, pending: 4, done: 0 });
  });

  it('requeues failed jobs', async () => {
    const db = freshDB();
    const runId = await createRun(db, makeInput(makeInstructions(2, 2)));
    await new RunRunner({
      db,
      runId,
      engineFactory: () => new ScriptedEngine({ scenario: 'error' }),
      locks: createMemoryLocks(),
      maxTransientRetries: 0,
    }).start();
    expect((await runProgress(db, runId)).failed).toBe(4);
    expect(await retryFailed(db, runId)).toBe(4);
    expect((await db.runs.get(runId))?.status).toBe('paused');
    const final = await new RunRunner({ db, runId, engineFactory: () => new ScriptedEngine({ scenario: 'valid' }), locks: createMemoryLocks() }).start();
    expect(final).toMatchObject({ done: 4, failed: 0, state: 'done' });
  });
});
