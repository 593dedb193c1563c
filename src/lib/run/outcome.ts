/** A job's stored state turned into the JudgmentOutcome the Results page and exports read. */
import { parseJudgeOutputFor } from '../pollux/index.ts';
import type { OutputFormat } from '../judge/engine.ts';
import type { JobRecord } from '../store/run-records.ts';
import type { JudgmentOutcome } from './types.ts';

export function outcomeOf(job: JobRecord, raw: string | undefined, format: OutputFormat): JudgmentOutcome | null {
  if (job.status === 'failed') {
    return { kind: 'error', code: job.error?.code ?? 'unknown', message: job.error?.message ?? '' };
  }
  if ((job.status !== 'done' && job.status !== 'unparsed') || raw === undefined) return null;
  // Parsed again from the raw text rather than stored: the raw text is the single source of
  // truth, and a parser fix then applies to old runs too.
  const parsed = parseJudgeOutputFor(format, raw);
  return parsed.kind === 'score' ? { kind: 'score', score: parsed.score, feedback: parsed.feedback } : parsed;
}
