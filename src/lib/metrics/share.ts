/**
 * Share links without a server: what a link carries (a run's scores, settings and hashes; answer
 * texts only when the user asks), its budgets, and what the metrics read back from it. The link's
 * codec (JSON → deflate → base64url, and the validating decoder) is share-codec.ts, loaded only
 * where a link is made or opened: its deflate tables and schemas cost the report nothing.
 */
import type { GateMode, Rubrics } from '../pollux/types.ts';
import type { CategoryEntry } from './report.ts';
import type { InstructionFacets, SystemMetrics } from './types.ts';

export const SHARE_VERSION = 1;

/** One score: [prompt_id, criterion index, rubric index, score | null (unparsed)]. */
export type SharedScore = [number, number, number, number | null];

export interface SharePayload {
  v: typeof SHARE_VERSION;
  name: string;
  /** Free-form run facts: judge, answers source, dataset key, template version. */
  info: Record<string, string>;
  settings: { gate: GateMode; resamples: number; seed: number };
  criteria: string[];
  rubrics: Rubrics[];
  /** [prompt_id, meta, difficulty, task_type, domain]. */
  instructions: [number, string, string, string, string][];
  scores: SharedScore[];
  categories: CategoryEntry[];
  /** Reference models as computed by the sender (the recipient may not have the dataset). */
  references: SystemMetrics[];
  answers?: Record<string, string>;
  /** FNV-1a of the scores, to tell a truncated link from a damaged one. */
  hash: string;
}

export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function scoresHash(scores: readonly SharedScore[]): string {
  return fnv1a(JSON.stringify(scores));
}

/**
 * Budgets. A link is text in the address bar (Chromium stops at 2 MB), and its payload must
 * inflate to a bounded size: deflate expands up to ~1,000×, so a 533 KB link could otherwise
 * inflate to 400 MB and hold the tab for seconds. Inflation stops as soon as the output passes
 * MAX_SHARE_JSON_BYTES. The other limits are far above what a POLLUX run produces (about 2,000
 * instructions × 12 criteria) and keep every loop over the payload short.
 */
export const MAX_SHARE_LINK_CHARS = 2 * 1024 * 1024;
export const MAX_SHARE_JSON_BYTES = 8 * 1024 * 1024;
export const SHARE_LIMITS = {
  // Texts the page shows on one line (a 1 MB name in a 4 KB link once held the tab for 17 s);
  // far above anything typed or in the dataset.
  name: 10_000,
  label: 1000,
  infoEntries: 32,
  infoText: 10_000,
  criterionName: 10_000,
  facetText: 1000,
  // Long texts (rubrics, answers) are bounded by the inflated budget alone: any the app writes fits.
  rubricText: MAX_SHARE_JSON_BYTES,
  answerText: MAX_SHARE_JSON_BYTES,
  criteria: 10_000,
  rubrics: 10_000,
  instructions: 50_000,
  scores: 1_000_000,
  references: 64,
  breakdownRows: 10_000,
  resamples: 10_000,
} as const;

export type ShareErrorCode = 'too-long' | 'not-base64' | 'truncated' | 'too-large' | 'not-json' | 'version' | 'invalid' | 'damaged';

export type ShareDecode =
  | { kind: 'ok'; payload: SharePayload }
  /** `where`: `link`, `json`, `hash` or the field's path (`scores[3]`); `message`: English detail. */
  | { kind: 'error'; code: ShareErrorCode; where: string; message: string };

/** The facets of the shared instructions, as the metrics need them (criteria rebuilt from scores). */
export function sharedInstructions(p: SharePayload): InstructionFacets[] {
  const criteria = new Map<number, { criteria_name: string; rubrics: Rubrics }[]>();
  for (const [pid, ci, ri] of p.scores) {
    const list = criteria.get(pid) ?? [];
    list.push({ criteria_name: p.criteria[ci], rubrics: p.rubrics[ri] });
    criteria.set(pid, list);
  }
  return p.instructions.map(([prompt_id, meta, difficulty, task_type, domain]) => ({
    prompt_id,
    meta,
    difficulty,
    task_type,
    domain,
    criteria: criteria.get(prompt_id) ?? [],
  }));
}
