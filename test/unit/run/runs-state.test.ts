import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../support/scripted-engine.ts';
import { EndpointNotConfirmedError, RunsState, finishedWithFailures } from '../../../src/state/runs.svelte.ts';
import type { StatusLine } from '../../../src/state/status.svelte.ts';
import { createMemoryLocks, createRun, exportRunBundle } from '../../../src/lib/run/index.ts';
import type { JudgeEngine } from '../../../src/lib/judge/engine.ts';
import type { PolluxDB } from '../../../src/lib/store/db.ts';
import { freshDB, makeInput, makeInstructions } from './fixtures.ts';

/** A status area that records its lines. */
function statusArea() {
  const lines = new Map<string, StatusLine>();
  return { lines, set: (id: string, l: StatusLine) => void lines.set(id, l), clear: (id: string) => void lines.delete(id) };
}

function state(db: PolluxDB, engineFor: () => JudgeEngine, status = statusArea()) {
  return new RunsState({ db: () => db, engineFor, locks: createMemoryLocks(), status, t: (k, p) => `${k}${p ? JSON.stringify(p) : ''}` });
}

describe('RunsState', () => {
  it('creates, runs, publishes progress and removes runs', async () => {
    const db = freshDB();
    const status = statusArea();
    const s = state(db, () => new ScriptedEngine({ scenario: 'valid' }), status);
    const runId = await s.create(makeInput(makeInstructions(3, 2)));
    expect(s.runs.map((r) => r.id)).toEqual([runId]);
    const final = await s.start(runId);
    expect(final).toMatchObject({ state: 'done', done: 6 });
    expect(s.active).toMatchObject({ runId, progress: { state: 'done', done: 6 } });
    expect(s.runs[0].status).toBe('done');
    const line = status.lines.get('run');
    expect(line).toMatchObject({ labelKey: 'run.status.label', tone: 'ok' });
    expect(line?.text()).toContain('6');
    await s.rename(runId, 'Новое имя');
    expect(s.runs[0].name).toBe('Новое имя');
    await s.remove(runId);
    expect(s.runs).toEqual([]);
    expect(s.active).toBeNull();
    expect(status.lines.has('run')).toBe(false);
  });

  it('resumes a run that was running when the page went away', async () => {
    const db = freshDB();
    const first = state(db, () => new ScriptedEngine({ scenario: 'valid' }));
    const runId = await first.create(makeInput(makeInstructions(2, 2)));
    await db.runs.update(runId, { status: 'running' });
    const engine = new ScriptedEngine({ scenario: 'valid' });
    const reloaded = state(db, () => engine);
    await reloaded.resumeInterrupted();
    for (let i = 0; i < 500 && reloaded.active?.progress.state !== 'done'; i++) await new Promise((r) => setTimeout(r, 5));
    expect(reloaded.active?.progress).toMatchObject({ state: 'done', done: 4 });
    expect(engine.calls).toHaveLength(4);
  });

  it('says a run that ended with failures did so, and "retry failed" judges them again', async () => {
    const db = freshDB();
    const status = statusArea();
    let engine: JudgeEngine = new ScriptedEngine({ scenario: 'error' });
    const s = new RunsState({ db: () => db, engineFor: () => engine, locks: createMemoryLocks(), status, t: (k) => k });
    const runId = await s.create(makeInput(makeInstructions(2, 2)));
    // The scripted server failure is transient: the runner backs off (real sleeps, 1 ms) then fails the jobs.
    const { RunRunner } = await import('../../../src/lib/run/index.ts');
    await new RunRunner({ db, runId, engineFactory: () => engine, locks: createMemoryLocks(), backoffMs: 1 }).start();
    await s.refresh();
    const stored = (await s.progressOf([runId]))[runId];
    expect(stored).toMatchObject({ state: 'done', failed: 4 });
    expect(finishedWithFailures(stored)).toBe(true);
    engine = new ScriptedEngine({ scenario: 'valid' });
    const after = await s.retryFailed(runId);
    expect(after).toMatchObject({ state: 'done', done: 4, failed: 0 });
    expect(finishedWithFailures(after!)).toBe(false);
    expect(await s.retryFailed(runId)).toBeNull();
  });

  it('a full disk while saving a run is a sentence saying what to do, not a dexie error', async () => {
    const db = freshDB();
    const s = state(db, () => new ScriptedEngine({ scenario: 'valid' }));
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    db.runs.hook('creating', () => {
      throw quota;
    });
    await expect(s.create(makeInput(makeInstructions(2, 2)))).rejects.toThrow(/storage for this site is full.*delete old runs/);
    expect(await db.jobs.count()).toBe(0);
  });

  it('never sends an imported run’s prompts to its endpoint before the user confirms it', async () => {
    const source = freshDB();
    const input = makeInput(makeInstructions(2, 1));
    input.settings = { ...input.settings, judge: { kind: 'openai', baseUrl: 'http://stranger.example/v1', model: 'm', outputFormat: 'tagged', polluxTrained: true, concurrency: 1 } };
    const bundle = JSON.parse(JSON.stringify(await exportRunBundle(source, await createRun(source, input)))) as unknown;
    const db = freshDB();
    const engine = new ScriptedEngine({ scenario: 'valid' });
    let asked = 0;
    const s = state(db, () => (asked++, engine));
    const imported = await s.importBundle(bundle, 'run.json');
    if (!imported.ok) throw new Error('import failed');
    expect(s.runs[0].imported).toMatchObject({ from: 'run.json' });
    await expect(s.start(imported.runId)).rejects.toBeInstanceOf(EndpointNotConfirmedError);
    await db.runs.update(imported.runId, { status: 'running' });
    await s.resumeInterrupted();
    expect(asked).toBe(0);
    await s.confirmEndpoint(imported.runId);
    expect(await s.start(imported.runId)).toMatchObject({ state: 'done', done: 2 });
    expect(asked).toBe(1);
  });
});
