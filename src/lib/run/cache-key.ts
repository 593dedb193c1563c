/**
 * The content key of a judgment. Two judgments with the same key are the same work — same judge
 * weights, same exact prompt bytes, same sampling (seed included), same output format — so the
 * cache answers the second one and the engine is never asked twice, across runs and, through
 * run bundles, across machines. Engine errors are never stored under a key (see runner.ts).
 */
import type { SamplingParams } from '../judge/engine.ts';
import type { JudgeSpec } from '../judge/spec.ts';
import type { CacheKeyParts } from './types.ts';
import { canonicalJson } from './canonical-json.ts';

/** Bumped if the meaning of the hashed fields ever changes, so old cache entries stop matching. */
export const CACHE_KEY_VERSION = 1;

const encoder = new TextEncoder();

function toHex(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, '0');
  return out;
}

/** SHA-256 hex of the canonical JSON of `parts` (WebCrypto: browsers and Node ≥ 20 alike). */
export async function computeCacheKey(parts: CacheKeyParts): Promise<string> {
  const text = canonicalJson({ v: CACHE_KEY_VERSION, ...parts });
  return toHex(await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

export function isCacheKey(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

/**
 * The judge identity that goes into every key. A web-llm model has a real weights revision. An
 * endpoint cannot prove which weights serve a model name, so the endpoint URL stands in for the
 * revision: the same name on another server is treated as possibly other weights.
 */
export function judgeIdentity(spec: JudgeSpec): { judgeModelId: string; weightsRevision: string } {
  if (spec.kind === 'webllm') return { judgeModelId: spec.modelId, weightsRevision: spec.weightsRevision };
  return { judgeModelId: spec.model, weightsRevision: `endpoint:${spec.baseUrl.replace(/\/+$/, '')}` };
}

/**
 * Sampling for attempt `attempt` (0 = first). A retry after an unparsable output shifts the seed,
 * so it is different work with its own key (and its own cached raw text), not a cache hit of the
 * output that just failed.
 */
export function samplingForAttempt(sampling: SamplingParams, attempt: number): SamplingParams {
  if (attempt === 0) return sampling;
  return { ...sampling, seed: (sampling.seed ?? 0) + attempt };
}
