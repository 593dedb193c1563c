import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ScriptedEngine, type ScriptedEngineOptions } from '../../support/scripted-engine.ts';
import type { GenerateOptions, GenerateRequest, GenerateResult, JudgeEngine } from '../../../src/lib/judge/engine.ts';
import {
  createMemoryLocks,
  createRun,
  runLockName,
  loadRunRows,
  RunRunner,
  runProgress,
  type RunLocks,
  type RunProgress,
} from '../../../src/lib/run/index.ts';
import type { PolluxDB } from '../../../src/lib/store/db.ts';
import { freshDB, makeInput, makeInstructions, makeSettings } from './fixtures.ts';

const noSleep = async () => undefined;

function runner(db: PolluxDB, runId: string, factory: () => JudgeEngine, extra: { locks?: RunLocks; onProgress?: (p: RunProgress) => void } = {}) {
  return new RunRunner({ db, runId, engineFactory: factory, sleep: noSleep, locks: extra.locks ?? createMemoryLocks(), onProgress: extra.onProgress });
}

async function setup(n = 6, criteria = 3, settingsOver = {}) {
  const db = freshDB();
  const input = makeInput(makeInstructions(n, criteria), { settings: makeSettings(settingsOver) });
  const runId = await createRun(db, input);
  return { db, input, runId, total: n * criteria };
}

async function jobsOf(db: PolluxDB, runId: string) {
  return db.jobs.where('runId').equals(runId).toArray();
}

function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (cond()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('waitFor timed out'));
      setTimeout(tick, 2);
    };
    tick();
  });
}

/** Counts calls in flight at once; optionally hangs forever (ignoring aborts) after `passThrough` calls, like a dead tab. */
class Probe implements JudgeEngine {
  inFlight = 0;
  maxInFlight = 0;
  calls = 0;
  constructor(
    readonly inner: ScriptedEngine,
    readonly passThrough = Infinity,
  ) {}
  get info() {
    return this.inner.info;
  }
  get maxConcurrency() {
    return this.inner.maxConcurrency;
  }
  load() {
    return this.inner.load();
  }
  unload() {
    return this.inner.unload();
  }
  async generate(req: GenerateRequest, opts?: GenerateOptions): Promise<GenerateResult> {
    this.calls++;
    if (this.calls > this.passThrough) return new Promise<GenerateResult>(() => undefined);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await this.inner.generate(req, opts);
    } finally {
      this.inFlight--;
    }
  }
}

const scripted = (o: ScriptedEngineOptions) => new ScriptedEngine(o);

describe('RunRunner', () => {
  it('judges every job once and finishes the run', async () => {
    const { db, runId, total } = await setup();
    const engine = scripted({ scenario: 'valid' });
    const final = await runner(db, runId, () => engine).start();
    expect(final).toMatchObject({ state: 'done', total, done: total, pending: 0, unparsed: 0, failed: 0, cached: 0 });
    expect(engine.calls).toHaveLength(total);
    expect(engine.calls.every((c) => c.messages.length === 1 && c.messages[0].role === 'user')).toBe(true);
    expect(await db.judgments.count()).toBe(total);
    expect((await db.runs.get(runId))?.status).toBe('done');
    const rows = await loadRunRows(db, runId);
    expect(rows).toHaveLength(total);
    expect(rows.every((r) => r.status === 'done' && r.outcome?.kind === 'score' && r.raw.includes('[END]'))).toBe(true);
    expect(rows[0].prompt).toContain('### Задание для оценки:');
    expect(await runProgress(db, runId)).toMatchObject({ state: 'done', done: total });
  });

  it('never re-judges cached work, across runs', async () => {
    const { db, input, runId, total } = await setup();
    await runner(db, runId, () => scripted({ scenario: 'valid' })).start();
    const second = await createRun(db, { ...input, name: 'again' });
    let built = 0;
    const final = await runner(db, second, () => {
      built++;
      return scripted({ scenario: 'valid' });
    }).start();
    expect(final).toMatchObject({ state: 'done', done: total, cached: total });
    // A fully cached run never even builds (or loads) the engine.
    expect(built).toBe(0);
    expect(await db.judgments.count()).toBe(total);
    // Other sampling is other work.
    const third = await createRun(db, { ...input, settings: makeSettings({ sampling: { temperature: 0, top_p: 1, max_tokens: 512, seed: 1 } }) });
    const e3 = scripted({ scenario: 'valid' });
    await runner(db, third, () => e3).start();
    expect(e3.calls).toHaveLength(total);
  });

  it('retries malformed output as different work (new seed, hotter), then keeps it as unparsed, never as a score', async () => {
    const { db, runId, total } = await setup(3, 2);
    // An engine with no constraint to offer: retries sample hotter.
    const engine = scripted({ scenario: 'malformed', constraints: [] });
    const final = await runner(db, runId, () => engine).start();
    expect(final).toMatchObject({ state: 'done', done: 0, unparsed: total });
    expect(engine.calls).toHaveLength(total * 3);
    expect(new Set(engine.calls.map((c) => c.sampling.seed))).toEqual(new Set([42, 43, 44]));
    expect(new Set(engine.calls.map((c) => `${c.sampling.seed}:${c.sampling.temperature}`))).toEqual(new Set(['42:0', '43:0.7', '44:0.7']));
    // Every attempt's raw text is kept under its own key.
    expect(await db.judgments.count()).toBe(total * 3);
    const rows = await loadRunRows(db, runId);
    for (const r of rows) {
      expect(r.status).toBe('unparsed');
      expect(r.outcome?.kind).toBe('unparsed');
      expect(r.raw).toContain('[RESULT]');
      expect(r.attempts).toBe(3);
    }
    // A second run replays all three attempts from the cache: no engine call at all.
    const again = scripted({ scenario: 'malformed', constraints: [] });
    const second = await createRun(db, makeInput(makeInstructions(3, 2)));
    await runner(db, second, () => again).start();
    expect(again.calls).toHaveLength(0);
  });

  it('succeeds on the retry of a flaky judge', async () => {
    const { db, runId, total } = await setup(4, 2);
    const engine = scripted({ scenario: 'flaky' });
    const final = await runner(db, runId, () => engine).start();
    expect(final).toMatchObject({ done: total, unparsed: 0 });
    const rows = await loadRunRows(db, runId);
    expect(rows.every((r) => r.attempts === 2 && r.outcome?.kind === 'score')).toBe(true);
    expect(await db.judgments.count()).toBe(total * 2);
  });

  it.each([1, 8])('rebuilds the engine after a lost device and loses or duplicates nothing (concurrency %i)', async (c) => {
    const { db, runId, total } = await setup(5, 3);
    const engine = scripted({ scenario: 'device-lost-once', maxConcurrency: c, tokenDelayMs: 1 });
    let built = 0;
    const final = await runner(db, runId, () => {
      built++;
      return engine;
    }).start();
    expect(final).toMatchObject({ state: 'done', done: total, failed: 0, unparsed: 0 });
    expect(built).toBe(2);
    expect(engine.unloads).toBe(1);
    expect(engine.loads).toBe(2);
    const jobs = await jobsOf(db, runId);
    expect(jobs).toHaveLength(total);
    expect(jobs.every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
    expect(await db.judgments.count()).toBe(total);
  });

  it('runs 8 at once with a slow engine and still judges each job exactly once', async () => {
    const { db, runId, total } = await setup(8, 4);
    const probe = new Probe(scripted({ scenario: 'slow', tokenDelayMs: 1, maxConcurrency: 8 }));
    const final = await runner(db, runId, () => probe).start();
    expect(final).toMatchObject({ state: 'done', done: total });
    expect(probe.maxInFlight).toBe(8);
    expect(probe.calls).toBe(total);
    const prompts = probe.inner.calls.map((c) => c.messages[0].content);
    expect(new Set(prompts).size).toBe(total);
    expect(await db.judgments.count()).toBe(total);
  });

  it('generates identical work in flight only once', async () => {
    const db = freshDB();
    const [a] = makeInstructions(1, 3);
    const twin = { ...a, prompt_id: 99 };
    const input = makeInput([a, twin]);
    input.answers = [{ prompt_id: a.prompt_id, answer: 'Тот же ответ.' }, { prompt_id: 99, answer: 'Тот же ответ.' }];
    const runId = await createRun(db, input);
    const engine = scripted({ scenario: 'slow', tokenDelayMs: 1, maxConcurrency: 8 });
    const final = await runner(db, runId, () => engine).start();
    expect(final.done).toBe(6);
    expect(engine.calls).toHaveLength(3);
  });

  it('pauses mid-flight, resumes and finishes without loss or duplicates', async () => {
    const { db, runId, total } = await setup(6, 3);
    const engine = scripted({ scenario: 'slow', tokenDelayMs: 2, maxConcurrency: 4 });
    const r = runner(db, runId, () => engine);
    const started = r.start();
    await waitFor(() => r.progress.done >= 4);
    await r.pause();
    const paused = await started;
    expect(paused.state).toBe('paused');
    expect(paused.done).toBeLessThan(total);
    const jobs = await jobsOf(db, runId);
    expect(jobs.some((j) => j.status === 'running')).toBe(false);
    expect(jobs.filter((j) => j.status === 'done')).toHaveLength(paused.done);
    expect((await db.runs.get(runId))?.status).toBe('paused');
    const final = await r.resume();
    expect(final).toMatchObject({ state: 'done', done: total });
    expect(await db.judgments.count()).toBe(total);
    expect(engine.loads).toBe(1);
  });

  it('cancels mid-flight and stays cancelled', async () => {
    const { db, runId, total } = await setup(6, 3);
    const engine = scripted({ scenario: 'slow', tokenDelayMs: 2, maxConcurrency: 2 });
    const r = runner(db, runId, () => engine);
    const started = r.start();
    await waitFor(() => r.progress.done >= 2);
    await r.cancel();
    expect((await started).state).toBe('cancelled');
    expect((await db.runs.get(runId))?.status).toBe('cancelled');
    const calls = engine.calls.length;
    const again = await r.start();
    expect(again.state).toBe('cancelled');
    expect(engine.calls.length).toBe(calls);
    const jobs = await jobsOf(db, runId);
    expect(jobs.some((j) => j.status === 'running')).toBe(false);
    expect(jobs.filter((j) => j.status === 'done').length).toBeLessThan(total);
  });

  it('resumes after a crash (a tab that died mid-run) without loss or duplicates', async () => {
    const { db, runId, total } = await setup(6, 3);
    // Tab A: judges 5 jobs, then its engine hangs forever with 3 jobs 'running' — then the tab "dies".
    const dying = new Probe(scripted({ scenario: 'valid', maxConcurrency: 3 }), 5);
    const a = runner(db, runId, () => dying);
    void a.start();
    await waitFor(() => dying.calls >= 8);
    await waitFor(() => a.progress.done === 5);
    let left = await jobsOf(db, runId);
    for (let i = 0; i < 100 && left.filter((j) => j.status === 'done').length < 5; i++) {
      await new Promise((r) => setTimeout(r, 5));
      left = await jobsOf(db, runId);
    }
    expect(left.filter((j) => j.status === 'done')).toHaveLength(5);
    expect(left.filter((j) => j.status === 'running')).toHaveLength(3);
    // Tab B after reload: the browser released A's lock (fresh lock manager), a new runner on the same DB.
    const engine = scripted({ scenario: 'valid' });
    const final = await runner(db, runId, () => engine, { locks: createMemoryLocks() }).start();
    expect(final).toMatchObject({ state: 'done', total, done: total });
    expect(engine.calls).toHaveLength(total - 5);
    const jobs = await jobsOf(db, runId);
    expect(jobs).toHaveLength(total);
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
    expect(await db.judgments.count()).toBe(total);
  });

  it('does not run a queue another tab holds: shows its stored progress, then how it ended (Web Lock guard)', async () => {
    const { db, runId, total } = await setup(4, 2);
    const locks = createMemoryLocks();
    const engine = scripted({ scenario: 'slow', tokenDelayMs: 1 });
    const a = runner(db, runId, () => engine, { locks });
    const running = a.start();
    await waitFor(() => a.progress.done >= 1);
    let built = 0;
    const seen: RunProgress[] = [];
    const b = runner(db, runId, () => {
      built++;
      return scripted({ scenario: 'valid' });
    }, { locks, onProgress: (p) => seen.push(p) });
    const waiting = b.start();
    await waitFor(() => seen.some((p) => p.state === 'locked-elsewhere'));
    // The stored counts, not "0 of 0".
    expect(seen.find((p) => p.state === 'locked-elsewhere')?.total).toBe(total);
    expect(built).toBe(0);
    expect((await db.runs.get(runId))?.status).toBe('running');
    expect((await running).done).toBe(total);
    // The first tab finished the run and let go: the second shows it done and never judged.
    expect((await waiting).state).toBe('done');
    expect(built).toBe(0);
  });

  it('takes a run over when the tab that held it goes away mid-run', async () => {
    const { db, runId, total } = await setup(3, 2);
    const locks = createMemoryLocks();
    // Another tab holds the lock with the run marked running, then closes.
    let closeOther = (): void => undefined;
    const other = locks.request(runLockName(runId), { wait: false }, () => new Promise<void>((r) => (closeOther = r)));
    await db.runs.update(runId, { status: 'running' });
    const seen: RunProgress[] = [];
    const engine = scripted({ scenario: 'valid' });
    const b = runner(db, runId, () => engine, { locks, onProgress: (p) => seen.push(p) });
    const taking = b.start();
    await waitFor(() => seen.some((p) => p.state === 'locked-elsewhere'));
    expect(engine.calls).toHaveLength(0);
    closeOther();
    await other;
    expect(await taking).toMatchObject({ state: 'done', done: total });
    expect(engine.calls).toHaveLength(total);
  });

  it('pauses the run with the message on a fatal engine error, losing no job', async () => {
    const { db, runId, total } = await setup(2, 2);
    const final = await runner(db, runId, () => scripted({ scenario: 'quota-exceeded' })).start();
    expect(final.state).toBe('error');
    expect(final.message).toMatch(/storage/i);
    expect(final.pending).toBe(total);
    const run = await db.runs.get(runId);
    expect(run?.status).toBe('paused');
    expect(run?.message).toMatch(/storage/i);
    expect((await runProgress(db, runId)).state).toBe('error');
    expect((await jobsOf(db, runId)).every((j) => j.status === 'pending')).toBe(true);
  });

  it('backs off on transient errors, then marks the job failed; errors are never cached', async () => {
    const { db, runId, total } = await setup(2, 2);
    const engine = scripted({ scenario: 'error' });
    const delays: number[] = [];
    const r = new RunRunner({
      db,
      runId,
      engineFactory: () => engine,
      locks: createMemoryLocks(),
      maxTransientRetries: 2,
      backoffMs: 10,
      sleep: async (ms) => void delays.push(ms),
    });
    const final = await r.start();
    expect(final).toMatchObject({ state: 'done', failed: total, done: 0 });
    expect(engine.calls).toHaveLength(total * 3);
    expect(delays.slice(0, 2)).toEqual([10, 20]);
    expect(await db.judgments.count()).toBe(0);
    const rows = await loadRunRows(db, runId);
    expect(rows.every((x) => x.status === 'failed' && x.outcome?.kind === 'error' && x.outcome.code === 'server')).toBe(true);
  });

  it('reports ETA and tokens/s while running', async () => {
    const { db, runId } = await setup(4, 3);
    const seen: RunProgress[] = [];
    const r = new RunRunner({
      db,
      runId,
      engineFactory: () => scripted({ scenario: 'slow', tokenDelayMs: 1 }),
      locks: createMemoryLocks(),
      progressIntervalMs: 0,
      onProgress: (p) => seen.push(p),
    });
    await r.start();
    const mid = seen.filter((p) => p.state === 'running' && p.done >= 3 && p.pending > 0);
    expect(mid.length).toBeGreaterThan(0);
    expect(mid.every((p) => p.etaS !== null && p.etaS > 0 && p.tokensPerS !== null && p.tokensPerS > 0)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ state: 'done', etaS: 0 });
  });
});
