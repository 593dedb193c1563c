/**
 * The metrics' outputs pinned as golden files (test/golden/metrics/*.json): whole reports,
 * comparisons and agreement reports on randomised fixtures, every number as its shortest
 * round-trip decimal (so a golden pins each float bit for bit). They were written by the
 * implementation that metrics.csv, the report tests and the bench checked against metrics.py;
 * any change to a number, a key order or an interval shows up here. UPDATE_GOLDEN=1 rewrites
 * them — only for a deliberate change, explained in the commit.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { metricsService, toScoreTable, type MetricsTask } from '../../../src/lib/metrics/index.ts';
import type { ExpertScore } from '../../../src/lib/data/types.ts';
import { fixture, mixedRun, run } from './fixtures/random-table.ts';

const DIR = path.resolve(process.cwd(), 'test/golden/metrics');

/** What the metrics worker does with a task once its expert table is stored. */
function compute(task: MetricsTask, experts: ExpertScore[]): unknown {
  const service = metricsService();
  service.experts({ key: 'golden', table: structuredClone(toScoreTable(experts)) });
  return service.run({ task, expertsKey: 'golden' }).result;
}

function checkGolden(name: string, value: unknown): void {
  const file = path.join(DIR, `${name}.json`);
  // One top-level entry per line: a change points at the case that moved.
  const text = `{\n${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n}\n`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('metrics goldens', () => {
  for (const seed of [1, 2]) {
    const { instructions, categories, experts } = fixture(seed);
    const runs = { none: null, run: run(instructions, seed), mixed: mixedRun(instructions, seed) };

    it(`reports (seed ${seed})`, () => {
      const out: Record<string, unknown> = {};
      for (const gate of ['official', 'critical-only'] as const) {
        for (const [name, r] of Object.entries(runs)) {
          out[`${gate}/${name}`] = compute({ type: 'report', input: { settings: { gate, resamples: 200, seed: 7 }, instructions, categories, run: r } }, experts);
        }
      }
      checkGolden(`reports-${seed}`, out);
    });

    it(`comparisons and agreement (seed ${seed})`, () => {
      const out: Record<string, unknown> = {};
      const side = (r: { id: string; label: string; judgments: NonNullable<typeof runs.run>['judgments'] }) => ({ kind: 'run' as const, ...r });
      for (const gate of ['official', 'critical-only'] as const) {
        const settings = { gate, resamples: 200, seed: 3 };
        const pairs = {
          'run-vs-mixed': [side(runs.run), side(runs.mixed)],
          'run-vs-gpt': [side(runs.run), { kind: 'reference' as const, modelId: 'gpt' }],
          'mixed-vs-m2': [side(runs.mixed), { kind: 'reference' as const, modelId: 'm2' }],
          'gpt-vs-a-model': [{ kind: 'reference' as const, modelId: 'gpt' }, { kind: 'reference' as const, modelId: 'a-model' }],
        } as const;
        for (const [name, [a, b]] of Object.entries(pairs)) {
          out[`compare/${gate}/${name}`] = compute({ type: 'compare', input: { settings, instructions, categories, a, b } }, experts);
        }
      }
      const settings = { gate: 'official' as const, resamples: 200, seed: 5 };
      for (const [name, r, model] of [['run', runs.run, 'gpt'], ['mixed', runs.mixed, 'm2']] as const) {
        out[`agreement/${name}-${model}`] = compute({ type: 'agreement', input: { settings, instructions, categories, judgments: r.judgments, modelId: model } }, experts);
      }
      checkGolden(`compare-agreement-${seed}`, out);
    });
  }
});
