/**
 * OpenAICompatibleEngine: a JudgeEngine over any OpenAI-compatible HTTP endpoint (vLLM,
 * llama.cpp server, Ollama, OpenRouter…). Streams `chat.completions`, measures tokens/s from
 * wall time when the server reports no speeds, limits itself to `concurrency` requests in
 * flight, and turns every failure into an EngineError (CORS, 401, 404, 429, 5xx, timeout,
 * malformed reply, abort). The API key only lives in this object; remembering it is the
 * caller's decision (see api-key.ts).
 */
import type {
  EngineInfo,
  FinishReason,
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  JudgeEngine,
  LoadOptions,
  OutputFormat,
} from './engine.ts';
import { EngineError, isEngineError } from './errors.ts';
import { httpError, malformedReply, networkError } from './http-errors.ts';
import { createSseParser } from './sse.ts';
import { Semaphore } from './semaphore.ts';

export interface OpenAIEngineOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Requests in flight at once; default 8. */
  concurrency?: number;
  /** Idle timeout: the request fails when no byte arrives for this long. Default 60 s. */
  timeoutMs?: number;
  outputFormat?: OutputFormat;
  polluxTrained?: boolean;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** The page's origin, for the CORS hint; defaults to location.origin when there is one. */
  pageOrigin?: string;
}

/** `http://h:8000`, `http://h:8000/`, `http://h:8000/v1/` → `http://h:8000/v1`. */
export function normalizeBaseUrl(url: string): string {
  const u = url.trim().replace(/\/+$/, '');
  if (u === '') throw new EngineError('not-found', 'Enter the endpoint base URL.', 'check-endpoint');
  return /\/v\d+$/.test(u) ? u : `${u}/v1`;
}

function mapFinish(reason: unknown): FinishReason {
  if (reason === 'stop' || reason === 'length' || reason === 'abort') return reason;
  return 'other';
}

function rec(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Joins the caller's signal with an idle timer; `kick()` restarts the timer on every byte. */
class RequestSignal {
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

export class OpenAICompatibleEngine implements JudgeEngine {
  readonly info: EngineInfo;
  readonly maxConcurrency: number;
  readonly baseUrl: string;
  /** Models the endpoint listed at load(); empty until then. */
  models: string[] = [];
  readonly #model: string;
  readonly #apiKey?: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #origin?: string;
  readonly #gate: Semaphore;

  constructor(opts: OpenAIEngineOptions) {
    this.baseUrl = normalizeBaseUrl(opts.baseUrl);
    this.#model = opts.model.trim();
    this.#apiKey = opts.apiKey !== undefined && opts.apiKey !== '' ? opts.apiKey : undefined;
    this.#timeoutMs = opts.timeoutMs ?? 60_000;
    this.#fetch = opts.fetch ?? ((input, init) => fetch(input, init));
    this.#origin = opts.pageOrigin ?? (typeof location === 'undefined' ? undefined : location.origin);
    this.maxConcurrency = Math.max(1, Math.floor(opts.concurrency ?? 8));
    this.#gate = new Semaphore(this.maxConcurrency);
    this.info = {
      kind: 'openai',
      modelId: this.#model,
      weightsRevision: `${this.baseUrl}#${this.#model}`,
      label: `${this.#model} @ ${this.baseUrl}`,
      polluxTrained: opts.polluxTrained ?? true,
      outputFormat: opts.outputFormat ?? 'tagged',
    };
  }

  #headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = {};
    if (json) h['Content-Type'] = 'application/json';
    if (this.#apiKey !== undefined) h['Authorization'] = `Bearer ${this.#apiKey}`;
    return h;
  }

  /** Runs fetch with the idle timeout and maps "no answer at all" to EngineErrors. */
  async #send(url: string, init: RequestInit, sig: RequestSignal): Promise<Response> {
    try {
      return await this.#fetch(url, { ...init, signal: sig.controller.signal });
    } catch (e) {
      throw this.#rejection(url, sig, e);
    }
  }

  #rejection(url: string, sig: RequestSignal, e: unknown): EngineError {
    if (isEngineError(e)) return e;
    if (sig.userAborted) return new EngineError('aborted', 'Cancelled.', 'none');
    if (sig.timedOut) {
      return new EngineError(
        'timeout',
        `No answer from ${url} within ${Math.round(this.#timeoutMs / 1000)} s.`,
        'retry',
      );
    }
    return networkError(url, this.#origin, e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }

  /** Lists the endpoint's models and checks that ours is among them ("test connection"). */
  async load(opts: LoadOptions = {}): Promise<void> {
    const url = `${this.baseUrl}/models`;
    const sig = new RequestSignal(this.#timeoutMs, opts.signal);
    opts.onProgress?.({ phase: 'init', fraction: 0, text: `GET ${url}` });
    try {
      const res = await this.#send(url, { headers: this.#headers(false) }, sig);
      const body = await res.text().catch((e: unknown) => {
        throw this.#rejection(url, sig, e);
      });
      if (!res.ok) throw httpError(res.status, url, body);
      let data: unknown;
      try {
        data = JSON.parse(body);
      } catch {
        throw malformedReply(this.baseUrl, 'GET /models is not JSON', body);
      }
      const list = rec(data)?.['data'];
      if (!Array.isArray(list)) throw malformedReply(this.baseUrl, 'GET /models has no `data` list', body);
      this.models = list.map((m) => rec(m)?.['id']).filter((id): id is string => typeof id === 'string');
      if (this.#model === '' || !this.models.includes(this.#model)) {
        throw httpError(404, url, `model "${this.#model}" is not served`, this.models);
      }
      opts.onProgress?.({ phase: 'ready', fraction: 1, text: `${this.#model} @ ${this.baseUrl}` });
    } finally {
      sig.done();
    }
  }

  async generate(req: GenerateRequest, opts: GenerateOptions = {}): Promise<GenerateResult> {
    if (opts.signal?.aborted) throw new EngineError('aborted', 'Cancelled.', 'none');
    const release = await this.#gate.acquire(opts.signal);
    try {
      return await this.#generate(req, opts);
    } finally {
      release();
    }
  }

  async #generate(req: GenerateRequest, opts: GenerateOptions): Promise<GenerateResult> {
    const url = `${this.baseUrl}/chat/completions`;
    const s = req.sampling;
    const body = {
      model: this.#model,
      messages: req.messages,
      temperature: s.temperature,
      top_p: s.top_p,
      max_tokens: s.max_tokens,
      ...(s.seed !== undefined ? { seed: s.seed } : {}),
      ...(s.stop !== undefined && s.stop.length > 0 ? { stop: s.stop } : {}),
      stream: true,
      stream_options: { include_usage: true },
    };
    const sig = new RequestSignal(this.#timeoutMs, opts.signal);
    const started = performance.now();
    try {
      const res = await this.#send(url, { method: 'POST', headers: this.#headers(true), body: JSON.stringify(body) }, sig);
      if (!res.ok) {
        const text = await res.text().catch(() => '');
        throw httpError(res.status, url, text);
      }
      const type = res.headers.get('content-type') ?? '';
      const acc = { text: '', finish: undefined as unknown, usage: null as Record<string, unknown> | null, chunks: 0, firstAt: 0 };
      if (type.includes('text/event-stream')) {
        await this.#readStream(res, url, sig, acc, opts, started);
      } else {
        // A server that ignored `stream: true` and sent one JSON completion.
        const text = await res.text().catch((e: unknown) => {
          throw this.#rejection(url, sig, e);
        });
        let j: unknown;
        try {
          j = JSON.parse(text);
        } catch {
          throw malformedReply(this.baseUrl, 'the body is not JSON', text);
        }
        const choice = rec(Array.isArray(rec(j)?.['choices']) ? (rec(j)?.['choices'] as unknown[])[0] : undefined);
        const content = rec(choice?.['message'])?.['content'];
        if (choice === null || typeof content !== 'string') throw malformedReply(this.baseUrl, 'no `choices[0].message.content`', text);
        acc.text = content;
        acc.finish = choice['finish_reason'];
        acc.usage = rec(rec(j)?.['usage']);
        acc.chunks = 1;
        acc.firstAt = performance.now();
        if (content !== '') opts.onToken?.(content);
      }
      const ended = performance.now();
      return { text: acc.text, finishReason: mapFinish(acc.finish), usage: usageOf(acc, started, ended, req) };
    } catch (e) {
      throw this.#rejection(url, sig, e);
    } finally {
      sig.done();
    }
  }

  async #readStream(
    res: Response,
    url: string,
    sig: RequestSignal,
    acc: { text: string; finish: unknown; usage: Record<string, unknown> | null; chunks: number; firstAt: number },
    opts: GenerateOptions,
    started: number,
  ): Promise<void> {
    if (res.body === null) throw malformedReply(this.baseUrl, 'empty stream', '');
    let sawChoices = false;
    let failure: EngineError | null = null;
    const parser = createSseParser((data) => {
      if (failure !== null || data === '[DONE]') return;
      let j: unknown;
      try {
        j = JSON.parse(data);
      } catch {
        failure = malformedReply(this.baseUrl, 'a stream event is not JSON', data);
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
    if (!sawChoices) throw malformedReply(this.baseUrl, 'the stream carried no `choices`', '');
    if (acc.firstAt === 0) acc.firstAt = started;
  }

  async unload(): Promise<void> {
    // Nothing is held locally: the endpoint owns the model.
  }
}

function usageOf(
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
