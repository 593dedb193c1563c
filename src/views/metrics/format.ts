/** Number formatting shared by the Metrics page's tables. */
import { i18n } from '../../state/i18n.svelte.ts';
import type { Interval } from '../../lib/metrics/index.ts';

export function num(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || Number.isNaN(v) ? '—' : i18n.n(v, digits);
}

export function ci(iv: Interval | null | undefined, digits = 3): string {
  return iv ? `${i18n.n(iv.lo, digits)} – ${i18n.n(iv.hi, digits)}` : '—';
}

/**
 * How the run pickers name runs: by name (default names already carry the date), with the
 * creation time added only where two runs share a name.
 */
export function runLabels(runs: readonly { id: string; name: string; createdAt: number }[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const r of runs) count.set(r.name, (count.get(r.name) ?? 0) + 1);
  return new Map(runs.map((r) => [r.id, (count.get(r.name) ?? 0) > 1 ? `${r.name} · ${i18n.dateTime(r.createdAt)}` : r.name]));
}
