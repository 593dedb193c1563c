/**
 * A flat CSV of judgments for spreadsheets. Text from models is untrusted: cells that a
 * spreadsheet would run as a formula (=, +, -, @ …) are defused by papaparse's escapeFormulae
 * with the app's one pattern (csv-formula.ts), which prefixes a quote — this CSV is for
 * reading, the JSON exports are the faithful ones.
 */
import Papa from 'papaparse';
import { FORMULA_START } from './csv-formula.ts';
import type { JudgmentRow } from '../run/types.ts';

export const JUDGMENT_CSV_COLUMNS = [
  'prompt_id',
  'criteria_name',
  'status',
  'score',
  'feedback',
  'unparsed_reason',
  'error_code',
  'error_message',
  'cached',
  'attempts',
  'prompt_tokens',
  'completion_tokens',
  'raw',
] as const;

export function judgmentsCsv(rows: readonly JudgmentRow[]): string {
  const data = rows.map((r) => {
    const o = r.outcome;
    return [
      r.prompt_id,
      r.criteria_name,
      r.status,
      o?.kind === 'score' ? o.score : '',
      o?.kind === 'score' ? o.feedback : '',
      o?.kind === 'unparsed' ? o.reason : '',
      o?.kind === 'error' ? o.code : '',
      o?.kind === 'error' ? o.message : '',
      r.cached ? 1 : 0,
      r.attempts,
      r.usage?.promptTokens ?? '',
      r.usage?.completionTokens ?? '',
      r.raw,
    ];
  });
  return Papa.unparse({ fields: [...JUDGMENT_CSV_COLUMNS], data }, { escapeFormulae: FORMULA_START, newline: '\r\n' });
}
