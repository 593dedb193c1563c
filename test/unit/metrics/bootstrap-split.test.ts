import { describe, expect, it } from 'vitest';
import {
  BootstrapHelper,
  runTask,
  runTaskAsync,
  splitFactoredBootstrap,
  toExpertColumns,
  type BootstrapWhere,
  type CategoryEntry,
  type HelperRequest,
  type HelperResponse,
  type InstructionFacets,
  type MetricsTask,
  type SliceRunner,
} from '../../../src/lib/metrics/index.ts';
import { factoredResampleStats, mulberry32, type BootstrapOptions, type FactoredSums } from '../../../src/lib/stats/index.ts';
import type { ExpertScore } from '../../../src/lib/data/types.ts';

const R2 = '0: плохо\n\n1: средне\n\n2: хорошо';
const R01 = '0: нет\n\n1: да';

/** A small expert table with several models, facets and categories (uneven coverage). */
function reportTask(resamples: number): MetricsTask {
  const rnd = mulberry32(5);
  const crits: [string, string, string][] = [
    ['Критичное нарушение формата', R01, 'Critical'],
    ['Грамотность', R2, 'General'],
    ['Ценность', R2, 'Subjective'],
  ];
  const instructions: InstructionFacets[] = [];
  const experts: ExpertScore[] = [];
  for (let p = 1; p <= 80; p++) {
    instructions.push({
      prompt_id: p,
      meta: ['QA', 'Creative'][p % 2],
      difficulty: ['Easy', 'Hard'][p % 3 === 0 ? 1 : 0],
      task_type: `T${p % 4}`,
      domain: 'Общее',
      criteria: crits.map(([criteria_name, rubrics]) => ({ criteria_name, rubrics })),
    });
    for (const model_id of ['a', 'b', 'c']) {
      for (const [criteria_name, rubrics] of crits) {
        if (rnd() < 0.1) continue;
        const criteria_score = rubrics === R01 ? (rnd() < 0.95 ? 0 : 1) : [0, 1, 2, 0.5, 4 / 3][Math.floor(rnd() * 5)];
        experts.push({ prompt_id: p, model_id, criteria_name, rubrics, criteria_score });
      }
    }
  }
  const categories: CategoryEntry[] = crits.map(([n, r, c]) => [n, r, c]);
  return { type: 'report', input: { settings: { gate: 'official', resamples, seed: 3 }, instructions, run: null, categories, experts: [], expertColumns: toExpertColumns(experts) } };
}

/** A helper that computes the slice itself, answering later (as a thread would). */
function computingHelper(): SliceRunner & { calls: number[][]; abandoned: number } {
  const h = {
    calls: [] as number[][],
    abandoned: 0,
    run(data: FactoredSums, options: BootstrapOptions, from: number, to: number) {
      h.calls.push([from, to]);
      // structuredClone: the helper works on a copy, as across postMessage.
      const copy = structuredClone(data);
      return new Promise<Float64Array>((resolve) => setTimeout(() => resolve(factoredResampleStats(copy, options, from, to)), 5));
    },
    abandon() {
      h.abandoned++;
    },
  };
  return h;
}

async function viaSplit(task: MetricsTask, helper: SliceRunner | null, wait = 1000) {
  let where: BootstrapWhere | null = null;
  const result = await runTaskAsync(task, async (data, options) => {
    const r = await splitFactoredBootstrap(data, options, helper, { minWaitMs: wait, waitFactor: 0 });
    where = r.where;
    return r.cis;
  });
  return { result, where };
}

describe('the reference bootstrap split across two threads', () => {
  it('gives exactly the single-threaded report, the helper computing resamples [R/2, R)', async () => {
    for (const resamples of [2, 3, 101, 200]) {
      const task = reportTask(resamples);
      const expected = JSON.stringify(runTask(task));
      expect(expected).toContain('"ci":{"lo":');
      const helper = computingHelper();
      const { result, where } = await viaSplit(task, helper);
      expect(where).toBe('split');
      expect(helper.calls).toEqual([[Math.floor(resamples / 2), resamples]]);
      expect(JSON.stringify(result)).toBe(expected);
    }
  });

  it('runs on one thread without a helper or with fewer than 2 resamples', async () => {
    for (const resamples of [0, 1, 50]) {
      const task = reportTask(resamples);
      const helper = resamples < 2 ? computingHelper() : null;
      const { result, where } = await viaSplit(task, helper);
      expect(where).toBe('single');
      if (helper) expect(helper.calls).toEqual([]);
      expect(JSON.stringify(result)).toBe(JSON.stringify(runTask(task)));
    }
  });

  it('computes the rest here when the helper stalls, fails or answers garbage, and abandons it', async () => {
    const task = reportTask(60);
    const expected = JSON.stringify(runTask(task));
    const stalled: SliceRunner & { abandoned: number } = { abandoned: 0, run: () => new Promise<Float64Array>(() => {}), abandon: () => stalled.abandoned++ };
    const failing: SliceRunner & { abandoned: number } = { abandoned: 0, run: () => Promise.reject(new Error('crashed')), abandon: () => failing.abandoned++ };
    const garbage: SliceRunner & { abandoned: number } = { abandoned: 0, run: () => Promise.resolve(new Float64Array(3)), abandon: () => garbage.abandoned++ };
    for (const helper of [stalled, failing, garbage]) {
      const { result, where } = await viaSplit(task, helper, 20);
      expect(where).toBe('fallback');
      expect(helper.abandoned).toBe(1);
      expect(JSON.stringify(result)).toBe(expected);
    }
  });
});

/** A fake port: records requests; the test answers or fails them. */
function fakePorts() {
  const opened: { requests: HelperRequest[]; closed: boolean; reply: (m: HelperResponse) => void; fail: (m: string) => void }[] = [];
  const open = (onMessage: (m: HelperResponse) => void, onFail: (m: string) => void) => {
    const port = { requests: [] as HelperRequest[], closed: false, reply: onMessage, fail: onFail };
    opened.push(port);
    return { post: (m: HelperRequest) => void port.requests.push(m), close: () => void (port.closed = true) };
  };
  return { opened, open };
}

describe('BootstrapHelper', () => {
  const data: FactoredSums = {
    clusters: 1,
    systems: 1,
    groups: 1,
    itemStart: Int32Array.from([0, 1]),
    targetStart: Int32Array.from([0, 1]),
    target: Int32Array.from([0]),
    sum: Float64Array.from([1]),
    count: Float64Array.from([1]),
  };

  it('answers requests by id; a failed port rejects what is in flight and the next request opens a fresh one', async () => {
    const { opened, open } = fakePorts();
    const helper = new BootstrapHelper(open);
    const a = helper.run(data, { resamples: 4 }, 2, 4);
    const b = helper.run(data, { resamples: 4 }, 2, 4);
    expect(opened).toHaveLength(1);
    const [ra, rb] = opened[0].requests;
    opened[0].reply({ id: rb.id, kind: 'stats', stats: Float64Array.from([7, 8]) });
    await expect(b).resolves.toEqual(Float64Array.from([7, 8]));
    opened[0].fail('boom');
    await expect(a).rejects.toThrow('boom');
    expect(opened[0].closed).toBe(true);
    // A late reply from the closed port is ignored; a new request gets a new port.
    opened[0].reply({ id: ra.id, kind: 'stats', stats: new Float64Array(2) });
    const c = helper.run(data, { resamples: 4 }, 2, 4);
    expect(opened).toHaveLength(2);
    opened[1].reply({ id: opened[1].requests[0].id, kind: 'error', message: 'bad slice' });
    await expect(c).rejects.toThrow('bad slice');
  });

  it('turns itself off after repeated failures, or when no port can be opened', () => {
    const { opened, open } = fakePorts();
    const helper = new BootstrapHelper(open);
    for (let i = 0; i < 3; i++) {
      expect(helper.available).toBe(true);
      void helper.run(data, { resamples: 4 }, 2, 4)?.catch(() => {});
      helper.abandon();
    }
    expect(opened).toHaveLength(3);
    expect(helper.available).toBe(false);
    expect(helper.run(data, { resamples: 4 }, 2, 4)).toBeNull();
    const none = new BootstrapHelper(() => null);
    expect(none.run(data, { resamples: 4 }, 2, 4)).toBeNull();
    expect(none.available).toBe(false);
    const throwing = new BootstrapHelper(() => {
      throw new Error('no nested workers');
    });
    expect(throwing.run(data, { resamples: 4 }, 2, 4)).toBeNull();
  });
});
