/**
 * The one entry point of answer import: bytes of a file in, a complete ImportResult out. Size
 * and encoding are checked before any parsing; the format comes from the file name, or from the
 * content when the name says nothing. Never throws — a bad file is a report, not an exception.
 */
import { decodeUtf8 } from './decode.ts';
import { issue, type AnswerFormat, type ImportResult } from './issues.ts';
import { MAX_IMPORT_BYTES } from './limits.ts';
import { readCsv } from './read-csv.ts';
import { readAnswersJson } from './read-json.ts';
import { readJsonl } from './read-jsonl.ts';
import type { AnswerScope } from './validate.ts';

export function formatFromName(fileName: string): AnswerFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return 'answers-json';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return 'csv';
  return null;
}

/** Content sniffing: a JSON document with `answers` or an array is answers.json; `{` per line is JSONL; else CSV. */
export function sniffFormat(text: string): AnswerFormat {
  const t = text.trimStart();
  if (t.startsWith('[')) return 'answers-json';
  if (t.startsWith('{')) {
    const firstLine = t.split('\n', 1)[0].trim();
    // One complete object on the first line that isn't the whole file → JSONL.
    if (firstLine.endsWith('}') && firstLine.length < t.trimEnd().length && !/"answers"\s*:/.test(firstLine)) return 'jsonl';
    return 'answers-json';
  }
  return 'csv';
}

/** The size check alone, so a caller can refuse a huge file before reading it into memory. */
export function checkImportSize(size: number, fileName: string): ImportResult | null {
  if (size <= MAX_IMPORT_BYTES) return null;
  return {
    ok: false,
    format: formatFromName(fileName),
    errors: [issue('too-large', `The file is ${size} bytes; the limit is ${MAX_IMPORT_BYTES}`, { params: { size, limit: MAX_IMPORT_BYTES } })],
    warnings: [],
  };
}

export function importAnswers(bytes: Uint8Array, fileName: string, scope: AnswerScope): ImportResult {
  const named = formatFromName(fileName);
  try {
    const tooLarge = checkImportSize(bytes.length, fileName);
    if (tooLarge) return tooLarge;
    const decoded = decodeUtf8(bytes);
    if (!decoded.ok) {
      return {
        ok: false,
        format: named,
        errors: [issue('not-utf8', `Not UTF-8: invalid byte at offset ${decoded.byteOffset}`, { byteOffset: decoded.byteOffset, params: { offset: decoded.byteOffset } })],
        warnings: [],
      };
    }
    return importAnswersText(decoded.text, named, scope);
  } catch (e) {
    // Last line of defence (e.g. out of memory on a huge string): still a Result.
    return { ok: false, format: named, errors: [issue('wrong-shape', e instanceof Error ? e.message : String(e))], warnings: [] };
  }
}

export function importAnswersText(text: string, format: AnswerFormat | null, scope: AnswerScope): ImportResult {
  if (text.trim() === '') return { ok: false, format, errors: [issue('empty-file', 'The file is empty', { line: 1 })], warnings: [] };
  const f = format ?? sniffFormat(text);
  if (f === 'answers-json') return readAnswersJson(text, scope);
  if (f === 'jsonl') return readJsonl(text, scope);
  return readCsv(text, scope);
}
