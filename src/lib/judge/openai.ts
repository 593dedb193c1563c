/**
 * OpenAICompatibleEngine: a JudgeEngine over any OpenAI-compatible HTTP endpoint (vLLM,
 * llama.cpp server, Ollama, OpenRouter…). Streams `chat.completions`, measures tokens/s from
 * wall time when the server reports no speeds, limits itself to `concurrency` requests in
 * flight, and turns every failure into an EngineError (CORS, 401, 404, 429, 5xx, timeout,
 * malformed reply, abort). The API key only lives in this object; remembering it is the
 * caller's decision (see api-key.ts).
 */
import type {
  DecodingConstraint,
  EngineInfo,
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  JudgeEngine,
  LoadOptions,
  OutputFormat,
} from './engine.ts';
import { EngineError, isEngineError } from './errors.ts';
import { diagnoseFetchFailure, droppedError, httpError, malformedReply, parseRetryAfter } from './http-errors.ts';
import { detailOf, mapFinish, num, readStream, rec, RequestSignal, usageOf, type Accumulated } from './openai-reply.ts';
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

/**
 * `http://h:8000`, `http://h:8000/`, `http://h:8000/v1/` → `http://h:8000/v1`. A URL without
 * `http://` or `https://` is refused here, with what to type, rather than failing later with a
 * confusing reply from some other address.
 */
export function normalizeBaseUrl(url: string): string {
  const u = url.trim().replace(/\/+$/, '');
  if (u === '') throw new EngineError('bad-url', 'Enter the endpoint base URL, for example http://127.0.0.1:8000/v1.', 'check-endpoint');
  let parsed: URL | null;
  try {
    parsed = new URL(u);
  } catch {
    parsed = null;
  }
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.host === '') {
    throw new EngineError(
      'bad-url',
      `"${u}" is not a web address the page can call: the base URL must start with http:// or https://, for example http://${u.replace(/^[a-z]+:\/+/i, '') || '127.0.0.1:8000'}/v1.`,
      'check-endpoint',
    );
  }
  return /\/v\d+$/.test(u) ? u : `${u}/v1`;
}

/** vLLM version triple from GET /version ({"version": "0.11.2"}), or null. */
function vllmVersion(body: unknown): [number, number] | null {
  const v = rec(body)?.['version'];
  const m = typeof v === 'string' ? /^(\d+)\.(\d+)/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2])] : null;
}

export class OpenAICompatibleEngine implements JudgeEngine {
  #info: EngineInfo;
  readonly maxConcurrency: number;
  readonly baseUrl: string;
  /** Models the endpoint listed at load(); empty until then. */
  models: string[] = [];
  /**
   * How this server takes a regex constraint, learned at load(): vLLM ≥ 0.12 only reads
   * `structured_outputs`, older vLLM only `guided_regex`; other servers: none (retries then raise
   * the temperature instead).
   */
  #regexField: 'structured_outputs' | 'guided_regex' | null = null;
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
    this.#info = {
      kind: 'openai',
      modelId: this.#model,
      weightsRevision: `${this.baseUrl}#${this.#model}`,
      label: `${this.#model} @ ${this.baseUrl}`,
      polluxTrained: opts.polluxTrained ?? true,
      outputFormat: opts.outputFormat ?? 'tagged',
      constraints: [],
    };
  }

  get info(): EngineInfo {
    return this.#info;
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
      const known = this.#known(url, sig, e);
      if (known) throw known;
      throw await diagnoseFetchFailure(this.#fetch, url, `${this.baseUrl}/models`, this.#origin, detailOf(e), this.#probeSignal());
    }
  }

  /** Aborts, timeouts and EngineErrors need no diagnosis. */
  #known(url: string, sig: RequestSignal, e: unknown): EngineError | null {
    if (isEngineError(e)) return e;
    if (sig.userAborted) return new EngineError('aborted', 'Cancelled.', 'none');
    if (sig.timedOut) {
      return new EngineError(
        'timeout',
        `No answer from ${url} within ${Math.round(this.#timeoutMs / 1000)} s. The request is retried; if it keeps failing, check that the server is not overloaded.`,
        'retry',
      );
    }
    return null;
  }

  /** A failure after the response started: the connection was cut, never a CORS refusal. */
  #rejection(url: string, sig: RequestSignal, e: unknown): EngineError {
    return this.#known(url, sig, e) ?? droppedError(url, detailOf(e));
  }

  /** The diagnosis probes get a short deadline of their own. */
  #probeSignal(): AbortSignal | undefined {
    return typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(Math.min(this.#timeoutMs, 10_000)) : undefined;
  }

  /** GET /version (vLLM's): which structured-output field the server reads. */
  async #learnConstraints(data: unknown[]): Promise<void> {
    const isVllm = data.some((m) => rec(m)?.['owned_by'] === 'vllm');
    this.#regexField = null;
    if (isVllm) {
      let version: [number, number] | null = null;
      try {
        const res = await this.#fetch(`${this.baseUrl.replace(/\/v\d+$/, '')}/version`, { headers: this.#headers(false), signal: this.#probeSignal() });
        if (res.ok) version = vllmVersion(JSON.parse(await res.text()));
      } catch {
        // unknown version: assume a current vLLM
      }
      this.#regexField = version !== null && (version[0] > 0 || version[1] >= 12) ? 'structured_outputs' : version === null ? 'structured_outputs' : 'guided_regex';
    }
    const served = data.find((m) => rec(m)?.['id'] === this.#model);
    const maxLen = num(rec(served)?.['max_model_len']);
    this.#info = {
      ...this.#info,
      constraints: this.#regexField !== null ? ['regex'] : [],
      ...(maxLen !== undefined ? { contextWindow: maxLen } : {}),
    };
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
      if (!res.ok) throw httpError(res.status, url, body, undefined, parseRetryAfter(res.headers.get('retry-after')));
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
      await this.#learnConstraints(list);
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
      ...this.#constraintFields(req.constraint),
      ...(req.enableThinking !== undefined ? { chat_template_kwargs: { enable_thinking: req.enableThinking } } : {}),
      stream: true,
      stream_options: { include_usage: true },
    };
    const sig = new RequestSignal(this.#timeoutMs, opts.signal);
    const started = performance.now();
    try {
      const res = await this.#send(url, { method: 'POST', headers: this.#headers(true), body: JSON.stringify(body) }, sig);
      if (!res.ok) {
        const text = await res.text().catch(() => '');
        throw httpError(res.status, url, text, undefined, parseRetryAfter(res.headers.get('retry-after')));
      }
      const type = res.headers.get('content-type') ?? '';
      const acc: Accumulated = { text: '', finish: undefined, usage: null, chunks: 0, firstAt: 0 };
      if (type.includes('text/event-stream')) {
        await readStream(res, this.baseUrl, url, sig, acc, opts, started);
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

  /** The request fields of a constraint, in the form this server reads. */
  #constraintFields(c: DecodingConstraint | undefined): Record<string, unknown> {
    if (c === undefined) return {};
    if (c.kind !== 'regex' || this.#regexField === null) {
      throw new EngineError('unsupported', `The endpoint ${this.baseUrl} cannot apply a ${c.kind} constraint.`, 'none');
    }
    return this.#regexField === 'structured_outputs' ? { structured_outputs: { regex: c.pattern } } : { guided_regex: c.pattern };
  }

  async unload(): Promise<void> {
    // Nothing is held locally: the endpoint owns the model.
  }
}
