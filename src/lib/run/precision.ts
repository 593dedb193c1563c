/**
 * "Stop when precise enough": the live estimate of a run's grand mean and its 95% interval,
 * from the instructions judged so far. The stratified order makes every prefix of a run a fair
 * sample of its instructions, so the instructions whose criteria are all settled are a sample
 * from which the grand mean of the whole run can be estimated. Pure.
 *
 * The grand mean (metrics.py's micro `grand_mean`) is the mean of every non-binary normalised
 * score after the binary gate, i.e. a ratio Σy / Σn over instructions (y: the sum of an
 * instruction's scores, n: how many). Its criteria are correlated within an instruction, so the
 * instruction is the sampling unit: the ratio estimator's variance over m instructions is
 * Σ(yᵢ − R·nᵢ)² / (m(m−1)·n̄²) — the linearisation of the same cluster bootstrap the Metrics page
 * uses (resampling instructions), at O(m) per update. Scores are normalised and gated by the
 * POLLUX core's own rules (normalizeScore, applyGates), so the estimate is the metric's.
 */
import { applyGates, isBinaryScale, normalizeScore, parseJudgeOutputFor, parseScaleBounds, scoreWithinScale } from '../pollux/index.ts';
import type { Rubrics, ScoredRow } from '../pollux/types.ts';
import type { OutputFormat } from '../judge/engine.ts';
import type { JobRecord } from '../store/run-records.ts';

/** Instructions needed before the interval is trusted to stop a run. */
export const PRECISION_MIN_INSTRUCTIONS = 10;
const Z95 = 1.959963984540054;

export interface Estimate {
  mean: number;
  halfWidth: number;
  instructions: number;
}

/** One instruction's contribution: the sum and count of its non-binary gated normalised scores. */
export interface Cluster {
  y: number;
  n: number;
}

export interface SettledCriterion {
  criteria_name: string;
  rubrics: Rubrics | null;
  /** The parsed score, or null when the judgment did not end as a score. */
  score: number | null;
}

/** An instruction's cluster, gated as metrics.py gates it (official gate: every binary criterion). */
export function clusterOf(prompt_id: number, criteria: readonly SettledCriterion[]): Cluster {
  const rows: ScoredRow[] = [];
  for (const c of criteria) {
    if (c.score === null || !scoreWithinScale(c.score, c.rubrics)) continue;
    let normalized = c.score;
    if (parseScaleBounds(c.rubrics) !== null) {
      try {
        normalized = normalizeScore(c.score, c.rubrics);
      } catch {
        continue; // a scale that cannot normalise: metrics.py would fail; leave it out of the estimate
      }
    }
    const binary = isBinaryScale(c.rubrics);
    rows.push({
      prompt_id,
      criteria_name: c.criteria_name,
      meta: '',
      rubrics: c.rubrics,
      raw: c.score,
      normalized_ungated: normalized,
      normalized,
      binary,
      gate: binary,
      gated: false,
      feedback: '',
    });
  }
  let y = 0;
  let n = 0;
  for (const r of applyGates(rows)) {
    if (r.binary) continue;
    y += r.normalized;
    n += 1;
  }
  return { y, n };
}

/** The ratio estimate and its 95% half-width over clusters; null with fewer than 2 that have scores. */
export function ratioEstimate(clusters: readonly Cluster[]): Estimate | null {
  const used = clusters.filter((c) => c.n > 0);
  const m = used.length;
  if (m < 2) return null;
  let sy = 0;
  let sn = 0;
  for (const c of used) {
    sy += c.y;
    sn += c.n;
  }
  const mean = sy / sn;
  const nbar = sn / m;
  let ss = 0;
  for (const c of used) ss += (c.y - mean * c.n) ** 2;
  const variance = ss / (m * (m - 1) * nbar * nbar);
  return { mean, halfWidth: Z95 * Math.sqrt(variance), instructions: m };
}

/**
 * Follows a running run: counts each instruction's settled criteria and, once all of them are
 * settled, adds its cluster. `reached(target)` says the run may stop.
 */
export class PrecisionTracker {
  readonly #expected: Map<number, number>;
  readonly #settled = new Map<number, SettledCriterion[]>();
  readonly #clusters: Cluster[] = [];
  #estimate: Estimate | null = null;

  /** `expected`: criteria per instruction in the run. */
  constructor(expected: ReadonlyMap<number, number>) {
    this.#expected = new Map(expected);
  }

  /** Records one settled criterion; returns true when it completed its instruction (the estimate changed). */
  settle(prompt_id: number, c: SettledCriterion): boolean {
    const list = this.#settled.get(prompt_id) ?? [];
    list.push(c);
    this.#settled.set(prompt_id, list);
    if (list.length !== this.#expected.get(prompt_id)) return false;
    this.#clusters.push(clusterOf(prompt_id, list));
    this.#settled.delete(prompt_id);
    this.#estimate = ratioEstimate(this.#clusters);
    return true;
  }

  get estimate(): Estimate | null {
    return this.#estimate;
  }

  reached(target: number): boolean {
    const e = this.#estimate;
    return e !== null && e.instructions >= PRECISION_MIN_INSTRUCTIONS && e.halfWidth <= target;
  }
}

/**
 * A tracker for a run's jobs, already fed with the ones settled before (a resumed run): their
 * scores are parsed again from the stored raw text, read through `read`.
 */
export async function seedTracker(
  jobs: readonly JobRecord[],
  format: OutputFormat,
  read: (keys: string[]) => Promise<Map<string, { raw: string }>>,
  criterionOf: (job: JobRecord) => { criteria_name: string; rubrics: Rubrics | null },
): Promise<PrecisionTracker> {
  const expected = new Map<number, number>();
  for (const j of jobs) expected.set(j.prompt_id ?? -1, (expected.get(j.prompt_id ?? -1) ?? 0) + 1);
  const tracker = new PrecisionTracker(expected);
  const settled = jobs.filter((j) => j.status === 'done' || j.status === 'unparsed' || j.status === 'failed');
  const raws = await read(settled.flatMap((j) => (j.status === 'done' && j.resultKey ? [j.resultKey] : [])));
  for (const j of settled) {
    const raw = j.status === 'done' && j.resultKey ? raws.get(j.resultKey)?.raw : undefined;
    const parsed = raw !== undefined ? parseJudgeOutputFor(format, raw) : null;
    tracker.settle(j.prompt_id ?? -1, { ...criterionOf(j), score: parsed?.kind === 'score' ? parsed.score : null });
  }
  return tracker;
}
