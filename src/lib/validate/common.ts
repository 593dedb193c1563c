/**
 * Schema pieces shared by the validators of foreign data (run bundles, share links): bounded
 * text, finite numbers, counts and POLLUX rubrics. Bounds keep every loop over a hostile value
 * short and every string small enough to show.
 */
import * as v from 'valibot';
import type { RubricMap } from '../pollux/types.ts';

export const boundedText = (max: number) => v.pipe(v.string(), v.maxLength(max));
export const finiteNumber = v.pipe(v.number(), v.finite());
/** A non-negative whole number (an index, a count). */
export const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

const rubricMap = (depth: number, maxText: number): v.GenericSchema<RubricMap> =>
  v.record(
    boundedText(200),
    depth === 0 ? boundedText(maxText) : v.union([boundedText(maxText), v.lazy(() => rubricMap(depth - 1, maxText))]),
  );

/**
 * A POLLUX rubric: the dataset's text, or levels → text, nested at most three levels (POLLUX's
 * per-language maps use one).
 */
export const rubricsSchema = (maxText: number) => v.union([boundedText(maxText), rubricMap(2, maxText)]);
