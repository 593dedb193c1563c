/**
 * The one input shape of the metrics: a score table, columns of typed arrays plus small string
 * dictionaries, one row per score of a system (a run, or a reference model of the dataset).
 *
 * The dataset's expert table (161,076 rows) becomes one once per dataset (toScoreTable): it
 * clones into the metrics worker as plain memory copies (≈ 4.5 MB, a few ms; the object array
 * cost ≈ 390 ms per request) and is kept there. A run's parsed judgments become one per request
 * (runTable), so runs and reference models are scored by the same code (score.ts).
 */
import type { ExpertColumns, ExpertScore } from '../data/types.ts';
import type { Rubrics } from '../pollux/types.ts';
import type { InstructionFacets, RunJudgment } from './types.ts';

export interface ScoreTable {
  /** prompt_id per row (Float64: ids are arbitrary JS numbers, kept exactly). */
  promptId: Float64Array;
  score: Float64Array;
  /** Indexes into `systems`, `criteria`, `rubrics`. */
  system: Uint32Array;
  criterion: Uint32Array;
  rubric: Uint32Array;
  systems: string[];
  criteria: string[];
  /** Distinct by rubricText; the expert table's are strings, a run's may be `{ level: text }` maps. */
  rubrics: (Rubrics | null)[];
}

export function rubricText(rubrics: Rubrics | null): string {
  return rubrics === null ? '' : typeof rubrics === 'string' ? rubrics : JSON.stringify(rubrics);
}

/** Distinct values by code; strings are their own key (the common case: 161k rows, ~200 strings). */
function dictionary<T>(keyOf: (value: T) => string) {
  const ids = new Map<string, number>();
  const values: T[] = [];
  return {
    values,
    index(value: T): number {
      const key = typeof value === 'string' ? value : keyOf(value);
      let id = ids.get(key);
      if (id === undefined) {
        id = values.length;
        ids.set(key, id);
        values.push(value);
      }
      return id;
    },
  };
}

/** Builds a table row by row, in order (row order fixes the order of every floating-point sum). */
class TableBuilder {
  #n = 0;
  #promptId: Float64Array;
  #score: Float64Array;
  #system: Uint32Array;
  #criterion: Uint32Array;
  #rubric: Uint32Array;
  /** Names of the systems, by code; the caller fills it. */
  systems: string[] = [];
  #criteria = dictionary<string>((s) => s);
  #rubrics = dictionary<Rubrics | null>(rubricText);

  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.#promptId = new Float64Array(n);
    this.#score = new Float64Array(n);
    this.#system = new Uint32Array(n);
    this.#criterion = new Uint32Array(n);
    this.#rubric = new Uint32Array(n);
  }

  add(system: number, promptId: number, criterion: string, rubrics: Rubrics | null, score: number): void {
    if (this.#n === this.#score.length) this.#grow();
    const i = this.#n++;
    this.#promptId[i] = promptId;
    this.#score[i] = score;
    this.#system[i] = system;
    this.#criterion[i] = this.#criteria.index(criterion);
    this.#rubric[i] = this.#rubrics.index(rubrics);
  }

  #grow(): void {
    const grown = <T extends Float64Array | Uint32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.#promptId = grown(this.#promptId);
    this.#score = grown(this.#score);
    this.#system = grown(this.#system);
    this.#criterion = grown(this.#criterion);
    this.#rubric = grown(this.#rubric);
  }

  build(): ScoreTable {
    const n = this.#n;
    return {
      promptId: this.#promptId.slice(0, n),
      score: this.#score.slice(0, n),
      system: this.#system.slice(0, n),
      criterion: this.#criterion.slice(0, n),
      rubric: this.#rubric.slice(0, n),
      systems: this.systems,
      criteria: this.#criteria.values,
      rubrics: this.#rubrics.values,
    };
  }
}

/**
 * The data layer's columnar expert table as a score table: the same typed arrays, no copy (its
 * models are the systems). What the Metrics page hands the worker.
 */
export function expertScoreTable(c: ExpertColumns): ScoreTable {
  return { promptId: c.promptId, score: c.score, system: c.model, criterion: c.criterion, rubric: c.rubric, systems: c.models, criteria: c.criteria, rubrics: c.rubrics };
}

/** The dataset's expert scores as a table whose systems are the reference models. */
export function toScoreTable(experts: readonly ExpertScore[]): ScoreTable {
  const b = new TableBuilder(experts.length);
  const models = dictionary<string>((s) => s);
  for (const e of experts) b.add(models.index(e.model_id), e.prompt_id, e.criteria_name, e.rubrics, e.criteria_score);
  b.systems = models.values;
  return b.build();
}

/** Throws a RangeError naming the first column or row whose length or code is wrong. */
export function checkTable(t: ScoreTable): void {
  const n = t.promptId.length;
  for (const [name, col, dict] of [
    ['system', t.system, t.systems],
    ['criterion', t.criterion, t.criteria],
    ['rubric', t.rubric, t.rubrics],
  ] as const) {
    if (col.length !== n || t.score.length !== n) throw new RangeError(`score table: ${name} has ${col.length} rows, expected ${n}`);
    for (let i = 0; i < n; i++) if (col[i] >= dict.length) throw new RangeError(`score table: row ${i} has ${name} #${col[i]} of ${dict.length}`);
  }
}

/** Judgments that never became a score: a run's coverage counts them, the scorer never sees them. */
export interface Unscored {
  unparsed: number;
  /** Engine errors, and judgments of instructions the app no longer knows (no meta to group by). */
  failed: number;
  /** Not judged yet. */
  pending: number;
}

export type RunSide = { id: string; label: string; judgments: readonly RunJudgment[] };

/** What one system of a table is: a run, or a reference model of the expert table. */
/** A model the table lacks (model −1, or no table) is a system without rows. */
export type TableSource = { kind: 'run'; run: RunSide } | { kind: 'reference'; table: ScoreTable | null; model: number; name: string };

/**
 * A table of the given sources, system i = sources[i]: a run's scores (parsed, of a known
 * instruction) in judgment order, a reference model's rows in table order. `unscored[i]` counts
 * a run's other judgments.
 */
export function tableOf(sources: readonly TableSource[], instructions: ReadonlyMap<number, InstructionFacets>): { table: ScoreTable; unscored: Unscored[] } {
  const b = new TableBuilder(sources.reduce((n, src) => n + (src.kind === 'run' ? src.run.judgments.length : 0), 0));
  const unscored = sources.map((src, system) => {
    const skipped: Unscored = { unparsed: 0, failed: 0, pending: 0 };
    if (src.kind === 'reference') {
      const t = src.table;
      b.systems.push(src.name);
      for (let i = 0; t !== null && i < t.promptId.length; i++) {
        if (t.system[i] === src.model) b.add(system, t.promptId[i], t.criteria[t.criterion[i]], t.rubrics[t.rubric[i]], t.score[i]);
      }
      return skipped;
    }
    b.systems.push(src.run.id);
    for (const j of src.run.judgments) {
      const o = j.outcome;
      if (o === null || j.status === 'pending' || j.status === 'running') skipped.pending++;
      // A cut output counts with the unparsed (metrics.py drops both); a prompt too long to send, with the failed.
      else if (o.kind === 'unparsed' || o.kind === 'truncated') skipped.unparsed++;
      else if (o.kind === 'error' || o.kind === 'too-long' || !instructions.has(j.prompt_id)) skipped.failed++;
      else b.add(system, j.prompt_id, j.criteria_name, j.rubrics ?? null, o.score);
    }
    return skipped;
  });
  return { table: b.build(), unscored };
}
