/**
 * One job of a run, from its prompt to its final state: the length check, then attempts until a
 * score or the retry budget is spent. Each attempt is different work (attempts.ts): free first,
 * as POLLUX runs its judges; then constrained to the rubric's output grammar, or sampled hotter.
 * A cut output (finish 'length', or a stream that ended without a finish reason) is 'truncated':
 * kept for display under its key, never a cache hit that settles a job, never a score, and its
 * retry is constrained. A prompt that cannot fit the context is 'too-long' before any engine call.
 */
import type { GenerateResult, OutputFormat } from '../judge/engine.ts';
import { parseJudgeOutputFor } from '../pollux/index.ts';
import type { AnswerRecord, AttemptMode, JobRecord, JudgmentRecord, RunSettings } from '../store/run-records.ts';
import { attemptKey, judgeIdentity } from './cache-key.ts';
import { attemptRequest, firstAttemptMode, modeFor, type AttemptRequest } from './attempts.ts';
import type { GenOutcome } from './engine-slot.ts';
import { judgePromptFor } from './expand.ts';
import { fitsContext, promptTokenEstimate, tooLongMessage } from './length.ts';

/** What a settled job tells the precision estimate: its instruction, criterion and score (null: not a score). */
export interface SettledScore {
  prompt_id: number;
  criterionIndex: number;
  score: number | null;
}

export interface JobContext {
  settings: RunSettings;
  /** Decoding modes the engine offers (attempts.availableModes). */
  modes: readonly AttemptMode[];
  /** The judge's context window, when known. */
  contextWindow: number | undefined;
  answer(prompt_id: number): AnswerRecord | undefined;
  lookup(key: string, attempt: number): Promise<JudgmentRecord | undefined>;
  /** An intermediate state (running, an unsettled attempt's judgment). */
  write(job: JobRecord, judgment?: JudgmentRecord): Promise<void>;
  /** The final state. */
  settle(job: JobRecord, judgment: JudgmentRecord | undefined, score: number | null): void;
  generate(key: string, request: AttemptRequest, prompt: string): Promise<GenOutcome>;
  now(): number;
}

/** A cut output: 'length' (window or max_tokens), 'no-finish' (the stream ended without saying why, or was interrupted). */
export function truncation(finish: GenerateResult['finishReason']): JudgmentRecord['finish'] {
  if (finish === 'length') return 'length';
  if (finish === 'none' || finish === 'abort') return 'no-finish';
  return undefined;
}

function parsedScore(format: OutputFormat, raw: string, finish: JudgmentRecord['finish']): number | null {
  if (finish !== undefined) return null;
  const p = parseJudgeOutputFor(format, raw);
  return p.kind === 'score' ? p.score : null;
}

export async function judgeJob(ctx: JobContext, queued: JobRecord): Promise<void> {
  const settings = ctx.settings;
  const format = settings.judge.outputFormat;
  const answer = ctx.answer(queued.prompt_id ?? -1);
  const ci = queued.criterionIndex ?? 0;
  const row = answer?.instruction;
  // A fresh trail: earlier attempts of a job put back to the queue are redone (their keys are cache hits).
  const { truncated: _t, imported: _i, ...rest } = queued;
  let job: JobRecord = { ...rest, attemptKeys: [], attemptModes: [] };
  if (!answer || !row?.criteria[ci]) {
    ctx.settle({ ...job, status: 'failed', error: { code: 'missing-input', message: 'The run lost this job’s instruction or answer' } }, undefined, null);
    return;
  }
  const promptTokens = promptTokenEstimate(row, answer.answer, ci);
  if (ctx.contextWindow !== undefined && !fitsContext(promptTokens, format, ctx.contextWindow)) {
    ctx.settle({ ...job, status: 'failed', error: { code: 'too-long', message: tooLongMessage(promptTokens, ctx.contextWindow) } }, undefined, null);
    return;
  }
  const rubrics = row.criteria[ci].rubrics;
  const prompt = judgePromptFor(row, answer.answer, ci);
  let marked = false;
  for (let attempt = 0; attempt <= settings.maxParseRetries; attempt++) {
    const modes = job.attemptModes ?? [];
    const wanted = modeFor(attempt, ctx.modes, settings.constrainAll === true);
    const req = attemptRequest(settings, rubrics, attempt, wanted, modes.filter((m) => m === wanted).length);
    // The stored first key was made for the expected first mode; any other attempt is hashed here.
    const key = attempt === 0 && wanted === firstAttemptMode(settings) ? job.cacheKey : await attemptKey(settings, prompt, req.sampling, req.constraint);
    const attemptKeys = [...(job.attemptKeys ?? []), key];
    const attemptModes = [...modes, req.mode];
    const hit = await ctx.lookup(key, attempt);
    let judgment: JudgmentRecord | undefined;
    let raw: string;
    let finish: JudgmentRecord['finish'];
    if (hit) {
      raw = hit.raw;
      finish = hit.finish;
    } else {
      if (!marked) {
        marked = true;
        void ctx.write({ ...job, status: 'running' });
      }
      const out = await ctx.generate(key, req, prompt);
      if (out.kind === 'stopped') {
        void ctx.write({ ...job, status: 'pending' });
        return;
      }
      if (out.kind === 'too-long') {
        ctx.settle({ ...job, status: 'failed', attempts: attempt + 1, attemptKeys, attemptModes, error: { code: 'too-long', message: out.message } }, undefined, null);
        return;
      }
      if (out.kind === 'failed') {
        ctx.settle({ ...job, status: 'failed', attempts: attempt + 1, attemptKeys, attemptModes, error: { code: out.code, message: out.message } }, undefined, null);
        return;
      }
      raw = out.result.text;
      finish = truncation(out.result.finishReason);
      judgment = {
        cacheKey: key,
        raw,
        createdAt: ctx.now(),
        usage: { promptTokens: out.result.usage.promptTokens, completionTokens: out.result.usage.completionTokens },
        engine: `${settings.judge.kind}:${judgeIdentity(settings.judge).judgeModelId}`,
        ...(req.mode !== 'free' ? { mode: req.mode } : {}),
        ...(finish !== undefined ? { finish } : {}),
      };
    }
    const score = parsedScore(format, raw, finish);
    job = { ...job, attempts: attempt + 1, attemptKeys, attemptModes };
    if (score !== null || attempt === settings.maxParseRetries) {
      const status = score !== null ? 'done' : 'unparsed';
      const settled: JobRecord = { ...job, status, resultKey: key, cached: !judgment, ...(score === null && finish !== undefined ? { truncated: finish } : {}) };
      ctx.settle(settled, judgment, score);
      return;
    }
    // Not settled yet: keep this attempt's raw text (and the job's trail) before retrying.
    if (judgment) await ctx.write({ ...job, status: 'running' }, judgment);
  }
}
