/**
 * Numbers exactly as POLLUX's Python reads them (docs/POLLUX.md, "Numbers"). score_utils.py
 * finds numbers with patterns built on `\d` and `\s`, which in Python's `re` mean any Unicode
 * decimal digit and any Unicode whitespace, and reads them with `float()` after replacing `,` by
 * `.`. JavaScript's `\d` and `\s` mean something else, so the patterns here spell Python's
 * classes out and must be compiled with the `u` flag.
 */

/** Python's `\d` on str patterns: any character of Unicode category Nd (needs the `u` flag). */
const PY_DIGIT = String.raw`\p{Nd}`;

/**
 * Python's `\s` on str patterns (the characters `str.isspace()` accepts). JavaScript's `\s` has
 * U+FEFF, which Python's lacks, and lacks U+001C–U+001F and U+0085, which Python's has.
 */
export const PY_SPACE = String.raw`[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]`;

/** score_utils.py NUMBER_PATTERN: optional sign, digits with one optional `.`/`,` fraction, or a leading-dot fraction. */
export const NUMBER_SOURCE = String.raw`[+-]?(?:${PY_DIGIT}+(?:[.,]${PY_DIGIT}+)?|[.,]${PY_DIGIT}+)`;

const ND = /\p{Nd}/u;
const ND_ALL = /\p{Nd}/gu;
const EDGE_SPACE = new RegExp(String.raw`^${PY_SPACE}+|${PY_SPACE}+$`, 'gu');
/** The syntax Python's float() accepts once digits are ASCII: PEP 515 underscores between digits, `inf`, `nan`. */
const DIGITS = '[0-9](?:_?[0-9])*';
const PY_FLOAT_SYNTAX = new RegExp(
  String.raw`^[+-]?(?:(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?|inf(?:inity)?|nan)$`,
  'i',
);

/**
 * The value 0–9 of a Unicode decimal digit. Unicode encodes every Nd digit in a run of ten, 0 to 9
 * in order, so the value is the distance from the start of its run, modulo ten (adjacent runs,
 * such as the mathematical digits, are each ten long).
 */
function digitValue(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  let start = cp;
  while (start > 0 && ND.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/**
 * Python's `float(text)`: null where Python raises ValueError. Accepts surrounding whitespace,
 * any Unicode decimal digits (full-width `２`, Arabic-Indic `٣`, …, even mixed), underscores
 * between digits, exponents, `inf`/`infinity`/`nan` in any case. Returns ±Infinity or NaN for
 * those, as Python does.
 */
export function pyFloat(text: string): number | null {
  const ascii = text.replace(EDGE_SPACE, '').replace(ND_ALL, (d) => String(digitValue(d)));
  if (!PY_FLOAT_SYNTAX.test(ascii)) return null;
  const body = ascii.replace(/_/g, '').toLowerCase();
  const sign = body.startsWith('-') ? -1 : 1;
  const unsigned = body.replace(/^[+-]/, '');
  if (unsigned.startsWith('inf')) return sign * Infinity;
  if (unsigned === 'nan') return Number.NaN;
  return Number(body);
}

/**
 * score_utils.py `parse_number`: `float(str(value).strip().replace(",", "."))`, null where
 * Python returns None. For text found by NUMBER_SOURCE this is always a finite number; rubric map
 * keys reach it unfiltered, as in Python, so `"1e1"` or `"inf"` are read as Python reads them.
 */
export function parsePolluxNumber(text: string): number | null {
  return pyFloat(text.replaceAll(',', '.'));
}
