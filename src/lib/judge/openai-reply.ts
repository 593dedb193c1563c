/**
 * Reading an OpenAI-compatible reply: the SSE stream (or one JSON completion from a server that
 * ignored `stream: true`) into text, finish reason and usage, with the request's idle timer kicked
 * on every byte. A stream that ends without a finish reason reports 'none'.
 */
import type { FinishReason, GenerateOptions, GenerateRequest, GenerateResult } from './engine.ts';
import { EngineError } from './errors.ts';
import { httpError, malformedReply } from './http-errors.ts';
import { createSseParser } from './sse.ts';

/** What a reply has said so far. */
export interface Accumulated {
  text: string;
  finish: unknown;
  usage: Record<string, unknown> | null;
  chunks: number;
  firstAt: number;
}

/** A finish reason as the stream reported it; a stream that ended without one is 'none' (maybe cut). */
export function mapFinish(reason: unknown): FinishReason {
  if (reason === 'stop' || reason === 'length' || reason === 'abort') return reason;
  if (reason === undefined || reason === null) return 'none';
  return 'other';
}

export function rec(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function detailOf(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Joins the caller's signal with an idle timer; `kick()` restarts the timer on every byte. */
export class RequestSignal {
  readonly controller = new AbortController();
  timedOut = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #timeoutMs: number;
  readonly #outer?: AbortSignal;
  readonly #onOuter = (): void => this.controller.abort();

  constructor(timeoutMs: number, outer?: AbortSignal) {
    this.#timeoutMs = timeoutMs;
    this.#outer = outer;
    if (outer?.aborted) this.controller.abort();
    outer?.addEventListener('abort', this.#onOuter, { once: true });
    this.kick();
  }

  kick(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort();
    }, this.#timeoutMs);
  }

  done(): void {
    clearTimeout(this.#timer);
    this.#outer?.removeEventListener('abort', this.#onOuter);
  }

  get userAborted(): boolean {
    return this.#outer?.aborted === true;
  }
}

export async function readStream(
res: Response,
baseUrl: string,
url: string,
sig: RequestSignal,
acc: Accumulated,
opts: GenerateOptions,
started: number,
): Promise<void> {
  if (res.body === null) throw malformedReply(baseUrl, 'empty stream', '');
  let sawChoices = false;
  let failure: EngineError | null = null;
  const parser = createSseParser((data) => {
    if (failure !== null || data === '[DONE]') return;
    let j: unknown;
    try {
      j = JSON.parse(data);
    } catch {
      failure = malformedReply(baseUrl, 'a stream event is not JSON', data);
      return;
    }
    const o = rec(j);
    if (o === null) return;
    if (o['error'] !== undefined) {
      failure = httpError(500, url, JSON.stringify(o));
      return;
    }
    const u = rec(o['usage']);
    if (u !== null) acc.usage = u;
    const choices = o['choices'];
    if (!Array.isArray(choices)) return;
    sawChoices = true;
    const c = rec(choices[0]);
    if (c === null) return;
    const delta = rec(c['delta'])?.['content'];
    if (typeof delta === 'string' && delta !== '') {
      if (acc.firstAt === 0) acc.firstAt = performance.now();
      acc.text += delta;
      acc.chunks += 1;
      opts.onToken?.(delta);
    }
    if (c['finish_reason'] !== null && c['finish_reason'] !== undefined) acc.finish = c['finish_reason'];
  });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      sig.kick();
      parser.feed(decoder.decode(value, { stream: true }));
      if (failure !== null) throw failure;
    }
    parser.feed(decoder.decode());
    parser.end();
  } catch (e) {
    void reader.cancel().catch(() => undefined);
    throw e;
  }
  if (failure !== null) throw failure;
  if (!sawChoices) throw malformedReply(baseUrl, 'the stream carried no `choices`', '');
  if (acc.firstAt === 0) acc.firstAt = started;
}


export function usageOf(
  acc: { text: string; usage: Record<string, unknown> | null; chunks: number; firstAt: number },
  started: number,
  ended: number,
  req: GenerateRequest,
): GenerateResult['usage'] {
  const u = acc.usage;
  const extra = rec(u?.['extra']);
  // Without a usage block, estimate: one stream chunk ≈ one token; ~4 characters per prompt token.
  const promptTokens =
    num(u?.['prompt_tokens']) ?? Math.ceil(req.messages.reduce((n, m) => n + m.content.length, 0) / 4);
  const completionTokens = num(u?.['completion_tokens']) ?? acc.chunks;
  const ttft = Math.max((acc.firstAt - started) / 1000, 1e-3);
  const decodeS = Math.max((ended - acc.firstAt) / 1000, 1e-3);
  return {
    promptTokens,
    completionTokens,
    prefillTokensPerS: num(extra?.['prefill_tokens_per_s']) ?? promptTokens / ttft,
    decodeTokensPerS: num(extra?.['decode_tokens_per_s']) ?? (completionTokens > 1 ? (completionTokens - 1) / decodeS : undefined),
    latencyS: (ended - started) / 1000,
  };
}
