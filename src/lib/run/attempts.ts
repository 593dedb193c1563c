/**
 * What each attempt of a judgment asks the engine for. Every attempt is different work from the
 * ones before it — at temperature 0 a judge is greedy and ignores the seed, so asking again with
 * only a new seed would prefill the same long prompt to get the same unparsable text:
 *
 * - attempt 0 decodes freely, exactly as POLLUX runs its judges (unless the run constrains every
 *   attempt);
 * - a retry is constrained to the rubric's output grammar when the engine can (web-llm: grammar,
 *   vLLM: regex), and when it cannot it samples at RETRY_TEMPERATURE;
 * - a second constrained attempt also samples hotter, since the first one was greedy.
 *
 * The mode of each attempt is stored with the job (attemptModes), so the key of any attempt can
 * be recomputed (bundle import checks them). Pure.
 */
import type { DecodingConstraint, SamplingParams } from '../judge/engine.ts';
import type { AttemptMode, RunSettings } from '../store/run-records.ts';
import type { Rubrics } from '../pollux/types.ts';
import { constraintFor } from './constraint.ts';

export const RETRY_TEMPERATURE = 0.7;

/** Modes an engine offers: its constraint kinds, and always a hotter sample. */
export function availableModes(constraints: readonly DecodingConstraint['kind'][] | undefined): AttemptMode[] {
  return [...(constraints ?? []), 'temperature'];
}

/**
 * The mode the first attempt is expected to use, known before any engine is loaded (the job's
 * stored first key is computed with it): free, or — when every attempt is constrained — the
 * constraint the judge kind offers (web-llm: grammar; an endpoint: vLLM's regex).
 */
export function firstAttemptMode(settings: Pick<RunSettings, 'judge' | 'constrainAll'>): AttemptMode {
  if (settings.constrainAll !== true) return 'free';
  return settings.judge.kind === 'webllm' ? 'grammar' : 'regex';
}

/** The mode of attempt `attempt` given what the engine offers. */
export function modeFor(attempt: number, available: readonly AttemptMode[], constrainAll: boolean): AttemptMode {
  const constrained = available.find((m): m is 'grammar' | 'regex' => m === 'grammar' || m === 'regex');
  if (attempt === 0) return constrainAll && constrained !== undefined ? constrained : 'free';
  if (constrained !== undefined) return constrained;
  return available.includes('temperature') ? 'temperature' : 'free';
}

export interface AttemptRequest {
  mode: AttemptMode;
  sampling: SamplingParams;
  constraint?: DecodingConstraint;
}

/**
 * Sampling and constraint of attempt `attempt` in `mode`; `sameModeBefore` is how many earlier
 * attempts used the same mode. A constrained mode whose rubric has no levels falls back to a
 * hotter sample (nothing to constrain to).
 */
export function attemptRequest(
  settings: Pick<RunSettings, 'sampling' | 'judge'>,
  rubrics: Rubrics | null | undefined,
  attempt: number,
  mode: AttemptMode,
  sameModeBefore: number,
): AttemptRequest {
  const base = settings.sampling;
  const seeded: SamplingParams = attempt === 0 ? base : { ...base, seed: (base.seed ?? 0) + attempt };
  const hotter: SamplingParams = { ...seeded, temperature: Math.max(base.temperature, RETRY_TEMPERATURE) };
  if (mode === 'free') return { mode, sampling: seeded };
  if (mode === 'temperature') return { mode, sampling: hotter };
  const constraint = constraintFor(mode, settings.judge.outputFormat, rubrics);
  if (constraint === null) return { mode: 'temperature', sampling: hotter };
  return { mode, sampling: sameModeBefore === 0 ? seeded : hotter, constraint };
}

/** Requests of attempts 0..n-1 for a job with the given stored modes (absent: all free). */
export function storedAttemptRequests(
  settings: Pick<RunSettings, 'sampling' | 'judge'>,
  rubrics: Rubrics | null | undefined,
  modes: readonly AttemptMode[],
): AttemptRequest[] {
  return modes.map((mode, k) => attemptRequest(settings, rubrics, k, mode, modes.slice(0, k).filter((m) => m === mode).length));
}
