import { parseBareScore } from './parse-bare.ts';
import { parseJudgeOutput } from './parse-tagged.ts';
import type { JudgeOutputFormat, JudgeParse } from './types.ts';

/**
 * Parses with the judge's own format. There is deliberately no cross-fallback: a tagged judge
 * that emits a bare number has left its trained format, and reading its text as a score would
 * hide that.
 */
export function parseJudgeOutputFor(format: JudgeOutputFormat, text: string): JudgeParse {
  switch (format) {
    case 'tagged':
      return parseJudgeOutput(text);
    case 'bare-number':
      return parseBareScore(text);
  }
}
