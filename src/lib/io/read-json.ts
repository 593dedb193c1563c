/**
 * Reader of POLLUX's answers.json (answer.py output: `{model, dataset, split, num_samples,
 * answers: [{prompt_id, answer}]}`). A bare array of entries is accepted too, with a warning
 * that it names no model.
 */
import { issue, type ImportIssue, type ImportResult } from './issues.ts';
import { isJsonObject, scanJson, type JsonValue } from './json-scan.ts';
import { lineIndex } from './lines.ts';
import { IssueList, validateEntries, type AnswerScope, type CandidateEntry } from './validate.ts';

export function readAnswersJson(text: string, scope: AnswerScope): ImportResult {
  const lines = lineIndex(text);
  const scanned = scanJson(text);
  if (!scanned.ok) {
    return {
      ok: false,
      format: 'answers-json',
      errors: [issue('json-syntax', `JSON syntax error: ${scanned.message}`, { ...lines.locate(scanned.offset), params: { detail: scanned.message } })],
      warnings: [],
    };
  }
  const root = scanned.value;
  const errors = new IssueList();
  const warnings: ImportIssue[] = [];
  let list: JsonValue[] | null = null;
  let model: string | null = null;
  let dataset: string | undefined;
  let split: string | undefined;
  if (Array.isArray(root)) {
    list = root;
    warnings.push(issue('no-model', 'The file names no model', {}));
  } else if (isJsonObject(root)) {
    const answers = root.answers;
    if (Array.isArray(answers)) list = answers;
    else {
      errors.add(
        issue('wrong-shape', answers === undefined ? 'No "answers" list' : '"answers" must be a list', {
          ...lines.locate(scanned.offsets.get(root) ?? 0),
          field: 'answers',
        }),
      );
    }
    if (typeof root.model === 'string' && root.model.trim() !== '') model = root.model.trim();
    else if (root.model === undefined || root.model === null) warnings.push(issue('no-model', 'The file names no model', { field: 'model' }));
    else errors.add(issue('wrong-type', '"model" must be a string', { ...lines.locate(scanned.offsets.get(root) ?? 0), field: 'model', params: { field: 'model', type: typeof root.model } }));
    if (typeof root.dataset === 'string') dataset = root.dataset;
    if (typeof root.split === 'string') split = root.split;
  } else {
    errors.add(issue('wrong-shape', 'Expected an object {model, answers: [...]}', { line: 1, column: 1 }));
  }
  if (list === null) return { ok: false, format: 'answers-json', errors: errors.finish(), warnings };

  const candidates: CandidateEntry[] = [];
  list.forEach((item, i) => {
    const path = `answers[${i}]`;
    const at = typeof item === 'object' && item !== null ? scanned.offsets.get(item) : undefined;
    const loc = at === undefined ? {} : lines.locate(at);
    if (!isJsonObject(item)) {
      errors.add(issue('wrong-shape', `${path}: expected {prompt_id, answer}`, { ...loc, field: path }));
      return;
    }
    const obj = item;
    candidates.push({
      promptId: obj.prompt_id,
      answer: obj.answer,
      hasPromptId: 'prompt_id' in obj,
      hasAnswer: 'answer' in obj,
      path,
      idAsText: false,
      ...loc,
    });
  });
  const v = validateEntries(candidates, scope, errors);
  warnings.push(...v.warnings);
  if (v.errors.length > 0) return { ok: false, format: 'answers-json', errors: v.errors, warnings };
  return { ok: true, format: 'answers-json', model, answers: v.answers, warnings, dataset, split };
}
