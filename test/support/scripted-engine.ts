/**
 * ScriptedEngine: a JudgeEngine for tests only (never imported from src/). It speaks the same
 * scenario vocabulary as the OpenAI-compatible mock server (test/support/scenarios.mjs), so a
 * judgment scored here equals the one the mock server gives over HTTP, plus the engine-level
 * failures HTTP cannot express: a lost GPU device and a full storage quota.
 *
 * Scenarios:
 *   'valid'             `[FEEDBACK] … [RESULT] n [END]`, n a level of the prompt's rubric
 *   'malformed'         always misses [END]
 *   'flaky'             malformed on the first request for a prompt, valid after
 *   'greedy'            a judge at temperature 0 that cannot format this input: free decoding at
 *                       temperature 0 is malformed every time (a new seed changes nothing, as with
 *                       a real greedy decoder); a constrained request or temperature > 0 is valid
 *   'cut'               the first stream for a prompt stops after three tokens without a finish
 *                       reason ('none'), like a proxy closing it early; later ones are complete
 *   'hang-once'         the first generate() never produces a token (a hung GPU) until aborted;
 *                       after that the engine answers validly
 *   'slow'              valid, one token every `tokenDelayMs` (default 150 ms)
 *   'bare'              Pollux-4B-Judge bare number (outputFormat 'bare-number')
 *   'device-lost-once'  the first generate() rejects with EngineError('device-lost'); like web-llm,
 *                       the engine is then unloaded: generate() keeps rejecting with
 *                       'device-lost' until load() is called again, then answers validly
 *   'quota-exceeded'    load() rejects with EngineError('quota')
 *   'error'             every generate() rejects with EngineError('server')
 *   'hang'              generate() never settles until its signal aborts
 *
 * Every generate() honours its AbortSignal (→ EngineError('aborted')). A request with a
 * constraint always gets a well-formed judgment (that is what constrained decoding guarantees);
 * `constraints` says which kinds the engine offers (default ['grammar'], like web-llm).
 */
import { EngineError } from '../../src/lib/judge/errors.ts';
import type {
  EngineInfo,
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  JudgeEngine,
  LoadOptions,
  OutputFormat,
} from '../../src/lib/judge/engine.ts';
import { estimateTokens, hashText, scenarioText, tokenize } from './scenarios.mjs';

export type ScriptedScenario =
  | 'valid'
  | 'malformed'
  | 'flaky'
  | 'slow'
  | 'bare'
  | 'device-lost-once'
  | 'quota-exceeded'
  | 'error'
  | 'hang'
  | 'greedy'
  | 'cut'
  | 'hang-once';

export interface ScriptedEngineOptions {
  scenario: ScriptedScenario;
  /** Per-token delay; defaults to 150 ms for 'slow' and 0 otherwise. */
  tokenDelayMs?: number;
  /** Delay of load(); default 0. */
  loadDelayMs?: number;
  maxConcurrency?: number;
  modelId?: string;
  weightsRevision?: string;
  /** Constraint kinds the engine honours; default ['grammar'] (web-llm). */
  constraints?: ('grammar' | 'regex')[];
  contextWindow?: number;
}

/** Maps engine scenarios onto the model names of the shared vocabulary. */
const TEXT_MODEL: Partial<Record<ScriptedScenario, string>> = {
  valid: 'scripted-valid',
  malformed: 'scripted-malformed',
  flaky: 'scripted-flaky',
  slow: 'scripted-slow',
  bare: 'scripted-bare',
  'device-lost-once': 'scripted-valid',
  'quota-exceeded': 'scripted-valid',
  greedy: 'scripted-greedy',
  cut: 'scripted-valid',
  'hang-once': 'scripted-valid',
};

function abortError(): EngineError {
  return new EngineError('aborted', 'Cancelled.', 'none');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class ScriptedEngine implements JudgeEngine {
  readonly info: EngineInfo;
  readonly maxConcurrency: number;
  /** Every request generate() received, in order (tests assert on prompts and sampling). */
  readonly calls: GenerateRequest[] = [];
  loads = 0;
  unloads = 0;
  #loaded = false;
  #lostDevice = false;
  #deviceLossUsed = false;
  readonly #seen = new Map<string, number>();
  readonly #opts: ScriptedEngineOptions;

  constructor(opts: ScriptedEngineOptions) {
    this.#opts = opts;
    const outputFormat: OutputFormat = opts.scenario === 'bare' ? 'bare-number' : 'tagged';
    this.maxConcurrency = opts.maxConcurrency ?? 1;
    this.info = {
      kind: 'scripted',
      modelId: opts.modelId ?? `scripted-${opts.scenario}`,
      weightsRevision: opts.weightsRevision ?? 'scripted-1',
      label: `Scripted (${opts.scenario})`,
      polluxTrained: true,
      outputFormat,
      constraints: opts.constraints ?? ['grammar'],
      ...(opts.contextWindow !== undefined ? { contextWindow: opts.contextWindow } : {}),
    };
  }

  #hungOnce = false;

  get loaded(): boolean {
    return this.#loaded;
  }

  async load(opts: LoadOptions = {}): Promise<void> {
    this.loads += 1;
    opts.onProgress?.({ phase: 'download', fraction: 0, text: 'scripted download' });
    if (this.#opts.loadDelayMs) await sleep(this.#opts.loadDelayMs, opts.signal);
    if (opts.signal?.aborted) throw abortError();
    if (this.#opts.scenario === 'quota-exceeded') {
      throw new EngineError(
        'quota',
        'Not enough storage space for the model.',
        'free-space',
        "QuotaExceededError: Failed to execute 'add' on 'Cache': Quota exceeded.",
      );
    }
    opts.onProgress?.({ phase: 'upload', fraction: 1, text: 'scripted upload' });
    opts.onProgress?.({ phase: 'ready', fraction: 1, text: 'scripted ready' });
    this.#loaded = true;
    this.#lostDevice = false;
  }

  async generate(req: GenerateRequest, opts: GenerateOptions = {}): Promise<GenerateResult> {
    this.calls.push(req);
    const { scenario } = this.#opts;
    if (opts.signal?.aborted) throw abortError();
    if (scenario === 'device-lost-once' && (this.#lostDevice || !this.#deviceLossUsed)) {
      this.#deviceLossUsed = true;
      this.#lostDevice = true;
      this.#loaded = false;
      throw new EngineError(
        'device-lost',
        'The GPU device was lost; reload the engine and carry on.',
        'reload-engine',
        'DeviceLostError: The WebGPU device was lost while loading the model.',
      );
    }
    if (scenario === 'error') throw new EngineError('server', 'Scripted engine failure.', 'retry');
    if (scenario === 'hang' || (scenario === 'hang-once' && !this.#hungOnce)) {
      this.#hungOnce = true;
      await new Promise<never>((_, reject) => {
        if (opts.signal === undefined) return; // never settles, exactly like a hung backend
        opts.signal.addEventListener('abort', () => reject(abortError()), { once: true });
      });
    }
    const prompt = [...req.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const key = hashText(prompt);
    const seen = this.#seen.get(key) ?? 0;
    this.#seen.set(key, seen + 1);
    const constrained = req.constraint !== undefined;
    const varied = constrained || req.sampling.temperature > 0;
    const text = scenarioText(TEXT_MODEL[scenario] ?? 'scripted-valid', prompt, seen, varied, constrained) ?? '';
    const cut = scenario === 'cut' && seen === 0;
    let tokens = cut ? tokenize(text).slice(0, 3) : tokenize(text);
    let finishReason: GenerateResult['finishReason'] = cut ? 'none' : 'stop';
    if (tokens.length > req.sampling.max_tokens) {
      tokens = tokens.slice(0, req.sampling.max_tokens);
      finishReason = 'length';
    }
    const delay = this.#opts.tokenDelayMs ?? (scenario === 'slow' ? 150 : 0);
    const started = Date.now();
    let out = '';
    for (const t of tokens) {
      if (delay > 0) await sleep(delay, opts.signal);
      if (opts.signal?.aborted) throw abortError();
      out += t;
      opts.onToken?.(t);
    }
    const latencyS = Math.max((Date.now() - started) / 1000, 1e-3);
    return {
      text: out,
      finishReason,
      usage: {
        promptTokens: estimateTokens(prompt),
        completionTokens: tokens.length,
        decodeTokensPerS: tokens.length / latencyS,
        latencyS,
      },
    };
  }

  async unload(): Promise<void> {
    this.unloads += 1;
    this.#loaded = false;
  }
}
