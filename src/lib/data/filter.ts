/**
 * The Explorer's filters and facet counts, pure. Facet counts follow the usual faceted-search
 * rule: each facet is counted over the list filtered by all the *other* filters, so a user sees
 * how many items picking a value would give.
 */
import type { InstructionFilter, ListInstruction } from './types.ts';
import { compareCodeUnits, foldForSearch } from './text.ts';

export const FACETS = ['task_type', 'task_subtype', 'difficulty', 'domain', 'provocative'] as const;
export type FacetName = (typeof FACETS)[number];
export type FacetCounts = Record<FacetName, [string, number][]>;

function facetValue(i: ListInstruction, f: FacetName): string {
  if (f === 'provocative') return i.is_provocative ? 'yes' : 'no';
  return i[f] ?? '';
}

function passes(i: ListInstruction, filter: InstructionFilter, q: string, skip?: FacetName): boolean {
  if (skip !== 'task_type' && filter.task_type && i.task_type !== filter.task_type) return false;
  if (skip !== 'task_subtype' && filter.task_subtype && i.task_subtype !== filter.task_subtype) return false;
  if (skip !== 'difficulty' && filter.difficulty && i.difficulty !== filter.difficulty) return false;
  if (skip !== 'domain' && filter.domain && i.domain !== filter.domain) return false;
  if (skip !== 'provocative' && filter.provocative && facetValue(i, 'provocative') !== filter.provocative) return false;
  if (filter.meta && i.meta !== filter.meta) return false;
  if (q && !foldForSearch(i.instruction).includes(q)) return false;
  return true;
}

export function filterInstructions<T extends ListInstruction>(list: readonly T[], filter: InstructionFilter): T[] {
  const q = foldForSearch((filter.q ?? '').trim());
  return list.filter((i) => passes(i, filter, q));
}

/** Value → count per facet, most frequent first (ties alphabetical). */
export function facetCounts(list: readonly ListInstruction[], filter: InstructionFilter): FacetCounts {
  const q = foldForSearch((filter.q ?? '').trim());
  const out = {} as FacetCounts;
  for (const f of FACETS) {
    const m = new Map<string, number>();
    for (const i of list) {
      if (!passes(i, filter, q, f)) continue;
      const v = facetValue(i, f);
      m.set(v, (m.get(v) ?? 0) + 1);
    }
    out[f] = [...m].sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]));
  }
  return out;
}

/** The Explorer's URL query (group, subgroup, difficulty, domain, provocative, q) ↔ filter. */
export function filterFromQuery(q: Record<string, string>): InstructionFilter {
  const p = q.provocative;
  return {
    task_type: q.group || undefined,
    task_subtype: q.subgroup || undefined,
    difficulty: q.difficulty || undefined,
    domain: q.domain || undefined,
    provocative: p === 'yes' || p === 'no' ? p : undefined,
    q: q.q || undefined,
  };
}

export function queryFromFilter(f: InstructionFilter): Record<string, string | undefined> {
  return { group: f.task_type, subgroup: f.task_subtype, difficulty: f.difficulty, domain: f.domain, provocative: f.provocative, q: f.q };
}
