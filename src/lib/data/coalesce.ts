/**
 * Which byte ranges to request. Round trips, not bytes, are what a remote read costs (30–200 ms
 * each on the Hub against ~1 ms per 100 KB), so the column chunks a read needs are merged into one
 * range whenever the unneeded bytes between them cost less than another request would.
 *
 * `forceGap` is the gap hyparquet itself bridges when it plans a read (8 KB): ranges that close
 * are always merged, so every slice hyparquet asks for lies inside one fetched range. Pure.
 */

/** Bytes [start, end) of a file. */
export interface Span {
  start: number;
  end: number;
  /**
   * The row group the span belongs to, when known. hyparquet plans each row group apart, so the
   * forced merge (see below) only has to hold within one group; between groups maxBytes applies.
   */
  group?: number;
}

export interface CoalescedRange extends Span {
  /** Indexes of the input spans this range covers. */
  members: number[];
}

export interface CoalesceOptions {
  /** Merge spans separated by at most this many unneeded bytes… */
  maxGap: number;
  /** …as long as the merged range stays within this size (keeps requests parallel and progress fine-grained). */
  maxBytes?: number;
  /** Always merge at or below this gap, whatever the size. */
  forceGap?: number;
}

/** hyparquet's own column gap limit (plan.js `columnGapLimit`). */
export const HYPARQUET_GAP = 8 * 1024;

export function coalesceSpans(spans: readonly Span[], opts: CoalesceOptions): CoalescedRange[] {
  const maxBytes = opts.maxBytes ?? Infinity;
  const forceGap = opts.forceGap ?? HYPARQUET_GAP;
  const order = spans.map((_, i) => i).filter((i) => spans[i].end > spans[i].start);
  order.sort((a, b) => spans[a].start - spans[b].start || spans[a].end - spans[b].end);
  const out: CoalescedRange[] = [];
  let lastGroup: number | undefined;
  for (const i of order) {
    const s = spans[i];
    const last = out[out.length - 1];
    if (last) {
      const gap = s.start - last.end;
      const end = Math.max(last.end, s.end);
      const forced = gap <= forceGap && (s.group === undefined || s.group === lastGroup);
      if (forced || gap < 0 || (gap <= opts.maxGap && end - last.start <= maxBytes)) {
        last.end = end;
        last.members.push(i);
        lastGroup = s.group;
        continue;
      }
    }
    out.push({ start: s.start, end: s.end, members: [i] });
    lastGroup = s.group;
  }
  return out;
}

export function spanBytes(spans: readonly Span[]): number {
  return spans.reduce((sum, s) => sum + (s.end - s.start), 0);
}
