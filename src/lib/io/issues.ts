/**
 * The importers' report: every problem is data with a location (line/column in the file, a
 * byte offset for encoding errors, or a field path such as `answers[3].prompt_id`) and a code
 * the UI translates. `message` is an English fallback so the pure core needs no i18n.
 */
import type { AnswerEntry } from '../pollux/types.ts';

export type AnswerFormat = 'answers-json' | 'jsonl' | 'csv';

export type ImportIssueCode =
  | 'too-large'
  | 'empty-file'
  | 'not-utf8'
  | 'json-syntax'
  | 'csv-syntax'
  | 'csv-header'
  | 'wrong-shape'
  | 'wrong-type'
  | 'missing-field'
  | 'bad-prompt-id'
  | 'unknown-prompt-id'
  | 'duplicate-prompt-id'
  | 'empty-answers'
  | 'outside-selection'
  | 'missing-answers'
  | 'no-model'
  | 'mixed-models'
  | 'too-many-issues'
  | 'scores-not-list'
  | 'scores-entry'
  | 'scores-empty'
  | 'scores-unknown-prompt'
  | 'scores-duplicate';

export interface ImportIssue {
  code: ImportIssueCode;
  /** 1-based line of the file. */
  line?: number;
  /** 1-based column (characters) within the line. */
  column?: number;
  /** Byte offset (for encoding errors, where lines are meaningless). */
  byteOffset?: number;
  /** JSON path or CSV column, e.g. `answers[3].answer` or `prompt_id`. */
  field?: string;
  /** Values for the translated message (counts, ids, the other line of a duplicate…). */
  params?: Record<string, string | number>;
  message: string;
}

/** Nothing is stored unless `ok`; an error report never carries answers, so nothing is half-imported. */
export type ImportResult =
  | {
      ok: true;
      format: AnswerFormat;
      /** The file's model name; null when the file names none (the UI then asks). */
      model: string | null;
      answers: AnswerEntry[];
      warnings: ImportIssue[];
      /** answers.json's own dataset/split, kept so a re-export round-trips. */
      dataset?: string;
      split?: string;
    }
  | { ok: false; format: AnswerFormat | null; errors: ImportIssue[]; warnings: ImportIssue[] };

export function issue(code: ImportIssueCode, message: string, loc: Omit<ImportIssue, 'code' | 'message'> = {}): ImportIssue {
  return { code, message, ...loc };
}
