/**
 * The one rule for CSV cells a spreadsheet would run as a formula: text that begins with
 * = + - @, a tab or a carriage return gets a leading apostrophe (and is quoted), so Excel,
 * LibreOffice and Google Sheets show it as text. Both CSV exports use it: the judgments CSV
 * (through papaparse's escapeFormulae, given this pattern) and metrics.csv (metrics/csv.ts).
 *
 * Unlike papaparse's own default (/^[=+\-@\t\r].*$/), the pattern has no `.*$`: that default
 * misses a formula followed by a line break ("=cmd…\n…"), since `.` stops at the break.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as a spreadsheet should see it, and whether it was changed (a changed cell is always quoted). */
export function defuseFormula(cell: string): { text: string; defused: boolean } {
  return FORMULA_START.test(cell) ? { text: `'${cell}`, defused: true } : { text: cell, defused: false };
}
