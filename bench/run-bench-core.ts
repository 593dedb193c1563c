/**
 * The run pipeline benchmark, shared by the Node runner (run-pipeline.ts, fake-indexeddb) and
 * the Chromium runner (run-chromium.mjs, real IndexedDB). It measures the machinery, not a
 * model: the engine is the scripted one with zero latency.
 *
 * 1. Overhead per judgment: create a run and judge it end to end (queue, cache lookup, prompt,
 *    parse, transactional storage) — target < 2 ms.
 * 2. Replay: a second run over the same 10,000 judgments, all in the cache — target > 5,000/s.
 *    Reading those rows back for the Results page (loadRunRows) is timed too.
 * 3. Resume after reload: a 10,000-job queue with jobs left 'running' by a dead tab; time from
 *    a fresh runner's start() to its first engine call — target < 1 s.
 */
import { ScriptedEngine } from '../test/support/scripted-engine.ts';
import type { GenerateResult, JudgeEngine } from '../src/lib/judge/engine.ts';
import type { InstructionRow } from '../src/lib/pollux/types.ts';
import { createMemoryLocks, createRun, loadRunRows, RunRunner, type CreateRunInput } from '../src/lib/run/index.ts';
import type { PolluxDB } from '../src/lib/store/db.ts';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target: string;
  pass: boolean;
}

const RUBRIC = '0: Ответ не соответствует критерию.\n\n1: Ответ частично соответствует критерию.\n\n2: Ответ полностью соответствует критерию.';

/** `n` instructions × `criteria` criteria with prompt sizes like POLLUX's (a few KB each); `modelId` names the scripted judge. */
export function benchInput(n: number, criteria: number, seed: number, modelId = 'scripted-valid'): CreateRunInput {
  const filler = 'Текст задания с условиями и ограничениями. '.repeat(12);
  const instructions: InstructionRow[] = Array.from({ length: n }, (_, i) => ({
    prompt_id: i + 1,
    instruction: `Задание ${i + 1}. ${filler}`,
    reference_answer: i % 2 ? null : `Эталонный ответ ${i}. ${filler}`,
    meta: ['Creative Generation', 'QA', 'Technical Problems'][i % 3],
    task_type: ['A', 'B', 'C', 'D', 'E'][i % 5],
    difficulty: ['Easy', 'Medium', 'Hard'][i % 3],
    criteria: Array.from({ length: criteria }, (_, c) => ({ criteria_name: `Критерий ${c}`, rubrics: RUBRIC })),
  }));
  return {
    name: 'bench',
    settings: {
      judge: { kind: 'webllm', modelId, weightsRevision: 'bench', outputFormat: 'tagged', polluxTrained: true },
      sampling: { temperature: 0, top_p: 1, max_tokens: 1024, seed },
      maxParseRetries: 2,
      answersFrom: { kind: 'candidate', model: 'bench' },
      datasetKey: 'bench',
      orderSeed: 1,
    },
    instructions,
    answers: instructions.map((r) => ({ prompt_id: r.prompt_id, answer: `Ответ модели ${r.prompt_id} (${seed}). ${filler}` })),
    answerSource: 'import',
  };
}

function runner(db: PolluxDB, runId: string, engine: JudgeEngine): RunRunner {
  return new RunRunner({ db, runId, engineFactory: () => engine, locks: createMemoryLocks(), progressIntervalMs: 250 });
}

/** Resolves `onCall` at the first generate() and then never answers (stands in for a model still thinking). */
class FirstCallProbe extends ScriptedEngine {
  firstCallAt: number | null = null;
  override generate(): Promise<GenerateResult> {
    this.firstCallAt ??= performance.now();
    return new Promise<GenerateResult>(() => undefined);
  }
}

export async function runBench(openDB: (name: string) => PolluxDB, log: (line: string) => void, size = 10_000): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const report = (r: BenchResult) => {
    results.push(r);
    log(`${r.pass ? 'PASS' : 'MISS'}  ${r.name}: ${r.value.toFixed(r.unit === 'ms' ? 3 : 0)} ${r.unit} (target ${r.target})`);
  };
  const criteria = 10;
  const n = Math.round(size / criteria);

  // 1. Whole-pipeline overhead per judgment, with a zero-latency engine.
  {
    const db = openDB('bench-overhead');
    const inp = benchInput(Math.round(n / 5), criteria, 1);
    const t0 = performance.now();
    const runId = await createRun(db, inp);
    const t1 = performance.now();
    const engine = new ScriptedEngine({ scenario: 'valid' });
    const final = await runner(db, runId, engine).start();
    const t2 = performance.now();
    if (final.done !== final.total) throw new Error(`overhead run incomplete: ${final.done}/${final.total}`);
    log(`      (${final.total} judgments: create ${(t1 - t0).toFixed(0)} ms, judge ${(t2 - t1).toFixed(0)} ms)`);
    report({ name: 'overhead per judgment (create + judge)', value: (t2 - t0) / final.total, unit: 'ms', target: '< 2 ms', pass: (t2 - t0) / final.total < 2 });
    db.close();
  }

  // 2. Replay of a cached run.
  {
    const db = openDB('bench-replay');
    const inp = benchInput(n, criteria, 2);
    const warm = await createRun(db, inp);
    const t0 = performance.now();
    await runner(db, warm, new ScriptedEngine({ scenario: 'valid' })).start();
    log(`      (filled the cache with ${size} judgments in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    const replay = await createRun(db, inp);
    const engine = new ScriptedEngine({ scenario: 'valid' });
    const t1 = performance.now();
    const final = await runner(db, replay, engine).start();
    const t2 = performance.now();
    if (engine.calls.length !== 0 || final.cached !== size) throw new Error('replay was not served from the cache');
    report({ name: `replay of a cached ${size}-judgment run`, value: size / ((t2 - t1) / 1000), unit: 'judgments/s', target: '> 5000/s', pass: size / ((t2 - t1) / 1000) > 5000 });
    const t3 = performance.now();
    const rows = await loadRunRows(db, replay);
    const t4 = performance.now();
    if (rows.length !== size) throw new Error('loadRunRows lost rows');
    log(`      (loadRunRows of ${size} rows: ${(t4 - t3).toFixed(0)} ms)`);
    db.close();
  }

  // 3. Resume after reload.
  {
    const db = openDB('bench-resume');
    const runId = await createRun(db, benchInput(n, criteria, 3));
    // The dead tab left its in-flight jobs 'running'.
    const running = await db.jobs.where('runId').equals(runId).limit(8).primaryKeys();
    await db.jobs.bulkUpdate(running.map((key) => ({ key, changes: { status: 'running' } })));
    const engine = new FirstCallProbe({ scenario: 'valid' });
    const r = runner(db, runId, engine);
    const t0 = performance.now();
    const loop = r.start();
    while (engine.firstCallAt === null) await new Promise((res) => setTimeout(res, 1));
    const ms = engine.firstCallAt - t0;
    await r.pause();
    await loop;
    const stillRunning = await db.jobs.where('[runId+status]').equals([runId, 'running']).count();
    if (stillRunning !== 0) throw new Error('resume left running jobs');
    report({ name: `resume after reload of a ${size}-job queue (start → first judgment)`, value: ms, unit: 'ms', target: '< 1000 ms', pass: ms < 1000 });
    db.close();
  }
  return results;
}
