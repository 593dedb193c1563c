import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../support/scripted-engine.ts';
import { RunsState } from '../../../src/state/runs.svelte.ts';
import { appStatus } from '../../../src/state/status.svelte.ts';
import { createMemoryLocks } from '../../../src/lib/run/index.ts';
import { freshDB, makeInput, makeInstructions } from './fixtures.ts';

describe('RunsState', () => {
  it('creates, runs, publishes progress and removes runs', async () => {
    const db = freshDB();
    const state = new RunsState({ db: () => db, engineFor: () => new ScriptedEngine({ scenario: 'valid' }), locks: createMemoryLocks() });
    const runId = await state.create(makeInput(makeInstructions(3, 2)));
    expect(state.runs.map((r) => r.id)).toEqual([runId]);
    const final = await state.start(runId);
    expect(final).toMatchObject({ state: 'done', done: 6 });
    expect(state.active).toMatchObject({ runId, progress: { state: 'done', done: 6 } });
    expect(state.runs[0].status).toBe('done');
    const line = appStatus.lines.find(([id]) => id === 'run')?.[1];
    expect(line).toMatchObject({ labelKey: 'run.status.label', tone: 'ok' });
    expect(line?.text()).toContain('6');
    await state.rename(runId, 'Новое имя');
    expect(state.runs[0].name).toBe('Новое имя');
    await state.remove(runId);
    expect(state.runs).toEqual([]);
    expect(state.active).toBeNull();
  });

  it('resumes a run that was running when the page went away', async () => {
    const db = freshDB();
    const first = new RunsState({ db: () => db, engineFor: () => new ScriptedEngine({ scenario: 'valid' }), locks: createMemoryLocks() });
    const runId = await first.create(makeInput(makeInstructions(2, 2)));
    await db.runs.update(runId, { status: 'running' });
    const engine = new ScriptedEngine({ scenario: 'valid' });
    const reloaded = new RunsState({ db: () => db, engineFor: () => engine, locks: createMemoryLocks() });
    await reloaded.resumeInterrupted();
    for (let i = 0; i < 500 && reloaded.active?.progress.state !== 'done'; i++) await new Promise((r) => setTimeout(r, 5));
    expect(reloaded.active?.progress).toMatchObject({ state: 'done', done: 4 });
    expect(engine.calls).toHaveLength(4);
  });
});
