import { parsePolluxNumber } from './number.ts';
import type { RubricMap, Rubrics } from './types.ts';

/** Language preferred when a rubric map is keyed by language, as criteria.json's `scale` is. */
const PREFERRED_LANGUAGE = 'ru';

/** Numeric-keyed text entries of a map, in numeric order (so "10" comes after "9"). */
function levelEntries(map: RubricMap): Array<[string, string]> {
  const entries: Array<[string, number, string]> = [];
  for (const [key, value] of Object.entries(map)) {
    const level = parsePolluxNumber(key);
    if (level !== null && typeof value === 'string') entries.push([key, level, value]);
  }
  // Array.prototype.sort is stable, so equal levels keep their source order.
  entries.sort((a, b) => a[1] - b[1]);
  return entries.map(([key, , text]) => [key, text]);
}

/**
 * The nested map to use for a language-keyed rubric: `ru` (the judge is Russian-only and the
 * dataset's rubrics are the `ru` texts), else the first entry. Null when the map is flat.
 */
export function pickLanguage(map: RubricMap): Rubrics | null {
  const preferred = map[PREFERRED_LANGUAGE];
  if (preferred !== undefined) return preferred;
  const first = Object.values(map)[0];
  return first === undefined ? null : first;
}

/**
 * Rubric text as the judge must see it. A string is the dataset's own text and is used as is;
 * a `{ level: text }` map is rendered `"k: text"` joined by a blank line, which reproduces the
 * dataset's `rubrics` column exactly from criteria.json `scale.ru` (deepeval's single "\n" does
 * not). Non-numeric keys of a flat map are not levels and are left out.
 */
export function renderRubrics(rubrics: Rubrics | null | undefined): string {
  if (rubrics === null || rubrics === undefined) return '';
  if (typeof rubrics === 'string') return rubrics;
  const levels = levelEntries(rubrics);
  if (levels.length > 0) return levels.map(([key, text]) => `${key}: ${text}`).join('\n\n');
  const nested = pickLanguage(rubrics);
  return nested === null ? '' : renderRubrics(nested);
}
