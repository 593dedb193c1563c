/**
 * Reader of JSON Lines: one `{prompt_id, answer}` object per line, an optional `model` on any
 * line (all lines must agree). Blank lines are skipped; each line is located on its own.
 */
import { issue, type ImportIssue, type ImportResult } from './issues.ts';
import { isJsonObject, scanJson } from './json-scan.ts';
import { IssueList, validateEntries, type AnswerScope, type CandidateEntry } from './validate.ts';

export function readJsonl(text: string, scope: AnswerScope): ImportResult {
  const errors = new IssueList();
  const warnings: ImportIssue[] = [];
  const candidates: CandidateEntry[] = [];
  const models = new Set<string>();
  const rows = text.split('\n');
  rows.forEach((raw, i) => {
    const line = i + 1;
    const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (body.trim() === '') return;
    const scanned = scanJson(body);
    if (!scanned.ok) {
      errors.add(issue('json-syntax', `line ${line}: ${scanned.message}`, { line, column: scanned.offset + 1, params: { detail: scanned.message } }));
      return;
    }
    const v = scanned.value;
    if (!isJsonObject(v)) {
      errors.add(issue('wrong-shape', `line ${line}: expected {prompt_id, answer}`, { line, column: 1 }));
      return;
    }
    if (typeof v.model === 'string' && v.model.trim() !== '') models.add(v.model.trim());
    candidates.push({
      promptId: v.prompt_id,
      answer: v.answer,
      hasPromptId: 'prompt_id' in v,
      hasAnswer: 'answer' in v,
      line,
      column: 1,
      path: `line ${line}`,
      idAsText: false,
    });
  });
  if (candidates.length === 0 && errors.count === 0) {
    errors.add(issue('empty-file', 'No answers in the file', { line: 1 }));
  }
  const v = validateEntries(candidates, scope, errors);
  if (models.size > 1) warnings.push(issue('mixed-models', `Lines name ${models.size} different models; the first is used`, { params: { count: models.size } }));
  const model = models.size > 0 ? [...models][0] : null;
  if (model === null) warnings.push(issue('no-model', 'The file names no model'));
  warnings.push(...v.warnings);
  if (v.errors.length > 0) return { ok: false, format: 'jsonl', errors: v.errors, warnings };
  return { ok: true, format: 'jsonl', model, answers: v.answers, warnings };
}
