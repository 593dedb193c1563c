/**
 * The shapes POLLUX itself uses (datasets, answers.json, scores.json), as the core library's
 * contract. Field names follow POLLUX's Python tools exactly so files move freely between
 * this app and answer.py / score.py / metrics.py.
 */

/** A rubric: the dataset's string ("0: …\n\n1: …\n\n2: …") or a `{ level: text }` map, possibly nested per language (`{ ru: {...} }`). */
export type Rubrics = string | RubricMap;
export interface RubricMap {
  [level: string]: string | RubricMap;
}

/** One criterion of an instruction, as in POLLUX-instructions' `criteria` list. */
export interface CriterionSpec {
  criteria_name: string;
  rubrics: Rubrics;
  /** Long Russian description; never part of the judge prompt. */
  criteria_description?: string;
  rubrics_example?: string;
}

/** A row of POLLUX-instructions (split train): the unit a candidate model answers. */
export interface InstructionRow {
  prompt_id: number;
  instruction: string;
  reference_answer?: string | null;
  /** Top-level category that metrics.py groups by (e.g. "Creative Generation"). */
  meta: string;
  difficulty?: string;
  task_type?: string;
  task_subtype?: string;
  task_subsubtype?: string;
  domain?: string;
  is_provocative?: boolean;
  criteria: CriterionSpec[];
}

/** What the judge sees for one (instruction, answer, criterion). */
export interface JudgeItem {
  instruction: string;
  /** Empty or missing keeps the section header with empty content, as score.py does. */
  reference_answer?: string | null;
  answer: string;
  criteria_name: string;
  rubrics: Rubrics;
}

/** The outcome of parsing a judge's raw text. A failed parse is never a score. */
export type JudgeParse =
  | { kind: 'score'; score: number; feedback: string }
  | { kind: 'unparsed'; reason: string };

/** One entry of POLLUX's scores.json (score.py output). `response` is the judge's raw text. */
export interface ScoresEntry {
  response: string;
  meta: { prompt_id: number; criteria_name: string; rubrics?: Rubrics };
}

/** POLLUX's answers.json (answer.py output). */
export interface AnswersFile {
  model: string;
  dataset?: string;
  split?: string;
  num_samples?: number;
  answers: AnswerEntry[];
}
export interface AnswerEntry {
  prompt_id: number;
  answer: string;
}

/** Which binary criteria act as gates (docs/POLLUX.md, "The gate", explains the pitfall). */
export type GateMode = 'official' | 'critical-only';

export interface PolluxMetricsOptions {
  /** 'official' (default): every {0,1} criterion gates, as metrics.py. 'critical-only': only the Critical criteria. */
  gate?: GateMode;
  /** Names of the Critical criteria for 'critical-only'; defaults to the two dataset names. */
  criticalNames?: readonly string[];
}

/** metrics.py's output, as numbers (NaN never appears: a cell without data is absent). */
export interface PolluxMetrics {
  /** matrix[criteria_name][meta] = mean normalised score. */
  matrix: Record<string, Record<string, number>>;
  /** Per criterion: unweighted mean over its meta columns. */
  mean_over_meta: Record<string, number>;
  /** Per meta: macro mean over non-binary criteria. */
  mean_over_criteria: Record<string, number>;
  /** Micro mean of all non-binary normalised score rows; null when there are none. */
  grand_mean: number | null;
  dropped: { unparsed: number; out_of_scale: number };
  /**
   * Judgments kept although their prompt_id is not among the instructions: metrics.py keeps them
   * under meta "" (its id2meta default), and so do we, so the matrix stays identical.
   */
  unknown_prompt: number;
}

/** How a judge writes its verdict: 7B/32B seq2seq judges use tags, Pollux-4B-Judge a bare number. */
export type JudgeOutputFormat = 'tagged' | 'bare-number';

/**
 * One judgment after parsing, rubric lookup, scale check, normalisation and gating: the unit that
 * metrics (and any bootstrap or breakdown built on them) aggregate. Kept flat so callers can
 * re-group it by prompt_id or meta without re-parsing.
 */
export interface ScoredRow {
  prompt_id: number;
  criteria_name: string;
  /** The instruction's `meta` (metrics.py's column key). */
  meta: string;
  /** The rubric the score was checked against; null when none was found. */
  rubrics: Rubrics | null;
  /** The judge's score as parsed. */
  raw: number;
  /** (raw − min) / (max − min) of the rubric's scale; raw itself when the rubric declares no scale (metrics.py keeps such rows). */
  normalized_ungated: number;
  /** normalized_ungated, or 0 when the prompt failed a gate. This is what metrics average. */
  normalized: number;
  /** The rubric's scale is exactly {0, 1}: excluded from grand_mean and mean_over_criteria. */
  binary: boolean;
  /** This criterion acts as a gate under the chosen GateMode. */
  gate: boolean;
  /** Some gate of this row's prompt had a raw score other than 0, so `normalized` was forced to 0. */
  gated: boolean;
  /** The judge's rationale, '' when none. */
  feedback: string;
}
