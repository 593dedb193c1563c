/**
 * Reader of CSV answers with papaparse: a header row naming `prompt_id` and `answer` (and
 * optionally `model`), quoted cells may span lines. The delimiter is taken from the header line
 * (comma, semicolon or tab) rather than guessed from the body, where Russian prose is full of
 * commas. Rows are located by their first line in the file, not by row number.
 */
import Papa from 'papaparse';
import { issue, type ImportIssue, type ImportResult } from './issues.ts';
import { lineIndex } from './lines.ts';
import { IssueList, validateEntries, type AnswerScope, type CandidateEntry } from './validate.ts';

function headerDelimiter(text: string): string {
  const nl = text.indexOf('\n');
  const head = nl === -1 ? text : text.slice(0, nl);
  const counts = [',', ';', '\t'].map((d) => [d, head.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

export function readCsv(text: string, scope: AnswerScope): ImportResult {
  const lines = lineIndex(text);
  const errors = new IssueList();
  const warnings: ImportIssue[] = [];
  const delimiter = headerDelimiter(text);
  const rows: { cells: string[]; start: number }[] = [];
  let prev = 0;
  try {
    Papa.parse<string[]>(text, {
      delimiter,
      header: false,
      step: (r) => {
        const start = prev;
        prev = r.meta.cursor;
        for (const e of r.errors) {
          const at = typeof e.index === 'number' ? e.index : start;
          errors.add(issue('csv-syntax', `CSV: ${e.message}`, { ...lines.locate(at), params: { detail: e.message } }));
        }
        const cells = r.data;
        if (cells.length === 1 && cells[0].trim() === '') return; // blank line
        rows.push({ cells, start });
      },
    });
  } catch (e) {
    errors.add(issue('csv-syntax', `CSV: ${e instanceof Error ? e.message : String(e)}`, { line: 1 }));
  }
  if (errors.count > 0) return { ok: false, format: 'csv', errors: errors.finish(), warnings };
  if (rows.length === 0) return { ok: false, format: 'csv', errors: [issue('empty-file', 'No rows in the file', { line: 1 })], warnings };

  const header = rows[0].cells.map((h) => h.trim().toLowerCase());
  const idCol = header.indexOf('prompt_id');
  const ansCol = header.indexOf('answer');
  const modelCol = header.indexOf('model');
  if (idCol === -1 || ansCol === -1) {
    const missing = [idCol === -1 ? 'prompt_id' : null, ansCol === -1 ? 'answer' : null].filter((x) => x !== null).join(', ');
    return {
      ok: false,
      format: 'csv',
      errors: [
        issue('csv-header', `The header row must name the columns prompt_id and answer (missing: ${missing}; found: ${header.join(', ')})`, {
          line: 1,
          column: 1,
          params: { missing, found: header.join(', ').slice(0, 200) },
        }),
      ],
      warnings,
    };
  }

  const models = new Set<string>();
  const candidates: CandidateEntry[] = [];
  for (const row of rows.slice(1)) {
    const loc = lines.locate(row.start);
    if (row.cells.length !== header.length) {
      errors.add(
        issue('wrong-shape', `line ${loc.line}: ${row.cells.length} cells, the header has ${header.length}`, {
          line: loc.line,
          column: 1,
          params: { cells: row.cells.length, expected: header.length },
        }),
      );
      continue;
    }
    if (modelCol !== -1 && row.cells[modelCol].trim() !== '') models.add(row.cells[modelCol].trim());
    candidates.push({
      promptId: row.cells[idCol],
      answer: row.cells[ansCol],
      hasPromptId: row.cells[idCol].trim() !== '',
      hasAnswer: true,
      line: loc.line,
      column: 1,
      path: `line ${loc.line}`,
      idAsText: true,
    });
  }
  const v = validateEntries(candidates, scope, errors);
  if (models.size > 1) warnings.push(issue('mixed-models', `Rows name ${models.size} different models; the first is used`, { params: { count: models.size } }));
  const model = models.size > 0 ? [...models][0] : null;
  if (model === null) warnings.push(issue('no-model', 'The file names no model'));
  warnings.push(...v.warnings);
  if (v.errors.length > 0) return { ok: false, format: 'csv', errors: v.errors, warnings };
  return { ok: true, format: 'csv', model, answers: v.answers, warnings };
}
