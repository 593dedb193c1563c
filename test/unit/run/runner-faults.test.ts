/**
 * The runner against what real judges and real machines do: outputs cut by the window, prompts
 * that cannot fit, retries that must be different work, a GPU that is lost or hangs (web-llm's
 * own error strings, through the scripted engine), the run's data deleted under it.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ScriptedEngine, type ScriptedEngineOptions } from '../../support/scripted-engine.ts';
import { identicalRepeats } from '../../support/identical-work.ts';
import type { GenerateOptions, GenerateRequest, GenerateResult, JudgeEngine } from '../../../src/lib/judge/engine.ts';
import { mapWebLLMError } from '../../../src/lib/judge/webllm/errors-map.ts';
import { createMemoryLocks, createRun, loadRunRows, RunRunner, type RunProgress } from '../../../src/lib/run/index.ts';
import type { PolluxDB } from '../../../src/lib/store/db.ts';
import { freshDB, makeInput, makeInstructions, makeSettings } from './fixtures.ts';

const noSleep = async () => undefined;
const scripted = (o: ScriptedEngineOptions) => new ScriptedEngine(o);

function runner(db: PolluxDB, runId: string, factory: () => JudgeEngine, extra: Partial<ConstructorParameters<typeof RunRunner>[0]> = {}) {
  return new RunRunner({ db, runId, engineFactory: factory, sleep: noSleep, locks: createMemoryLocks(), ...extra });
}

async function setup(n = 4, criteria = 2, settingsOver = {}) {
  const db = freshDB();
  const input = makeInput(makeInstructions(n, criteria), { settings: makeSettings(settingsOver) });
  const runId = await createRun(db, input);
  return { db, input, runId, total: n * criteria };
}

describe('retries are different work', () => {
  it('a greedy judge that cannot format an input succeeds on the grammar-constrained retry, recorded as such', async () => {
    const { db, runId, total } = await setup();
    const engine = scripted({ scenario: 'greedy' });
    const final = await runner(db, runId, () => engine).start();
    expect(final).toMatchObject({ state: 'done', done: total, unparsed: 0 });
    expect(engine.calls).toHaveLength(2 * total);
    expect(identicalRepeats(engine.calls)).toBe(0);
    // First attempts decode freely, as POLLUX runs its judges; retries carry the rubric's grammar.
    const first = engine.calls.filter((c) => c.constraint === undefined);
    const retries = engine.calls.filter((c) => c.constraint !== undefined);
    expect(first).toHaveLength(total);
    expect(retries.every((c) => c.constraint?.kind === 'grammar' && c.constraint.ebnf.includes('"[RESULT]"'))).toBe(true);
    const rows = await loadRunRows(db, runId);
    expect(rows.every((r) => r.mode === 'grammar' && r.outcome?.kind === 'score')).toBe(true);
  });

  it('without a constraint to offer, a retry samples hotter; "constrain every attempt" constrains the first', async () => {
    const a = await setup();
    const hot = scripted({ scenario: 'greedy', constraints: [] });
    await runner(a.db, a.runId, () => hot).start();
    expect(hot.calls.filter((c) => c.sampling.temperature === 0.7)).toHaveLength(a.total);
    expect((await loadRunRows(a.db, a.runId)).every((r) => r.mode === 'temperature')).toBe(true);

    const b = await setup(4, 2, { constrainAll: true });
    const all = scripted({ scenario: 'greedy' });
    const final = await runner(b.db, b.runId, () => all).start();
    expect(final.done).toBe(b.total);
    expect(all.calls).toHaveLength(b.total);
    expect(all.calls.every((c) => c.constraint?.kind === 'grammar')).toBe(true);
  });
});

describe('cut outputs and prompts that cannot fit', () => {
  it('a length finish is truncated, never a score and never a cache hit; its retry is constrained', async () => {
    const { db, runId, total } = await setup(2, 2, { sampling: { temperature: 0, top_p: 1, max_tokens: 4, seed: 42 } });
    const engine = scripted({ scenario: 'valid' });
    const final = await runner(db, runId, () => engine).start();
    expect(final).toMatchObject({ state: 'done', done: 0, unparsed: total, truncated: total });
    expect(engine.calls[0].constraint).toBeUndefined();
    expect(engine.calls.slice(1).some((c) => c.constraint?.kind === 'grammar')).toBe(true);
    expect(identicalRepeats(engine.calls)).toBe(0);
    const rows = await loadRunRows(db, runId);
    expect(rows.every((r) => r.outcome?.kind === 'truncated' && r.status === 'unparsed')).toBe(true);
    // The cut texts are kept, marked, and a second run asks again rather than settling from them.
    expect((await db.judgments.toArray()).every((j) => j.finish === 'length')).toBe(true);
    const again = await createRun(db, makeInput(makeInstructions(2, 2), { settings: makeSettings({ sampling: { temperature: 0, top_p: 1, max_tokens: 4, seed: 42 } }) }));
    const e2 = scripted({ scenario: 'valid' });
    const second = await runner(db, again, () => e2).start();
    expect(second.done).toBe(0);
  });

  it('a stream that ends without a finish reason is truncated, and the retry completes it', async () => {
    const { db, runId, total } = await setup(2, 2);
    const engine = scripted({ scenario: 'cut' });
    const final = await runner(db, runId, () => engine).start();
    expect(final).toMatchObject({ done: total, truncated: 0 });
    expect(engine.calls).toHaveLength(2 * total);
    const cut = (await db.judgments.toArray()).filter((j) => j.finish === 'no-finish');
    expect(cut).toHaveLength(total);
  });

  it('a prompt that cannot fit the context is too-long before any engine call, and retrying failed jobs leaves it', async () => {
    const db = freshDB();
    const input = makeInput(makeInstructions(3, 2));
    input.answers[0] = { ...input.answers[0], answer: 'Очень длинный ответ. '.repeat(800) };
    const runId = await createRun(db, input);
    const engine = scripted({ scenario: 'valid', contextWindow: 4096 });
    const final = await runner(db, runId, () => engine).start();
    expect(final).toMatchObject({ state: 'done', done: 4, failed: 2, tooLong: 2 });
    expect(engine.calls).toHaveLength(4);
    const rows = await loadRunRows(db, runId);
    const long = rows.filter((r) => r.outcome?.kind === 'too-long');
    expect(long).toHaveLength(2);
    expect(long[0].outcome?.kind === 'too-long' && long[0].outcome.message).toMatch(/4096-token context.*Models page/);
    const { retryFailed } = await import('../../../src/lib/run/index.ts');
    expect(await retryFailed(db, runId)).toBe(0);
  });

  it('an endpoint refusing the prompt as too long settles it as too-long, not retried', async () => {
    const { db, runId, total } = await setup(2, 1);
    const refusing: JudgeEngine = {
      info: { kind: 'scripted', modelId: 'm', weightsRevision: 'r', label: 'm', polluxTrained: true, outputFormat: 'tagged' },
      maxConcurrency: 1,
      load: async () => undefined,
      unload: async () => undefined,
      generate: async () => {
        throw mapWebLLMError('ContextWindowSizeExceededError: Prompt tokens exceed context window size');
      },
    };
    const final = await runner(db, runId, () => refusing).start();
    expect(final).toMatchObject({ failed: total, tooLong: total, state: 'done' });
  });
});

/** An engine that fails as web-llm does after a device loss, then needs a reload. */
class LostDevice implements JudgeEngine {
  readonly inner = new ScriptedEngine({ scenario: 'valid' });
  loads = 0;
  #failures: string[];
  constructor(failures: string[]) {
    this.#failures = [...failures];
  }
  get info() {
    return this.inner.info;
  }
  get maxConcurrency() {
    return 1;
  }
  async load() {
    this.loads++;
  }
  async unload() {}
  async generate(req: GenerateRequest, opts?: GenerateOptions): Promise<GenerateResult> {
    const next = this.#failures.shift();
    if (next !== undefined) throw mapWebLLMError(next);
    return this.inner.generate(req, opts);
  }
}

describe('lost devices and hangs', () => {
  it('web-llm’s ModelNotLoadedError and "Device is lost" rebuild the engine and judging carries on', async () => {
    const { db, runId, total } = await setup(2, 2);
    const engines: LostDevice[] = [];
    const failures = [
      'ModelNotLoadedError: Model not loaded before trying to complete ChatCompletionRequest.',
      "OperationError: Failed to execute 'mapAsync' on 'GPUBuffer': Device is lost",
    ];
    const final = await runner(db, runId, () => {
      const e = new LostDevice(engines.length === 0 ? failures.slice(0, 1) : engines.length === 1 ? failures.slice(1) : []);
      engines.push(e);
      return e;
    }).start();
    expect(final).toMatchObject({ state: 'done', done: total, failed: 0 });
    expect(engines).toHaveLength(3);
    expect(await db.judgments.count()).toBe(total);
  });

  it('a generation that produces no token is detected as a hang: the engine is rebuilt and the judgment retried', async () => {
    const { db, runId, total } = await setup(2, 2);
    const engine = scripted({ scenario: 'hang-once' });
    let built = 0;
    const messages: string[] = [];
    const final = await runner(db, runId, () => (built++, engine), {
      stallMs: 20,
      onProgress: (p: RunProgress) => {
        if (p.message) messages.push(p.message);
      },
    }).start();
    expect(final).toMatchObject({ state: 'done', done: total });
    expect(built).toBe(2);
    expect(engine.unloads).toBe(1);
    expect(messages.some((m) => /no token for/.test(m))).toBe(true);
  });
});

describe('storage under the run', () => {
  it('site data cleared mid-run: the run stops with an error, never "Finished", and no orphan is written', async () => {
    const { db, runId } = await setup(6, 2);
    const engine = scripted({ scenario: 'slow', tokenDelayMs: 2 });
    const r = runner(db, runId, () => engine);
    const started = r.start();
    while (r.progress.done < 2) await new Promise((res) => setTimeout(res, 2));
    // What clearing site data leaves: the run, its answers and jobs gone.
    await db.transaction('rw', db.runs, db.jobs, db.answers, db.judgments, async () => {
      await db.runs.clear();
      await db.jobs.clear();
      await db.answers.clear();
      await db.judgments.clear();
    });
    const final = await started;
    expect(final.state).toBe('error');
    expect(final.message).toMatch(/deleted|no longer stored/);
    expect(await db.jobs.count()).toBe(0);
    expect(await db.judgments.count()).toBe(0);
  });
});
