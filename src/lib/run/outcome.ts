/** A job's stored state turned into the JudgmentOutcome the Results page and exports read. */
import { parseJudgeOutputFor } from '../pollux/index.ts';
import type { OutputFormat } from '../judge/engine.ts';
import type { JobRecord } from '../store/run-records.ts';
import type { JudgmentOutcome } from './types.ts';

const TRUNCATED: Record<'length' | 'no-finish', string> = {
  length: 'The output was cut by the context window or max_tokens before the verdict.',
  'no-finish': 'The output stream ended without a finish reason (the connection closed early); the text may be incomplete.',
};

export function outcomeOf(job: JobRecord, raw: string | undefined, format: OutputFormat): JudgmentOutcome | null {
  if (job.status === 'failed') {
    if (job.error?.code === 'too-long') return { kind: 'too-long', message: job.error.message };
    return { kind: 'error', code: job.error?.code ?? 'unknown', message: job.error?.message ?? '' };
  }
  if ((job.status !== 'done' && job.status !== 'unparsed') || raw === undefined) return null;
  // A cut output is never a score, whatever it happens to contain.
  if (job.status === 'unparsed' && job.truncated !== undefined) return { kind: 'truncated', reason: job.truncated, message: TRUNCATED[job.truncated] };
  // Parsed again from the raw text rather than stored: the raw text is the single source of
  // truth, and a parser fix then applies to old runs too.
  const parsed = parseJudgeOutputFor(format, raw);
  return parsed.kind === 'score' ? { kind: 'score', score: parsed.score, feedback: parsed.feedback } : parsed;
}
