/**
 * Joins dataset criteria (criteria_name + rubrics text, Russian) onto criteria.json entries.
 * Names are not unique (e.g. "Отсутствие избыточной информации (воды)" has four domain variants
 * with different scales), so the join is by name + rendered rubric text first, then by name +
 * domain; several candidates that disagree on category or English name are "ambiguous" and no
 * match is returned. `categoryOf` is what metrics use for per-category breakdowns.
 */
import { renderScale, type Category, type CriterionEntry } from './criteria.ts';
import { domainKey } from './domains.ts';

export type CriterionMatch =
  | { kind: 'match'; entry: CriterionEntry; via: 'rubrics' | 'domain' | 'name' }
  | { kind: 'ambiguous'; candidates: CriterionEntry[] }
  | { kind: 'unmatched' };

export interface CriterionJoinReport {
  total: number;
  matched: number;
  byVia: Record<'rubrics' | 'domain' | 'name', number>;
  ambiguous: { criteria_name: string; candidates: string[] }[];
  unmatched: string[];
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Candidates that agree on everything a caller reads (category, names) are one answer, not a guess. */
function agree(c: CriterionEntry[]): boolean {
  return c.every((e) => e.category === c[0].category && e.name.en === c[0].name.en);
}

export class CriterionIndex {
  readonly entries: readonly CriterionEntry[];
  #byName = new Map<string, CriterionEntry[]>();
  #rubrics = new Map<CriterionEntry, string>();
  #memo = new Map<string, CriterionMatch>();

  constructor(entries: readonly CriterionEntry[]) {
    this.entries = entries;
    for (const e of entries) {
      const k = norm(e.name.ru);
      const list = this.#byName.get(k) ?? [];
      list.push(e);
      this.#byName.set(k, list);
      this.#rubrics.set(e, norm(renderScale(e.scale.ru)));
    }
  }

  get size(): number {
    return this.entries.length;
  }

  lookup(criteria_name: string, rubrics: string, ctx: { domain?: string } = {}): CriterionMatch {
    const memoKey = `${criteria_name}\u0000${rubrics}\u0000${ctx.domain ?? ''}`;
    const hit = this.#memo.get(memoKey);
    if (hit) return hit;
    const result = this.#lookup(criteria_name, rubrics, ctx);
    this.#memo.set(memoKey, result);
    return result;
  }

  #lookup(criteria_name: string, rubrics: string, ctx: { domain?: string }): CriterionMatch {
    const candidates = this.#byName.get(norm(criteria_name)) ?? [];
    if (candidates.length === 0) return { kind: 'unmatched' };
    const r = norm(rubrics);
    const byRubrics = candidates.filter((e) => this.#rubrics.get(e) === r);
    const dk = domainKey(ctx.domain);
    const narrow = (list: CriterionEntry[]) => (dk ? list.filter((e) => e.domain.en === dk) : []);
    if (byRubrics.length > 0) {
      if (byRubrics.length === 1 || agree(byRubrics)) return { kind: 'match', entry: byRubrics[0], via: 'rubrics' };
      const d = narrow(byRubrics);
      if (d.length === 1 || (d.length > 1 && agree(d))) return { kind: 'match', entry: d[0], via: 'domain' };
      return { kind: 'ambiguous', candidates: byRubrics };
    }
    const d = narrow(candidates);
    if (d.length === 1 || (d.length > 1 && agree(d))) return { kind: 'match', entry: d[0], via: 'domain' };
    if (candidates.length === 1 || agree(candidates)) return { kind: 'match', entry: candidates[0], via: 'name' };
    return { kind: 'ambiguous', candidates };
  }

  /** The criterion's category, or null when it can't be determined without guessing. */
  categoryOf(criteria_name: string, rubrics: string, domain?: string): Category | null {
    const m = this.lookup(criteria_name, rubrics, { domain });
    return m.kind === 'match' ? m.entry.category : null;
  }

  report(criteria: readonly { criteria_name: string; rubrics: string; domain?: string }[]): CriterionJoinReport {
    const rep: CriterionJoinReport = { total: 0, matched: 0, byVia: { rubrics: 0, domain: 0, name: 0 }, ambiguous: [], unmatched: [] };
    const seen = new Set<string>();
    for (const c of criteria) {
      const k = `${c.criteria_name}\u0000${c.rubrics}\u0000${c.domain ?? ''}`;
      if (seen.has(k)) continue;
      seen.add(k);
      rep.total++;
      const m = this.lookup(c.criteria_name, c.rubrics, { domain: c.domain });
      if (m.kind === 'match') {
        rep.matched++;
        rep.byVia[m.via]++;
      } else if (m.kind === 'ambiguous') rep.ambiguous.push({ criteria_name: c.criteria_name, candidates: m.candidates.map((e) => e.id) });
      else if (!rep.unmatched.includes(c.criteria_name)) rep.unmatched.push(c.criteria_name);
    }
    return rep;
  }
}
