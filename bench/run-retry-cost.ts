/**
 * What a retry costs, before and after retries became different work.
 *
 * The engine is the scripted 'greedy' judge: on every input, free decoding at temperature 0 gives
 * an unparsable text (like a real judge that cannot format one answer: at temperature 0 it is
 * greedy and ignores the seed), while a constrained request or a hotter sample gives a valid one.
 * So each judgment returns unparsable text once.
 *
 * - before: retries may only shift the seed (`retryModes: ['free']`, what the runner did before);
 *   each unparsable job is asked three times with identical work and ends unparsed.
 * - after: the default; the retry is grammar-constrained, so each job costs one extra call and
 *   ends scored.
 *
 * Printed per mode over REPEATS runs: engine calls (each one prefills the whole prompt), calls
 * that repeated an identical request (wasted prefills), prompt tokens prefilled, scored/unparsed,
 * and wall time min/median/max; then the ratios after/before measured in the same run.
 *
 *   npx vitest run --config bench/run-vitest.config.ts bench/run-retry-cost.ts
 */
import 'fake-indexeddb/auto';
import { expect, test } from 'vitest';
import { ScriptedEngine } from '../test/support/scripted-engine.ts';
import { identicalRepeats } from '../test/support/identical-work.ts';
import { createMemoryLocks, createRun, RunRunner } from '../src/lib/run/index.ts';
import { benchInput } from './run-bench-core.ts';
import type { AttemptMode } from '../src/lib/store/run-records.ts';
import { openPolluxDB } from '../src/lib/store/db.ts';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
interface Measure {
  calls: number;
  identical: number;
  promptTokens: number;
  scored: number;
  unparsed: number;
  ms: number;
}

async function measure(retryModes: readonly AttemptMode[] | undefined, seed: number): Promise<Measure> {
  const db = openPolluxDB(`retry-bench-${seed}-${retryModes ? 'before' : 'after'}-${Date.now()}`);
  const runId = await createRun(db, benchInput(20, 5, seed, 'scripted-greedy'));
  const engine = new ScriptedEngine({ scenario: 'greedy' });
  const t0 = performance.now();
  const final = await new RunRunner({ db, runId, engineFactory: () => engine, locks: createMemoryLocks(), retryModes }).start();
  const ms = performance.now() - t0;
  db.close();
  return {
    calls: engine.calls.length,
    identical: identicalRepeats(engine.calls),
    promptTokens: engine.calls.reduce((s, c) => s + Math.ceil(c.messages[0].content.length / 2.55), 0),
    scored: final.done,
    unparsed: final.unparsed,
    ms,
  };
}

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0].toFixed(0)} / median ${s[Math.floor(s.length / 2)].toFixed(0)} / max ${s[s.length - 1].toFixed(0)}`;
}

test('retry cost before and after (scripted judge that returns unparsable text once per judgment)', async () => {
  const before: Measure[] = [];
  const after: Measure[] = [];
  for (let r = 0; r < REPEATS; r++) {
    // Alternated in the same session, so both see the same machine load.
    before.push(await measure(['free'], 100 + r));
    after.push(await measure(undefined, 100 + r));
  }
  const line = (name: string, ms: Measure[]) =>
    console.log(
      `${name}: 100 judgments · engine calls ${stats(ms.map((m) => m.calls))} · identical repeats (wasted prefills) ${stats(ms.map((m) => m.identical))}` +
        ` · prompt tokens prefilled ${stats(ms.map((m) => m.promptTokens))} · scored ${ms[0].scored}, unparsed ${ms[0].unparsed} · wall ms ${stats(ms.map((m) => m.ms))}`,
    );
  line('before (seed-only retries)', before);
  line('after (constrained retry)  ', after);
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `ratio after/before: engine calls ${(med(after.map((m) => m.calls)) / med(before.map((m) => m.calls))).toFixed(2)}, ` +
      `prompt tokens prefilled ${(med(after.map((m) => m.promptTokens)) / med(before.map((m) => m.promptTokens))).toFixed(2)}, ` +
      `wall time ${(med(after.map((m) => m.ms)) / med(before.map((m) => m.ms))).toFixed(2)}`,
  );
  expect(after.every((m) => m.identical === 0)).toBe(true);
});
