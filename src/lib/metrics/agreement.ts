/**
 * Judge against experts, as the POLLUX paper reports it: Spearman ρ, Pearson r, MAE and the
 * exact-match rate between the judge's raw score and the experts' criteria_score for the same
 * (instruction, reference model, criterion), overall and per criterion, category, task group and
 * difficulty, each with a cluster-bootstrap interval (instructions resampled). Raw scores, not
 * normalised, so MAE is in rubric points like the paper's 0.48.
 */
import type { Rubrics } from '../pollux/types.ts';
import { forEachResample, percentileInterval, type Interval } from '../stats/index.ts';
import { categoryLookup, type CategoryEntry } from './report.ts';
import { rubricText, type ScoreTable } from './table.ts';
import type { InstructionFacets, RunJudgment } from './types.ts';

export type AgreementDimension = 'criterion' | 'category' | 'task_type' | 'difficulty';
export const AGREEMENT_DIMENSIONS: readonly AgreementDimension[] = ['criterion', 'category', 'task_type', 'difficulty'];

export interface AgreementStats {
  key: string;
  n: number;
  instructions: number;
  spearman: number | null;
  pearson: number | null;
  mae: number | null;
  exact: number | null;
  ci: { spearman: Interval | null; pearson: Interval | null; mae: Interval | null; exact: Interval | null };
}

export interface AgreementPair {
  prompt_id: number;
  criteria_name: string;
  judge: number;
  expert: number;
}

export interface AgreementReport {
  modelId: string;
  /** Judge scores with no expert score to compare with (other model, missing row). */
  unmatched: number;
  overall: AgreementStats | null;
  by: Record<AgreementDimension, AgreementStats[]>;
  /** Rows = expert score rounded to the nearest level, columns = judge score. */
  confusion: { levels: number[]; counts: number[][] };
  /** Distinct (expert, judge) points with their counts, for the scatter. */
  points: { expert: number; judge: number; count: number }[];
  /** Per criterion name: the judge's MAE and sample size (stored as its typical error). */
  typicalError: Record<string, { mae: number; n: number }>;
}

/*
 * The four statistics in one pass over (possibly repeated) rows. Scores take few distinct
 * values, so ranks are computed by counting per distinct value (O(rows) per bootstrap resample
 * instead of a sort) — identical to scipy's average-rank Spearman.
 */

/** Each value's position among the sorted distinct values. */
interface Coded {
  code: Uint32Array;
  distinct: number;
}

/** Codes each value by its position among the sorted distinct values. */
function codes(values: Float64Array): Coded {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const pos = new Map(sorted.map((v, i) => [v, i]));
  return { code: Uint32Array.from(values, (v) => pos.get(v) ?? 0), distinct: sorted.length };
}

/** [spearman, pearson, mae, exact] of the selected rows (rows may repeat: bootstrap draws). */
export function pairStats(
  rows: ArrayLike<number>,
  x: Float64Array,
  y: Float64Array,
  cx: Coded,
  cy: Coded,
): [number | null, number | null, number | null, number | null] {
  const m = rows.length;
  if (m === 0) return [null, null, null, null];
  const countX = new Float64Array(cx.distinct);
  const countY = new Float64Array(cy.distinct);
  let absErr = 0;
  let hits = 0;
  for (let i = 0; i < m; i++) {
    const r = rows[i];
    countX[cx.code[r]]++;
    countY[cy.code[r]]++;
    const d = Math.abs(x[r] - y[r]);
    absErr += d;
    if (d <= 1e-9) hits++;
  }
  const rankOf = (counts: Float64Array) => {
    let cum = 0;
    for (let k = 0; k < counts.length; k++) {
      const c = counts[k];
      counts[k] = cum + (c + 1) / 2; // average rank of the tied block
      cum += c;
    }
    return counts;
  };
  const rx = rankOf(countX);
  const ry = rankOf(countY);
  const corr = (fx: (r: number) => number, fy: (r: number) => number): number | null => {
    if (m < 2) return null;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < m; i++) {
      sx += fx(rows[i]);
      sy += fy(rows[i]);
    }
    const mx = sx / m;
    const my = sy / m;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < m; i++) {
      const dx = fx(rows[i]) - mx;
      const dy = fy(rows[i]) - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    if (sxx === 0 || syy === 0) return null;
    return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
  };
  const spearman = corr((r) => rx[cx.code[r]], (r) => ry[cy.code[r]]);
  const pearson = corr((r) => x[r], (r) => y[r]);
  return [spearman, pearson, absErr / m, hits / m];
}

/** Pairs the run's scores with the experts' scores of the judged reference model. */
export function matchPairs(judgments: readonly RunJudgment[], experts: ScoreTable | null, modelId: string) {
  const byKey = new Map<string, number>();
  const byName = new Map<string, number | null>();
  const model = experts?.systems.indexOf(modelId) ?? -1;
  for (let i = 0; experts !== null && i < experts.promptId.length; i++) {
    if (experts.system[i] !== model) continue;
    const pid = experts.promptId[i];
    const name = experts.criteria[experts.criterion[i]];
    const score = experts.score[i];
    byKey.set(`${pid}\u0000${name}\u0000${rubricText(experts.rubrics[experts.rubric[i]])}`, score);
    // Names can repeat within an instruction only with different rubrics; then the name alone is ambiguous.
    const nk = `${pid}\u0000${name}`;
    byName.set(nk, byName.has(nk) ? null : score);
  }
  const pairs: AgreementPair[] = [];
  let unmatched = 0;
  for (const j of judgments) {
    if (j.outcome?.kind !== 'score') continue;
    const rubrics: Rubrics | null = j.rubrics ?? null;
    const expert =
      byKey.get(`${j.prompt_id}\u0000${j.criteria_name}\u0000${rubricText(rubrics)}`) ?? byName.get(`${j.prompt_id}\u0000${j.criteria_name}`) ?? null;
    if (expert === null) {
      unmatched++;
      continue;
    }
    pairs.push({ prompt_id: j.prompt_id, criteria_name: j.criteria_name, judge: j.outcome.score, expert });
  }
  return { pairs, unmatched };
}

interface AgreementOptions {
  resamples: number;
  seed: number;
}

function statsFor(
  key: string,
  rows: Uint32Array,
  cluster: Uint32Array,
  x: Float64Array,
  y: Float64Array,
  cx: Coded,
  cy: Coded,
  options: AgreementOptions,
): AgreementStats {
  const [spearman, pearson, mae, exact] = pairStats(rows, x, y, cx, cy);
  // Cluster bootstrap: draw this group's instructions with replacement, take all their rows.
  const ids = new Map<number, number>();
  for (const r of rows) if (!ids.has(cluster[r])) ids.set(cluster[r], ids.size);
  const k = ids.size;
  const members: number[][] = Array.from({ length: k }, () => []);
  for (const r of rows) members[ids.get(cluster[r]) ?? 0].push(r);
  const samples = [0, 1, 2, 3].map(() => new Float64Array(options.resamples));
  let buffer = new Uint32Array(rows.length * 4);
  forEachResample(k, options, (weights, b) => {
    let m = 0;
    for (let c = 0; c < k; c++) {
      for (let w = 0; w < weights[c]; w++) {
        const list = members[c];
        if (m + list.length > buffer.length) {
          const grown = new Uint32Array(2 * (m + list.length));
          grown.set(buffer.subarray(0, m));
          buffer = grown;
        }
        for (const r of list) buffer[m++] = r;
      }
    }
    const s = pairStats(buffer.subarray(0, m), x, y, cx, cy);
    for (let q = 0; q < 4; q++) samples[q][b] = s[q] ?? NaN;
  });
  const iv = samples.map((s) => percentileInterval(s, 0.95));
  return {
    key,
    n: rows.length,
    instructions: k,
    spearman,
    pearson,
    mae,
    exact,
    ci: { spearman: iv[0], pearson: iv[1], mae: iv[2], exact: iv[3] },
  };
}

export function computeAgreement(
  judgments: readonly RunJudgment[],
  experts: ScoreTable | null,
  modelId: string,
  instructions: readonly InstructionFacets[],
  categories: readonly CategoryEntry[],
  options: AgreementOptions,
): AgreementReport {
  const { pairs, unmatched } = matchPairs(judgments, experts, modelId);
  const facets = new Map(instructions.map((i) => [i.prompt_id, i]));
  const categoryOf = categoryLookup(categories);
  const rubricsOf = new Map<string, Rubrics | null>();
  for (const j of judgments) rubricsOf.set(`${j.prompt_id}\u0000${j.criteria_name}`, j.rubrics ?? null);
  const n = pairs.length;
  const x = Float64Array.from(pairs, (p) => p.judge);
  const y = Float64Array.from(pairs, (p) => p.expert);
  const cx = codes(x);
  const cy = codes(y);
  const cluster = Uint32Array.from(pairs, (p) => p.prompt_id);
  const keyOf = (p: AgreementPair, dim: AgreementDimension): string => {
    const ins = facets.get(p.prompt_id);
    if (dim === 'criterion') return p.criteria_name;
    if (dim === 'category') return categoryOf(p.criteria_name, rubricsOf.get(`${p.prompt_id}\u0000${p.criteria_name}`) ?? null) ?? '';
    return ins?.[dim] ?? '';
  };
  const all = Uint32Array.from(pairs, (_, i) => i);
  const overall = n > 0 ? statsFor('', all, cluster, x, y, cx, cy, options) : null;
  const by = {} as Record<AgreementDimension, AgreementStats[]>;
  for (const dim of AGREEMENT_DIMENSIONS) {
    const groups = new Map<string, number[]>();
    pairs.forEach((p, i) => {
      const key = keyOf(p, dim);
      const list = groups.get(key);
      if (list) list.push(i);
      else groups.set(key, [i]);
    });
    by[dim] = [...groups.keys()].sort().map((key) => statsFor(key, Uint32Array.from(groups.get(key) ?? []), cluster, x, y, cx, cy, options));
  }
  const levels = [...new Set([...pairs.map((p) => p.judge), ...pairs.map((p) => Math.round(p.expert))])].sort((a, b) => a - b);
  const li = new Map(levels.map((v, i) => [v, i]));
  const counts = levels.map(() => levels.map(() => 0));
  const pointMap = new Map<string, { expert: number; judge: number; count: number }>();
  for (const p of pairs) {
    // Expert criteria_score is a mean of votes; it joins the confusion matrix at its nearest level.
    counts[li.get(Math.round(p.expert)) ?? 0][li.get(p.judge) ?? 0]++;
    const k = `${p.expert}|${p.judge}`;
    const pt = pointMap.get(k);
    if (pt) pt.count++;
    else pointMap.set(k, { expert: p.expert, judge: p.judge, count: 1 });
  }
  const typicalError: Record<string, { mae: number; n: number }> = {};
  for (const s of by.criterion) if (s.mae !== null) typicalError[s.key] = { mae: s.mae, n: s.n };
  return {
    modelId,
    unmatched,
    overall,
    by,
    confusion: { levels, counts },
    points: [...pointMap.values()].sort((a, b) => a.expert - b.expert || a.judge - b.judge),
    typicalError,
  };
}
