/**
 * The checks every answers format shares, applied after a format-specific reader has turned the
 * file into located candidate entries: the values' types (valibot schemas), ids outside the
 * dataset or the chosen set, duplicates, empty answers, and chosen instructions left without an
 * answer.
 */
import * as v from 'valibot';
import type { AnswerEntry } from '../pollux/types.ts';
import { issue, type ImportIssue } from './issues.ts';
import { MAX_REPORTED_ISSUES } from './limits.ts';

/** A JSON prompt_id: an integer number (a string id is refused, as answer.py never writes one). */
const JsonPromptId = v.pipe(v.number(), v.safeInteger());
/** A CSV cell is text, so there an integer written as text is the id. */
const TextPromptId = v.pipe(v.string(), v.regex(/^\s*-?\d+\s*$/), v.transform((s) => Number(s.trim())), v.safeInteger());
const CsvPromptId = v.union([JsonPromptId, TextPromptId]);
const AnswerText = v.string();

/** What a reader hands over: raw values plus where they were found. */
export interface CandidateEntry {
  promptId: unknown;
  answer: unknown;
  hasPromptId: boolean;
  hasAnswer: boolean;
  line?: number;
  column?: number;
  /** Path of the entry, e.g. `answers[3]` (JSON) or `row 4` (CSV). */
  path: string;
  /** CSV cells are text, so an integer written as text is fine there but not in JSON. */
  idAsText: boolean;
}

/** Which instructions exist (the dataset or the custom set) and which the user chose to evaluate. */
export interface AnswerScope {
  known: ReadonlySet<number>;
  chosen: ReadonlySet<number>;
}

export interface Validated {
  answers: AnswerEntry[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

function promptIdOf(c: CandidateEntry): number | null {
  const parsed = v.safeParse(c.idAsText ? CsvPromptId : JsonPromptId, c.promptId);
  return parsed.success ? parsed.output : null;
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Appends up to MAX_REPORTED_ISSUES, then one summary issue with the number left out. */
export class IssueList {
  readonly items: ImportIssue[] = [];
  #dropped = 0;
  add(i: ImportIssue): void {
    if (this.items.length < MAX_REPORTED_ISSUES) this.items.push(i);
    else this.#dropped++;
  }
  get count(): number {
    return this.items.length + this.#dropped;
  }
  finish(): ImportIssue[] {
    if (this.#dropped === 0) return this.items;
    return [
      ...this.items,
      issue('too-many-issues', `${this.#dropped} more problems not listed`, { params: { count: this.#dropped } }),
    ];
  }
}

export function validateEntries(entries: readonly CandidateEntry[], scope: AnswerScope, errors: IssueList): Validated {
  const warnings: ImportIssue[] = [];
  const answers: AnswerEntry[] = [];
  const firstSeen = new Map<number, number | string>();
  let outside = 0;
  let firstOutside: number | null = null;
  let empty = 0;
  let firstEmpty: number | null = null;

  for (const c of entries) {
    const loc = { line: c.line, column: c.column };
    if (!c.hasPromptId) {
      errors.add(issue('missing-field', `${c.path}: no prompt_id`, { ...loc, field: `${c.path}.prompt_id` }));
      continue;
    }
    const id = promptIdOf(c);
    if (id === null) {
      errors.add(
        issue('bad-prompt-id', `${c.path}: prompt_id must be an integer, got ${JSON.stringify(c.promptId) ?? String(c.promptId)}`, {
          ...loc,
          field: `${c.path}.prompt_id`,
          params: { value: String(JSON.stringify(c.promptId) ?? c.promptId).slice(0, 40) },
        }),
      );
      continue;
    }
    const idLoc = { ...loc, field: `${c.path}.prompt_id`, params: { id } };
    if (!scope.known.has(id)) {
      errors.add(issue('unknown-prompt-id', `${c.path}: prompt_id ${id} is not an instruction of this dataset`, idLoc));
      continue;
    }
    const prev = firstSeen.get(id);
    if (prev !== undefined) {
      errors.add(
        issue('duplicate-prompt-id', `${c.path}: prompt_id ${id} appears again (first at ${prev})`, {
          ...idLoc,
          params: { id, first: prev },
        }),
      );
      continue;
    }
    firstSeen.set(id, c.line ?? c.path);
    if (!c.hasAnswer) {
      errors.add(issue('missing-field', `${c.path}: no answer`, { ...loc, field: `${c.path}.answer`, params: { id } }));
      continue;
    }
    const answer = v.safeParse(AnswerText, c.answer);
    if (!answer.success) {
      errors.add(
        issue('wrong-type', `${c.path}: answer must be a string, got ${typeName(c.answer)}`, {
          ...loc,
          field: `${c.path}.answer`,
          params: { id, field: 'answer', type: typeName(c.answer) },
        }),
      );
      continue;
    }
    if (!scope.chosen.has(id)) {
      outside++;
      firstOutside ??= id;
      continue;
    }
    // answer.py writes "" when a request failed, and score.py judges such an item like any other;
    // so does a run here. The user is told how many there are.
    if (answer.output.trim() === '') {
      empty++;
      firstEmpty ??= id;
    }
    answers.push({ prompt_id: id, answer: answer.output });
  }

  if (outside > 0) {
    warnings.push(
      issue('outside-selection', `${outside} answers are for instructions outside the selection and are ignored`, {
        params: { count: outside, example: firstOutside ?? '' },
      }),
    );
  }
  if (empty > 0) {
    warnings.push(
      issue('empty-answers', `${empty} answers are empty (answer.py writes "" when a request failed); they are judged as score.py judges them`, {
        params: { count: empty, example: firstEmpty ?? '' },
      }),
    );
  }
  const missing = [...scope.chosen].filter((id) => !firstSeen.has(id)).length;
  if (missing > 0) {
    warnings.push(
      issue('missing-answers', `${missing} chosen instructions have no answer in the file and will not be judged`, {
        params: { count: missing },
      }),
    );
  }
  return { answers, errors: errors.finish(), warnings };
}
