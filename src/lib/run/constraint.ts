/**
 * The constraint a retry decodes under, built from the rubric's own levels, so the only outputs
 * the judge can produce are ones POLLUX's parser reads: `[FEEDBACK] <text> [RESULT] <level> [END]`
 * for the tagged judges, the bare level for the 4B judge. Pure.
 *
 * Grammar (web-llm's xgrammar, EBNF): the free text is one negated character class (`[^\[]+`, no
 * `[` until `[RESULT]`): a single class is matched by a fast automaton, whereas excluding the
 * string "[RESULT]" would need a negative lookahead, which xgrammar handles slowly. The regex
 * (vLLM structured output) is the same language.
 */
import type { DecodingConstraint, OutputFormat } from '../judge/engine.ts';
import { parseScaleLevels } from '../pollux/index.ts';
import type { Rubrics } from '../pollux/types.ts';

/** A level as the judge writes it (`2`, `0.5`). */
function levelText(n: number): string {
  return String(n);
}

function regexEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The rubric's levels, or null when it declares none (then no constraint can be built). */
export function rubricLevels(rubrics: Rubrics | null | undefined): string[] | null {
  const levels = parseScaleLevels(rubrics);
  return levels === null || levels.length === 0 ? null : [...new Set(levels.map(levelText))];
}

export function grammarFor(format: OutputFormat, levels: readonly string[]): string {
  const score = levels.map((l) => JSON.stringify(l)).join(' | ');
  if (format === 'bare-number') {
    // The 4B judge may reason first; its reasoning is one class too (no '<' inside).
    return ['root ::= think? ws score ws', 'think ::= "<think>" [^<]* "</think>"', `score ::= ${score}`, 'ws ::= [ \\t\\n]*'].join('\n');
  }
  return ['root ::= ws "[FEEDBACK]" text "[RESULT]" ws score ws "[END]"', 'text ::= [^\\[]+', `score ::= ${score}`, 'ws ::= [ \\t\\n]*'].join('\n');
}

export function regexFor(format: OutputFormat, levels: readonly string[]): string {
  const score = `(${levels.map(regexEscape).join('|')})`;
  if (format === 'bare-number') return `\\s*(<think>[^<]*</think>)?\\s*${score}\\s*`;
  return `\\s*\\[FEEDBACK\\][^\\[]+\\[RESULT\\]\\s*${score}\\s*\\[END\\]`;
}

/** The constraint of `kind` for a rubric, or null when the rubric has no levels to constrain to. */
export function constraintFor(kind: DecodingConstraint['kind'], format: OutputFormat, rubrics: Rubrics | null | undefined): DecodingConstraint | null {
  const levels = rubricLevels(rubrics);
  if (levels === null) return null;
  return kind === 'grammar' ? { kind, ebnf: grammarFor(format, levels) } : { kind, pattern: regexFor(format, levels) };
}
