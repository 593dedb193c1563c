import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ExpertScore } from '../../../src/lib/data/types.ts';
import { computeAgreement, pairStats, toScoreTable, type RunJudgment } from '../../../src/lib/metrics/index.ts';
import { getJudgeTypicalError, saveJudgeTypicalError } from '../../../src/lib/store/typical-error.ts';
import { mulberry32 } from '../../../src/lib/stats/index.ts';
import { exactMatch, mae, pearson, spearman } from '../../oracles/stats.ts';
import { openPolluxDB } from '../../../src/lib/store/db.ts';
import { A, B, INSTRUCTIONS, R2 } from './fixtures/small-run.ts';

const j = (prompt_id: number, criteria_name: string, score: number | null): RunJudgment => ({
  prompt_id,
  criteria_name,
  rubrics: R2,
  status: score === null ? 'unparsed' : 'done',
  outcome: score === null ? { kind: 'unparsed', reason: 'x' } : { kind: 'score', score, feedback: '' },
});
const ex = (prompt_id: number, criteria_name: string, criteria_score: number, model_id = 'gpt4'): ExpertScore => ({
  prompt_id,
  model_id,
  criteria_name,
  rubrics: R2,
  criteria_score,
});

describe('pairStats (counting ranks)', () => {
  it('equals the reference Spearman/Pearson/MAE/exact on random tied data, with repeated rows', () => {
    const rng = mulberry32(11);
    const n = 300;
    const x = Float64Array.from({ length: n }, () => Math.floor(rng() * 3));
    const y = Float64Array.from({ length: n }, () => Math.round(rng() * 4) / 2);
    const code = (v: Float64Array) => {
      const s = [...new Set(v)].sort((a, b) => a - b);
      return { code: Uint32Array.from(v, (t) => s.indexOf(t)), distinct: s.length };
    };
    const rows = Uint32Array.from({ length: 500 }, () => Math.floor(rng() * n));
    const xs = Array.from(rows, (r) => x[r]);
    const ys = Array.from(rows, (r) => y[r]);
    const [s, p, m, e] = pairStats(rows, x, y, code(x), code(y));
    expect(s).toBeCloseTo(spearman(xs, ys) ?? NaN, 12);
    expect(p).toBeCloseTo(pearson(xs, ys) ?? NaN, 12);
    expect(m).toBeCloseTo(mae(xs, ys) ?? NaN, 12);
    expect(e).toBeCloseTo(exactMatch(xs, ys) ?? NaN, 12);
  });
});

describe('computeAgreement', () => {
  const judgments = [j(1, A, 2), j(2, A, 1), j(6, A, 0), j(3, A, 1), j(3, B, 2), j(4, B, 1), j(5, B, null), j(9, A, 2)];
  const experts = [ex(1, A, 2), ex(2, A, 1.5), ex(6, A, 0), ex(3, A, 1), ex(3, B, 1), ex(4, B, 1), ex(1, A, 0, 'tpro')];
  const report = computeAgreement(judgments, toScoreTable(experts), 'gpt4', INSTRUCTIONS, [[A, R2, 'General'], [B, R2, 'Subjective']], { resamples: 200, seed: 1 });

  it('pairs judge and expert scores of the judged model and computes the paper metrics', () => {
    // pairs (judge, expert): (2,2) (1,1.5) (0,0) (1,1) (2,1) (1,1); prompt 9 has no expert row.
    expect(report.unmatched).toBe(1);
    const o = report.overall;
    expect(o?.n).toBe(6);
    expect(o?.mae).toBeCloseTo(1.5 / 6, 12);
    expect(o?.exact).toBeCloseTo(4 / 6, 12);
    expect(o?.spearman).toBeCloseTo(spearman([2, 1, 0, 1, 2, 1], [2, 1.5, 0, 1, 1, 1]) ?? NaN, 12);
    expect(o?.ci.mae && o.ci.mae.lo <= 0.25 && o.ci.mae.hi >= 0.25).toBe(true);
  });

  it('breaks down per criterion, category, task group and difficulty', () => {
    expect(report.by.criterion.map((s) => [s.key, s.n])).toEqual([
      [A, 4],
      [B, 2],
    ]);
    expect(report.by.category.map((s) => s.key)).toEqual(['General', 'Subjective']);
    // B has judge (2,1) vs expert (1,1): expert constant → Spearman undefined (null, not NaN).
    expect(report.by.criterion[1].spearman).toBeNull();
    expect(report.by.difficulty.map((s) => s.key)).toEqual(['Easy', 'Hard', 'Medium']);
    expect(report.typicalError[A]).toEqual({ mae: 0.5 / 4, n: 4 });
  });

  it('builds a confusion matrix on the expert score rounded to the nearest level', () => {
    const { levels, counts } = report.confusion;
    expect(levels).toEqual([0, 1, 2]);
    // expert 1.5 rounds to 2 → row 2, judge 1 → column 1
    expect(counts).toEqual([
      [1, 0, 0],
      [0, 2, 1],
      [0, 1, 1],
    ]);
    expect(report.points.reduce((s, p) => s + p.count, 0)).toBe(6);
  });
});

describe('typical error storage', () => {
  it('writes and reads judge-error:<judgeId> in the settings table, keeping older criteria', async () => {
    const db = openPolluxDB(`metrics-typical-${Math.random()}`);
    expect(await getJudgeTypicalError(db, 'judge-x')).toBeNull();
    await saveJudgeTypicalError(db, 'judge-x', { [A]: { mae: 0.4, n: 10 }, [B]: { mae: 0.2, n: 5 } });
    await saveJudgeTypicalError(db, 'judge-x', { [A]: { mae: 0.3, n: 12 } });
    expect(await getJudgeTypicalError(db, 'judge-x')).toEqual({ [A]: { mae: 0.3, n: 12 }, [B]: { mae: 0.2, n: 5 } });
    expect((await db.settings.get('judge-error:judge-x'))?.value).toBeTruthy();
    await db.settings.put({ key: 'judge-error:bad', value: { x: 'nope' } });
    expect(await getJudgeTypicalError(db, 'bad')).toBeNull();
  });
});
