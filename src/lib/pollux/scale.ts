import { NUMBER_SOURCE, parsePolluxNumber } from './number.ts';
import { pickLanguage } from './rubrics.ts';
import type { Rubrics } from './types.ts';

/**
 * Scale parsing with utils/score_utils.py's rules, so custom scales (§8 of the reference) are
 * checked exactly as metrics.py checks them.
 */

/** A level line: "0: …", "1 — …", "2. …", "3) …", "0 - Poor", "- 2: …" bullets. */
const LEVEL_LINE = new RegExp(
  String.raw`^\s*(?:[-*•]\s+)?(${NUMBER_SOURCE})\s*(?::|[—–]|\.(?=\s)|\)|-(?=\s))`,
  'gm',
);
/** "от 1 до 10" / "from 1 to 10". */
const NAMED_RANGE = new RegExp(String.raw`(?:от|from)\s+(${NUMBER_SOURCE})\s+(?:до|to)\s+(${NUMBER_SOURCE})`, 'iu');
/** "шкала 1–10" / "scale 1-10" / "scale 1..10" on one line. */
const SCALE_RANGE = new RegExp(
  String.raw`(?:шкала|scale)[^\n]*?(${NUMBER_SOURCE})\s*(?:\.\.|…|[—–-])\s*(${NUMBER_SOURCE})`,
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

function enumeratedInText(text: string): number[] {
  return numbersOf([...text.matchAll(LEVEL_LINE)].map((m) => m[1]));
}

function rangeInText(text: string): number[] {
  for (const pattern of [NAMED_RANGE, SCALE_RANGE]) {
    const m = pattern.exec(text);
    if (m) return numbersOf([m[1], m[2]]);
  }
  return [];
}

function numericKeys(rubrics: Exclude<Rubrics, string>): number[] {
  return numbersOf(Object.keys(rubrics));
}

/**
 * Enumerated levels only (level lines or numeric map keys), unsorted, with duplicates.
 * A language-keyed map uses `ru` like the rendered prompt does (Python unions all languages;
 * criteria.json's languages share their keys, so both agree there).
 */
function enumerated(rubrics: Rubrics): number[] {
  if (typeof rubrics === 'string') return enumeratedInText(rubrics);
  const keys = numericKeys(rubrics);
  if (keys.length > 0) return keys;
  const nested = pickLanguage(rubrics);
  return nested === null ? [] : enumerated(nested);
}

/**
 * score_utils `parse_scale_values`: enumerated levels, else (text only) the two ends of an
 * "от A до B" / "шкала A–B" range. Empty when the rubric declares no scale.
 */
export function parseScaleValues(rubrics: Rubrics | null | undefined): number[] {
  if (rubrics === null || rubrics === undefined) return [];
  const levels = enumerated(rubrics);
  if (levels.length > 0) return levels;
  if (typeof rubrics === 'string') return rangeInText(rubrics);
  const nested = pickLanguage(rubrics);
  return typeof nested === 'string' ? rangeInText(nested) : [];
}

/** Sorted distinct levels when the rubric enumerates them; null for range-only or no scale. */
export function parseScaleLevels(rubrics: Rubrics | null | undefined): number[] | null {
  if (rubrics === null || rubrics === undefined) return null;
  const levels = [...new Set(enumerated(rubrics))].sort((a, b) => a - b);
  return levels.length > 0 ? levels : null;
}

/** [min, max] declared by the rubric, or null when it declares no scale. */
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
 * Whether a score lies within the rubric's [min, max]. True when no scale is declared, because
 * metrics.py must not discard an otherwise valid score for missing rubric metadata.
 */
export function scoreWithinScale(score: number, rubrics: Rubrics | null | undefined): boolean {
  if (!Number.isFinite(score)) return false;
  const bounds = parseScaleBounds(rubrics);
  if (bounds === null) return true;
  return bounds[0] <= score && score <= bounds[1];
}
