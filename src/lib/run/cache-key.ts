/**
 * The content key of a judgment. Two judgments with the same key are the same work — same judge
 * weights, same exact prompt bytes, same sampling (seed included), same output format, same
 * decoding constraint (a constrained retry is other work than the free attempt) — so the
 * cache answers the second one and the engine is never asked twice, across runs and, through
 * run bundles, across machines. Engine errors are never stored under a key (see runner.ts).
 */
import type { DecodingConstraint, SamplingParams } from '../judge/engine.ts';
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

/** The key of one attempt: the run's judge and output format with that attempt's prompt, sampling and constraint. */
export function attemptKey(
  settings: { judge: JudgeSpec },
  prompt: string,
  sampling: SamplingParams,
  constraint: DecodingConstraint | undefined,
): Promise<string> {
  return computeCacheKey({ ...judgeIdentity(settings.judge), prompt, sampling, outputFormat: settings.judge.outputFormat, constraint });
}

/**
 * Where an imported run's own judgments are stored: apart from this machine's cache (a plain
 * content key), so a stranger's bundle can never answer a local job — until the user trusts it.
 */
export function importedKey(runId: string, key: string): string {
  return `imported:${runId}:${key}`;
}
