/**
 * The Results page's filters, pure: which judgments to show for a filter held in the URL query
 * (prompt, criterion, category, group, difficulty, outcome, q — the names the metrics charts
 * link with). Instruction facets and criterion categories come in as lookups so this module
 * needs neither the dataset nor the taxonomy.
 */
import type { Rubrics } from '../pollux/types.ts';
import type { JudgmentRow } from '../run/types.ts';

export type OutcomeKind = 'score' | 'unparsed' | 'failed' | 'pending';
export const OUTCOME_KINDS: readonly OutcomeKind[] = ['score', 'unparsed', 'failed', 'pending'];

export interface JudgmentFilter {
  prompt?: number;
  criterion?: string;
  category?: string;
  group?: string;
  difficulty?: string;
  outcome?: OutcomeKind;
  q?: string;
}

export interface InstructionFacetsLite {
  task_type?: string;
  difficulty?: string;
}

export interface FilterContext {
  facetsOf(prompt_id: number): InstructionFacetsLite | undefined;
  categoryOf(criteria_name: string, rubrics: Rubrics): string | null;
}

/** What a judgment ended as, for display and filtering: a parse failure is never a score. */
export function outcomeKind(row: Pick<JudgmentRow, 'status' | 'outcome'>): OutcomeKind {
  if (row.status === 'failed' || row.outcome?.kind === 'error') return 'failed';
  if (row.status === 'unparsed' || row.outcome?.kind === 'unparsed') return 'unparsed';
  if (row.status === 'done' && row.outcome?.kind === 'score') return 'score';
  return 'pending';
}

export function filterFromResultsQuery(q: Record<string, string>): JudgmentFilter {
  const prompt = q.prompt !== undefined && /^-?\d+$/.test(q.prompt) ? Number(q.prompt) : undefined;
  const outcome = OUTCOME_KINDS.find((k) => k === q.outcome);
  return {
    prompt,
    criterion: q.criterion || undefined,
    category: q.category || undefined,
    group: q.group || undefined,
    difficulty: q.difficulty || undefined,
    outcome,
    q: q.q || undefined,
  };
}

export function resultsQueryFromFilter(f: JudgmentFilter): Record<string, string | undefined> {
  return {
    prompt: f.prompt === undefined ? undefined : String(f.prompt),
    criterion: f.criterion,
    category: f.category,
    group: f.group,
    difficulty: f.difficulty,
    outcome: f.outcome,
    q: f.q,
  };
}

const fold = (s: string): string => s.toLowerCase().replaceAll('ё', 'е');

export function filterJudgments(rows: readonly JudgmentRow[], f: JudgmentFilter, ctx: FilterContext): JudgmentRow[] {
  const q = f.q ? fold(f.q.trim()) : '';
  return rows.filter((r) => {
    if (f.prompt !== undefined && r.prompt_id !== f.prompt) return false;
    if (f.criterion && r.criteria_name !== f.criterion) return false;
    if (f.outcome && outcomeKind(r) !== f.outcome) return false;
    if (f.group || f.difficulty) {
      const facets = ctx.facetsOf(r.prompt_id);
      if (f.group && facets?.task_type !== f.group) return false;
      if (f.difficulty && facets?.difficulty !== f.difficulty) return false;
    }
    if (f.category && ctx.categoryOf(r.criteria_name, r.rubrics) !== f.category) return false;
    if (q) {
      const feedback = r.outcome?.kind === 'score' ? r.outcome.feedback : '';
      if (!fold(`${r.prompt_id} ${r.criteria_name} ${feedback} ${r.raw}`).includes(q)) return false;
    }
    return true;
  });
}

export interface OutcomeCounts {
  score: number;
  unparsed: number;
  failed: number;
  pending: number;
}

export function countOutcomes(rows: readonly JudgmentRow[]): OutcomeCounts {
  const c: OutcomeCounts = { score: 0, unparsed: 0, failed: 0, pending: 0 };
  for (const r of rows) c[outcomeKind(r)]++;
  return c;
}
