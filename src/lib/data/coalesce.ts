/**
 * Which byte ranges to request. Round trips, not bytes, are what a remote read costs (30–200 ms
 * each on the Hub against ~1 ms per 100 KB), so the column chunks a read needs are merged into one
 * range across the unneeded bytes between them, smallest gaps first, until the unneeded bytes
 * reach a budget (a fraction of the needed bytes): that saves the most requests for the bytes
 * the budget allows, and keeps a read within ~1.2 × its columns.
 *
 * `forceGap` is the gap hyparquet itself bridges when it plans a row group (8 KB): such gaps are
 * always merged within a group, so every slice hyparquet asks for lies inside one fetched range.
 * Pure.
 */

/** Bytes [start, end) of a file. */
export interface Span {
  start: number;
  end: number;
  /**
   * The row group the span belongs to, when known. hyparquet plans each row group apart, so the
   * forced merge only has to hold within one group; between groups the budget applies.
   */
  group?: number;
}

export interface CoalescedRange extends Span {
  /** Indexes of the input spans this range covers. */
  members: number[];
}

export interface CoalesceOptions {
  /** No single gap larger than this is fetched. */
  maxGap: number;
  /** Unneeded bytes fetched in all, as a fraction of the needed bytes (default: no limit but maxGap). */
  gapBudget?: number;
  /** A range grows no larger than this (keeps requests parallel and progress fine-grained), forced merges aside. */
  maxBytes?: number;
  /** Always merge at or below this gap within a group. */
  forceGap?: number;
}

/** hyparquet's own column gap limit (plan.js `columnGapLimit`). */
export const HYPARQUET_GAP = 8 * 1024;

export function coalesceSpans(spans: readonly Span[], opts: CoalesceOptions): CoalescedRange[] {
  const maxBytes = opts.maxBytes ?? Infinity;
  const forceGap = opts.forceGap ?? HYPARQUET_GAP;
  const order = spans.map((_, i) => i).filter((i) => spans[i].end > spans[i].start);
  order.sort((a, b) => spans[a].start - spans[b].start || spans[a].end - spans[b].end);

  // Runs of spans that must be one range (overlapping, or within hyparquet's gap in one group).
  const runs: CoalescedRange[] = [];
  let lastGroup: number | undefined;
  for (const i of order) {
    const s = spans[i];
    const last = runs[runs.length - 1];
    if (last) {
      const gap = s.start - last.end;
      if (gap <= 0 || (gap <= forceGap && (s.group === undefined || s.group === lastGroup))) {
        last.end = Math.max(last.end, s.end);
        last.members.push(i);
        lastGroup = s.group;
        continue;
      }
    }
    runs.push({ start: s.start, end: s.end, members: [i] });
    lastGroup = s.group;
  }

  // Optional merges between runs, smallest gaps first, within the budget.
  const needed = runs.reduce((sum, r) => sum + (r.end - r.start), 0);
  let budget = opts.gapBudget === undefined ? Infinity : opts.gapBudget * needed;
  const gaps = runs
    .slice(1)
    .map((r, k) => ({ k, gap: r.start - runs[k].end }))
    .filter((g) => g.gap <= opts.maxGap)
    .sort((a, b) => a.gap - b.gap || a.k - b.k);
  const bridge = new Set<number>();
  for (const g of gaps) {
    if (g.gap > budget) break;
    budget -= g.gap;
    bridge.add(g.k);
  }

  const out: CoalescedRange[] = [];
  runs.forEach((r, k) => {
    const last = out[out.length - 1];
    if (last && bridge.has(k - 1) && r.end - last.start <= maxBytes) {
      last.end = r.end;
      last.members.push(...r.members);
    } else out.push({ ...r, members: [...r.members] });
  });
  return out;
}

export function spanBytes(spans: readonly Span[]): number {
  return spans.reduce((sum, s) => sum + (s.end - s.start), 0);
}
