/**
 * WebLLMEngine: the JudgeEngine that runs a model on the user's GPU through web-llm in a
 * dedicated worker. The page side only ever reaches web-llm through `import()` (lazy.ts), so the
 * ~6 MB bundle stays out of the entry chunk. It adds what web-llm lacks: structured load progress
 * with an ETA, cancel (AbortSignal → engine.unload(), which aborts an in-flight reload), a
 * watchdog that turns a crashed or silent worker into EngineError('worker-dead') instead of a
 * promise that never settles, and string-error mapping (errors-map.ts).
 */
import type { ChatCompletionChunk, WebWorkerMLCEngine } from '@mlc-ai/web-llm';
import type {
  EngineInfo,
  FinishReason,
  GenerateOptions,
  GenerateRequest,
  GenerateResult,
  JudgeEngine,
  LoadOptions,
  OutputFormat,
} from '../engine.ts';
import { EngineError } from '../errors.ts';
import { findAppModel, type UrlOverrides } from '../catalog.ts';
import { mapWebLLMError, workerDeadError } from './errors-map.ts';
import { EtaTracker, parseInitProgress } from './progress.ts';
import { loadWebLLM, webllmAppConfig } from './lazy.ts';

export interface WebLLMEngineOptions {
  modelId: string;
  urlOverrides?: UrlOverrides;
  outputFormat?: OutputFormat;
  polluxTrained?: boolean;
  weightsRevision?: string;
  label?: string;
  /** For tests; defaults to the app's worker. */
  createWorker?: () => Worker;
  /** How often the worker is pinged, and how long it may stay silent before it counts as dead. */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
}

export function createJudgeWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'pollux-webllm' });
}

function abortError(): EngineError {
  return new EngineError('aborted', 'Cancelled.', 'none');
}

/** Resolves when the signal aborts (never when there is none). */
function onAbort(signal: AbortSignal | undefined): Promise<'aborted'> {
  return new Promise((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) return resolve('aborted');
    signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
}

export class WebLLMEngine implements JudgeEngine {
  readonly info: EngineInfo;
  /** One sequence at a time: web-llm's KV cache holds a single sequence. */
  readonly maxConcurrency = 1;
  /** The adapter text web-llm reported when loading finished ("WebGPU - …"). */
  gpuLabel = '';
  #worker: Worker | null = null;
  #engine: WebWorkerMLCEngine | null = null;
  #dead: Promise<never> | null = null;
  #killWatchdog: (() => void) | null = null;
  readonly #opts: WebLLMEngineOptions;

  constructor(opts: WebLLMEngineOptions) {
    this.#opts = opts;
    const app = findAppModel(opts.modelId);
    this.info = {
      kind: 'webllm',
      modelId: opts.modelId,
      weightsRevision: opts.weightsRevision ?? app?.app.weightsRevision ?? `${opts.modelId}@prebuilt`,
      label: opts.label ?? app?.app.label ?? opts.modelId,
      polluxTrained: opts.polluxTrained ?? app?.app.polluxTrained ?? false,
      outputFormat: opts.outputFormat ?? app?.app.outputFormat ?? 'tagged',
    };
  }

  get loaded(): boolean {
    return this.#engine !== null && this.#dead !== null;
  }

  /** Starts the worker and a watchdog: `#dead` rejects when the worker errors or stops answering pings. */
  #startWorker(): Worker {
    const worker = (this.#opts.createWorker ?? createJudgeWorker)();
    const interval = this.#opts.pingIntervalMs ?? 5_000;
    const timeout = this.#opts.pingTimeoutMs ?? 60_000;
    let lastSeen = Date.now();
    let timer: ReturnType<typeof setInterval> | undefined;
    this.#dead = new Promise<never>((_, reject) => {
      const die = (detail: string): void => {
        clearInterval(timer);
        reject(workerDeadError(detail));
      };
      worker.addEventListener('error', (e) => die(`worker error: ${e.message || 'script failed to load'}`));
      worker.addEventListener('messageerror', () => die('worker messageerror'));
      worker.addEventListener('message', () => {
        lastSeen = Date.now();
      });
      timer = setInterval(() => {
        if (Date.now() - lastSeen > timeout) return die(`no reply for ${Math.round(timeout / 1000)} s`);
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          lastSeen = Date.now();
          ch.port1.close();
        };
        worker.postMessage({ kind: 'pollux-ping' }, [ch.port2]);
      }, interval);
      this.#killWatchdog = () => clearInterval(timer);
    });
    // Nobody may be awaiting #dead at the moment it rejects; keep that from being "unhandled".
    this.#dead.catch(() => undefined);
    this.#worker = worker;
    return worker;
  }

  #stopWorker(): void {
    this.#killWatchdog?.();
    this.#killWatchdog = null;
    this.#worker?.terminate();
    this.#worker = null;
    this.#engine = null;
    this.#dead = null;
  }

  async load(opts: LoadOptions = {}): Promise<void> {
    if (opts.signal?.aborted) throw abortError();
    this.#stopWorker();
    opts.onProgress?.({ phase: 'init', fraction: 0, text: 'Loading web-llm…' });
    let webllm: Awaited<ReturnType<typeof loadWebLLM>>;
    try {
      webllm = await loadWebLLM();
    } catch (e) {
      throw new EngineError('network', 'Could not load the web-llm runtime (check the connection and reload the page).', 'retry', String(e));
    }
    const appConfig = webllmAppConfig(webllm, this.#opts.urlOverrides);
    const worker = this.#startWorker();
    const dead = this.#dead;
    const eta = new EtaTracker();
    const engine = new webllm.WebWorkerMLCEngine(worker, {
      appConfig,
      initProgressCallback: (r) => {
        const p = eta.update(parseInitProgress(r), Date.now());
        if (p.phase === 'ready') this.gpuLabel = r.text.replace(/^Finish loading on\s*/, '');
        opts.onProgress?.(p);
      },
    });
    this.#engine = engine;
    const reload = engine.reload(this.#opts.modelId);
    reload.catch(() => undefined);
    try {
      const outcome = await Promise.race([reload.then(() => 'ok' as const), onAbort(opts.signal), dead ?? Promise.resolve('ok' as const)]);
      if (outcome === 'aborted') {
        // unload() aborts the in-flight reload; shards already stored stay cached (resume later).
        await Promise.race([engine.unload().catch(() => undefined), new Promise((r) => setTimeout(r, 3_000))]);
        this.#stopWorker();
        throw abortError();
      }
    } catch (e) {
      this.#stopWorker();
      throw mapWebLLMError(e);
    }
    opts.onProgress?.({ phase: 'ready', fraction: 1, text: this.gpuLabel || 'ready' });
  }

  async generate(req: GenerateRequest, opts: GenerateOptions = {}): Promise<GenerateResult> {
    const engine = this.#engine;
    const dead = this.#dead;
    if (engine === null || dead === null) {
      throw new EngineError('device-lost', 'The model is not loaded; reload the engine.', 'reload-engine');
    }
    if (opts.signal?.aborted) throw abortError();
    const s = req.sampling;
    const started = performance.now();
    const abort = (): void => engine.interruptGenerate();
    opts.signal?.addEventListener('abort', abort, { once: true });
    try {
      const run = async (): Promise<GenerateResult> => {
        const stream = await engine.chat.completions.create({
          messages: req.messages,
          temperature: s.temperature,
          top_p: s.top_p,
          max_tokens: s.max_tokens,
          ...(s.seed !== undefined ? { seed: s.seed } : {}),
          ...(s.stop !== undefined && s.stop.length > 0 ? { stop: s.stop } : {}),
          stream: true,
          stream_options: { include_usage: true },
        });
        let text = '';
        let finish: FinishReason = 'other';
        let usage: ChatCompletionChunk['usage'];
        for await (const chunk of stream) {
          const c = chunk.choices[0];
          const delta = c?.delta.content;
          if (typeof delta === 'string' && delta !== '') {
            text += delta;
            opts.onToken?.(delta);
          }
          const fr = c?.finish_reason;
          if (fr === 'stop' || fr === 'length' || fr === 'abort') finish = fr;
          if (chunk.usage) usage = chunk.usage;
        }
        if (opts.signal?.aborted) throw abortError();
        const latencyS = (performance.now() - started) / 1000;
        return {
          text,
          finishReason: finish,
          usage: {
            promptTokens: usage?.prompt_tokens ?? 0,
            completionTokens: usage?.completion_tokens ?? 0,
            prefillTokensPerS: usage?.extra?.prefill_tokens_per_s,
            decodeTokensPerS: usage?.extra?.decode_tokens_per_s,
            latencyS: usage?.extra?.e2e_latency_s ?? latencyS,
          },
        };
      };
      return await Promise.race([run(), dead]);
    } catch (e) {
      const err = mapWebLLMError(e);
      // After a device loss or a dead worker web-llm has unloaded: force a reload before the next call.
      if (err.code === 'device-lost' || err.code === 'worker-dead') this.#stopWorker();
      throw err;
    } finally {
      opts.signal?.removeEventListener('abort', abort);
    }
  }

  async unload(): Promise<void> {
    const engine = this.#engine;
    if (engine !== null) {
      await Promise.race([engine.unload().catch(() => undefined), new Promise((r) => setTimeout(r, 3_000))]);
    }
    this.#stopWorker();
  }
}
