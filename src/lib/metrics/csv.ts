/**
 * metrics.csv in exactly the layout metrics.py writes (`matrix.to_csv(out_file)`):
 * - header: the index label `criteria_name`, the meta columns sorted, then `mean_over_meta`
 *   (pandas drops the columns' own name "meta" for single-level columns);
 * - one row per criterion (sorted), cells = mean normalised score, empty where a criterion has
 *   no score in that meta (NaN → na_rep '');
 * - a last row `mean_over_criteria` (macro mean over non-binary criteria per meta; empty when a
 *   meta has only binary criteria — pd.NA) whose `mean_over_meta` cell is the grand mean;
 * - floats as Python repr, csv.QUOTE_MINIMAL quoting (commas in criterion names are common),
 *   "\n" line endings (os.linesep on Linux/macOS), UTF-8 without BOM.
 * Uncertainty: pandas sorts labels by Python code-point order, we by UTF-16 code units; they
 * differ only for characters outside the BMP, which POLLUX names don't use.
 *
 * The one deliberate difference from pandas: a text cell (a criterion or meta name) that begins
 * with = + - @, a tab or a carriage return is written as the judgments CSV writes it — with a
 * leading apostrophe, quoted (io/csv-formula.ts) — so a name from a custom criterion or a share
 * link cannot run as a spreadsheet formula. pandas writes such a name as is. POLLUX's own
 * criteria and metas never begin with those characters, so for them the file stays
 * byte-identical to metrics.py's. Numbers are never changed ("-0.5" stays a number).
 */
import { defuseFormula } from '../io/csv-formula.ts';
import type { PolluxMetrics } from '../pollux/types.ts';
import { pyFloatRepr } from './py-float.ts';

/** A text cell: defused like the judgments CSV's, else quoted only when csv.QUOTE_MINIMAL would. */
export function csvField(value: string): string {
  const { text, defused } = defuseFormula(value);
  return defused || /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cell(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? '' : pyFloatRepr(v);
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function metricsCsv(m: Pick<PolluxMetrics, 'matrix' | 'mean_over_meta' | 'mean_over_criteria' | 'grand_mean'>): string {
  const criteria = Object.keys(m.matrix).sort(byCodeUnit);
  const metas = [...new Set(criteria.flatMap((c) => Object.keys(m.matrix[c])))].sort(byCodeUnit);
  const lines: string[] = [];
  lines.push(['criteria_name', ...metas, 'mean_over_meta'].map(csvField).join(','));
  for (const c of criteria) {
    lines.push([csvField(c), ...metas.map((meta) => cell(m.matrix[c][meta])), cell(m.mean_over_meta[c])].join(','));
  }
  lines.push(['mean_over_criteria', ...metas.map((meta) => cell(m.mean_over_criteria[meta])), cell(m.grand_mean)].join(','));
  return lines.join('\n') + '\n';
}
