import { NUMBER_SOURCE, PY_SPACE, parsePolluxNumber } from './number.ts';
import type { Rubrics } from './types.ts';

/**
 * Scale parsing with score_utils.py's rules, so custom scales (docs/POLLUX.md, "Scales") are
 * checked exactly as metrics.py checks them. The patterns spell out Python's `\d`, `\s` and
 * MULTILINE `^` (start, or after "\n" only; JavaScript's `m` flag also starts lines after "\r").
 */

/** A level line: "0: …", "1 — …", "2. …", "3) …", "0 - Poor", "- 2: …" bullets. */
const LEVEL_LINE = new RegExp(
  String.raw`(?<![^\n])${PY_SPACE}*(?:[-*•]${PY_SPACE}+)?(${NUMBER_SOURCE})${PY_SPACE}*(?::|[—–]|\.(?=${PY_SPACE})|\)|-(?=${PY_SPACE}))`,
  'gu',
);
/** "от 1 до 10" / "from 1 to 10". */
const NAMED_RANGE = new RegExp(
  String.raw`(?:от|from)${PY_SPACE}+(${NUMBER_SOURCE})${PY_SPACE}+(?:до|to)${PY_SPACE}+(${NUMBER_SOURCE})`,
  'iu',
);
/** "шкала 1–10" / "scale 1-10" / "scale 1..10" on one line. */
const SCALE_RANGE = new RegExp(
  String.raw`(?:шкала|scale)[^\n]*?(${NUMBER_SOURCE})${PY_SPACE}*(?:\.\.|…|[—–-])${PY_SPACE}*(${NUMBER_SOURCE})`,
  'iu',
);

function numbersOf(groups: ReadonlyArray<string | undefined>): number[] {
  const out: number[] = [];
  for (const g of groups) {
    const n = g === undefined ? null : parsePolluxNumber(g);
    if (n !== null) out.push(n);
  }
  return out;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function levelsInText(text: string): number[] {
  return numbersOf([...text.matchAll(LEVEL_LINE)].map((m) => m[1]));
}

function rangeInText(text: string): number[] {
  for (const pattern of [NAMED_RANGE, SCALE_RANGE]) {
    const m = pattern.exec(text);
    if (m) return numbersOf([m[1], m[2]]);
  }
  return [];
}

/**
 * score_utils `parse_scale_values`, branch for branch: a map's numeric keys, else the values of
 * all its entries (every language of a criteria.json `scale`); a text's level lines, else the two
 * ends of its first "от A до B" / "шкала A–B"; a list's items; a bare number. Empty when the
 * rubric declares no scale. `withRanges` false keeps only enumerated levels (parseScaleLevels).
 */
function scaleValues(rubrics: unknown, withRanges: boolean): number[] {
  if (isMapping(rubrics)) {
    const keys = numbersOf(Object.keys(rubrics));
    if (keys.length > 0) return keys;
    return Object.values(rubrics).flatMap((v) => scaleValues(v, withRanges));
  }
  if (typeof rubrics === 'string') {
    const levels = levelsInText(rubrics);
    if (levels.length > 0 || !withRanges) return levels;
    return rangeInText(rubrics);
  }
  if (Array.isArray(rubrics)) return rubrics.flatMap((v) => scaleValues(v, withRanges));
  if (typeof rubrics === 'number') return [rubrics];
  return [];
}

/** score_utils `parse_scale_values`. */
export function parseScaleValues(rubrics: Rubrics | null | undefined): number[] {
  return scaleValues(rubrics, true);
}

/** Sorted distinct levels when the rubric enumerates them; null for range-only or no scale. */
export function parseScaleLevels(rubrics: Rubrics | null | undefined): number[] | null {
  const levels = [...new Set(scaleValues(rubrics, false))].sort((a, b) => a - b);
  return levels.length > 0 ? levels : null;
}

/** score_utils `parse_scale_bounds`: [min, max] declared by the rubric, or null when it declares no scale. */
export function parseScaleBounds(rubrics: Rubrics | null | undefined): [number, number] | null {
  const values = parseScaleValues(rubrics);
  if (values.length === 0) return null;
  return [Math.min(...values), Math.max(...values)];
}

/**
 * score_utils `is_binary_scale`: the declared values are exactly {0, 1}. Like Python this also
 * holds for a range-only "от 0 до 1", since its declared values are its ends.
 */
export function isBinaryScale(rubrics: Rubrics | null | undefined): boolean {
  const set = new Set(parseScaleValues(rubrics));
  return set.size === 2 && set.has(0) && set.has(1);
}

/**
 * score_utils `score_is_within_scale`: the score lies within the rubric's [min, max]. True when
 * no scale is declared, because metrics.py must not discard an otherwise valid score for missing
 * rubric metadata.
 */
export function scoreWithinScale(score: number, rubrics: Rubrics | null | undefined): boolean {
  if (!Number.isFinite(score)) return false;
  const bounds = parseScaleBounds(rubrics);
  if (bounds === null) return true;
  return bounds[0] <= score && score <= bounds[1];
}
