/**
 * The worker side of the metrics: the expert table as a score table, the worker's handlers
 * (metricsService) and the page's client, with the rpc protocol running over a real
 * MessageChannel: the table travels once per dataset key, a crashed worker is replaced and gets
 * the table again, and after repeated crashes the same handlers run on the calling thread.
 */
import { describe, expect, it } from 'vitest';
import { computeReport, metricsService, toScoreTable, type CategoryEntry, type MetricsApi, type MetricsTask } from '../../../src/lib/metrics/index.ts';
import { MetricsWorkerClient, type WorkerLike } from '../../../src/lib/metrics/worker-client.ts';
import { serve } from '../../../src/lib/worker/rpc.ts';
import type { ExpertScore } from '../../../src/lib/data/types.ts';
import { A, B, INSTRUCTIONS, K, R01, R2, T } from './fixtures/small-run.ts';

const categories: CategoryEntry[] = [
  [A, R2, 'General'],
  [B, R2, 'Subjective'],
  [K, R01, 'Critical'],
  [T, R01, 'Task-specific'],
];

const experts: ExpertScore[] = [
  { prompt_id: 1, model_id: 'gpt4', criteria_name: A, rubrics: R2, criteria_score: 2 },
  { prompt_id: 1, model_id: 'gpt4', criteria_name: K, rubrics: R01, criteria_score: 0 },
  { prompt_id: 2, model_id: 'tpro', criteria_name: A, rubrics: R2, criteria_score: 0.5 },
  { prompt_id: 2, model_id: 'tpro', criteria_name: K, rubrics: R01, criteria_score: 0.5 },
  { prompt_id: 3, model_id: 'gpt4', criteria_name: B, rubrics: R2, criteria_score: 1.5 },
  { prompt_id: 3, model_id: 'tpro', criteria_name: B, rubrics: R2, criteria_score: 1 },
];

const settings = { gate: 'official' as const, resamples: 100, seed: 3 };
const task: MetricsTask = { type: 'report', input: { settings, instructions: INSTRUCTIONS, categories, run: null } };

describe('score table', () => {
  it('keeps rows in order with shared dictionaries', () => {
    const t = toScoreTable(experts);
    expect(t.systems).toEqual(['gpt4', 'tpro']);
    expect(t.criteria).toEqual([A, K, B]);
    expect(t.rubrics).toEqual([R2, R01]);
    expect([...t.promptId]).toEqual([1, 1, 2, 2, 3, 3]);
    expect([...t.system]).toEqual([0, 0, 1, 1, 0, 1]);
  });

  it('is refused when a code points past a dictionary or a column is short, naming the row', () => {
    const service = metricsService();
    const bad = toScoreTable(experts);
    bad.criterion[4] = 9;
    expect(() => service.experts({ key: 'k', table: bad })).toThrow(/row 4 has criterion #9 of 3/);
    const short = toScoreTable(experts);
    short.system = short.system.subarray(0, 2);
    expect(() => service.experts({ key: 'k', table: short })).toThrow(/system has 2 rows, expected 6/);
    expect(() => service.run({ task, expertsKey: 'k' })).toThrow(/no expert table "k"/);
  });
});

describe('metricsService', () => {
  it('runs a task against the stored table, and without one when the task names none', () => {
    const service = metricsService();
    service.experts({ key: 'ds', table: toScoreTable(experts) });
    const result = service.run({ task, expertsKey: 'ds' });
    expect(result).toEqual({ type: 'report', result: computeReport(task.input as Parameters<typeof computeReport>[0], toScoreTable(experts)) });
    expect(result.type === 'report' && result.result.systems.map((s) => s.id)).toEqual(['ref:gpt4', 'ref:tpro']);
    const alone = service.run({ task, expertsKey: null });
    expect(alone.type === 'report' && alone.result.systems).toEqual([]);
    expect(() => service.run({ task, expertsKey: 'other' })).toThrow(/no expert table "other"/);
  });
});

/** A worker double: the real handlers served over a MessageChannel, plus a way to crash it. */
function fakeWorkers() {
  const started: { calls: string[]; crash: (message: string) => void; terminated: boolean }[] = [];
  const start = (): WorkerLike => {
    const { port1, port2 } = new MessageChannel();
    const service = metricsService();
    const calls: string[] = [];
    const onError: ((e: ErrorEvent) => void)[] = [];
    serve<MetricsApi>(port2, {
      experts: (p) => {
        calls.push(`experts ${p.key}`);
        return service.experts(p);
      },
      run: (p) => {
        calls.push(`run ${p.task.type}`);
        return service.run(p);
      },
    }, { sequential: true });
    port2.start();
    const record = { calls, terminated: false, crash: (message: string) => onError.forEach((l) => l({ message, preventDefault() {} } as ErrorEvent)) };
    started.push(record);
    return {
      postMessage: (m: unknown, transfer?: Transferable[]) => port1.postMessage(m, transfer ?? []),
      addEventListener: ((type: string, listener: (ev: never) => void) => {
        if (type === 'error') onError.push(listener as (e: ErrorEvent) => void);
        else {
          port1.addEventListener('message', listener as (ev: MessageEvent) => void);
          port1.start();
        }
      }) as WorkerLike['addEventListener'],
      terminate: () => {
        record.terminated = true;
        port1.close();
      },
    };
  };
  return { start, started };
}

describe('MetricsWorkerClient', () => {
  const table = { key: 'ds\u00006', table: toScoreTable(experts) };

  it('sends the expert table once per key and reuses it', async () => {
    const { start, started } = fakeWorkers();
    const client = new MetricsWorkerClient(start);
    const first = await client.run(task, table);
    await client.run(task, table);
    expect(client.lastWhere).toBe('worker');
    expect(started[0].calls).toEqual(['experts ds\u00006', 'run report', 'run report']);
    expect(first.type === 'report' && first.result.systems.length).toBe(2);
    await client.run(task, { key: 'other\u00006', table: toScoreTable(experts) });
    expect(started[0].calls.at(-2)).toBe('experts other\u00006');
  });

  it('replaces a crashed worker, sends it the table again, then falls back to this thread', async () => {
    const { start, started } = fakeWorkers();
    const client = new MetricsWorkerClient(start);
    const expected = await client.run(task, table);
    for (let crash = 1; crash <= 4; crash++) {
      const current = started.at(-1);
      // A crash fails the call in flight with a message that says what to do.
      const pending = client.run(task, table);
      current?.crash('out of memory');
      await expect(pending).rejects.toThrow(/metrics worker stopped \(out of memory\); computing again/);
      expect(current?.terminated).toBe(true);
      if (crash <= 3) {
        expect(await client.run(task, table)).toEqual(expected);
        expect(started.at(-1)?.calls[0]).toBe('experts ds\u00006');
      }
    }
    const count = started.length;
    expect(await client.run(task, table)).toEqual(expected);
    expect(client.lastWhere).toBe('main');
    expect(started.length).toBe(count);
  });

  it('computes on this thread where no worker can be started', async () => {
    const client = new MetricsWorkerClient(() => null);
    const r = await client.run(task, table);
    expect(client.lastWhere).toBe('main');
    expect(r.type === 'report' && r.result.systems.map((s) => s.id)).toEqual(['ref:gpt4', 'ref:tpro']);
  });
});
