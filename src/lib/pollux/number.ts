/**
 * POLLUX's number syntax (utils/score_utils.py NUMBER_PATTERN): optional sign, decimal point or
 * comma, leading-dot forms like ".5". Shared by the result parser and the scale parser so both
 * accept exactly the same numbers.
 */
export const NUMBER_SOURCE = String.raw`[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)`;

const WHOLE_NUMBER = new RegExp(String.raw`^\s*(${NUMBER_SOURCE})\s*$`);

/**
 * Parses a POLLUX number, comma or point. Stricter than Python's `float()` (no exponents, `inf`,
 * `nan` or underscores) on purpose: those never appear in rubric keys or judge outputs, and
 * accepting them would let garbage become a score.
 */
export function parsePolluxNumber(text: string): number | null {
  const m = WHOLE_NUMBER.exec(text);
  if (!m || m[1] === undefined) return null;
  const value = Number(m[1].replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}
