/** Number formatting shared by the Metrics page's tables. */
import { i18n } from '../../state/i18n.svelte.ts';
import type { Interval } from '../../lib/metrics/index.ts';

export function num(v: number | null | undefined, digits = 3): string {
  return v === null || v === undefined || Number.isNaN(v) ? '—' : i18n.n(v, digits);
}

export function ci(iv: Interval | null | undefined, digits = 3): string {
  return iv ? `${i18n.n(iv.lo, digits)} – ${i18n.n(iv.hi, digits)}` : '—';
}
