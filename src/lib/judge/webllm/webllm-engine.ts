/**
 * WebLLMEngine: the JudgeEngine that runs a model on the user's GPU through web-llm in a
 * dedicated worker. The page side only ever reaches web-llm through `import()` (lazy.ts), so the
 * ~6 MB bundle stays out of the entry chunk. It adds what web-llm lacks: structured load progress
 * with an ETA, cancel (AbortSignal → engine.unload(), which aborts an in-flight reload), a
 * watchdog that turns a crashed or silent worker into EngineError('worker-dead') instead of a
 * promise that never settles, and string-error mapping (errors-map.ts). Before anything large
 * is fetched it checks that the weights exist (diagnose.ts: "not published yet" is not a network
 * error) and gives web-llm the site's SHA-256 of the library to verify (libraries.ts).
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
import { EngineError, needsRebuild } from '../errors.ts';
import { hasLibOverride } from '../catalog.ts';
import { findAppModel, type UrlOverrides, type WebLLMModelRecord } from '../catalog.ts';
import { mapWebLLMError, urlInError, workerDeadError } from './errors-map.ts';
import { EtaTracker, parseInitProgress } from './progress.ts';
import { loadWebLLM, webllmAppConfig } from './lazy.ts';
import { appRecordFor, modelBaseUrl } from './app-config.ts';
import { fetchLibraryManifest, noManifestError, withLibraryIntegrity } from './libraries.ts';
import { fileStateError, probeFile } from './diagnose.ts';

export interface WebLLMEngineOptions {
  modelId: string;
  urlOverrides?: UrlOverrides;
  outputFormat?: OutputFormat;
  polluxTrained?: boolean;
  weightsRevision?: string;
  label?: string;
  /** Context window to load with; default the record's own. */
  contextWindow?: number;
  /** The page's base URL: the site serves the POLLUX records' libraries under it (libraries.ts). */
  siteBase?: string;
  /** Reports whether a URL is already in web-llm's cache (then no probe is needed). */
  isCached?: (url: string) => Promise<boolean>;
  /** For the manifest and the diagnosis probes; defaults to the global fetch. */
  fetch?: typeof fetch;
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
  /** The record this engine loads (URL overrides and the site's library applied), once load() built it. */
  record: WebLLMModelRecord | null = null;
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
    const recordWindow = app?.record.overrides?.['context_window_size'];
    this.info = {
      kind: 'webllm',
      modelId: opts.modelId,
      weightsRevision: opts.weightsRevision ?? app?.app.weightsRevision ?? `${opts.modelId}@prebuilt`,
      label: opts.label ?? app?.app.label ?? opts.modelId,
      polluxTrained: opts.polluxTrained ?? app?.app.polluxTrained ?? false,
      outputFormat: opts.outputFormat ?? app?.app.outputFormat ?? 'tagged',
      constraints: ['grammar'],
      contextWindow: opts.contextWindow ?? (typeof recordWindow === 'number' ? recordWindow : undefined),
    };
    this.#enableThinking = app?.app.enableThinking ?? null;
  }

  readonly #enableThinking: boolean | null;

  #fetch(): typeof fetch {
    return this.#opts.fetch ?? ((input, init) => fetch(input, init));
  }

  /**
   * The app's record for this model as web-llm must see it: the site's own copy of the library
   * with its SHA-256 (unless the user set another library URL), the user's weight URL. Generic
   * prebuilt records pass through as web-llm defines them.
   */
  async #prepareRecord(record: WebLLMModelRecord): Promise<WebLLMModelRecord> {
    const own = this.#opts.siteBase !== undefined && !hasLibOverride(this.#opts.modelId, this.#opts.urlOverrides);
    const read = await fetchLibraryManifest(this.#fetch(), record.model_lib);
    if (read.manifest === null && own) throw noManifestError(record.model_lib, read.why);
    const checked = withLibraryIntegrity(record, read.manifest, own);
    if (checked instanceof EngineError) throw checked;
    return checked;
  }

  /** Fails fast, before web-llm loads, when the weights are not there (not published, offline, CORS). */
  async #checkWeights(record: WebLLMModelRecord, signal?: AbortSignal): Promise<void> {
    const configUrl = new URL('mlc-chat-config.json', modelBaseUrl(record.model)).href;
    if ((await this.#opts.isCached?.(configUrl)) === true) return;
    const err = fileStateError(this.#opts.modelId, configUrl, await probeFile(this.#fetch(), configUrl, signal), false);
    if (err !== null) throw err;
  }

  /** A failed load said "could not download <url>": ask the network what that URL really is. */
  async #diagnose(err: EngineError, record: WebLLMModelRecord | undefined): Promise<EngineError> {
    if (err.code !== 'not-found' && err.code !== 'network') return err;
    const url = urlInError(err.detail ?? '');
    if (url === null) return err;
    const probe = await probeFile(this.#fetch(), url);
    const isLibrary = record !== undefined && url === record.model_lib;
    const refined = fileStateError(this.#opts.modelId, url, probe, isLibrary);
    return refined === null ? err : new EngineError(refined.code, refined.message, refined.recovery, err.detail);
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
    const app = findAppModel(this.#opts.modelId);
    let prepared: WebLLMModelRecord | undefined;
    if (app !== undefined) {
      const base = appRecordFor(app, this.#opts.urlOverrides, this.#opts.siteBase);
      await this.#checkWeights(base, opts.signal);
      prepared = await this.#prepareRecord(base);
      this.record = prepared;
    }
    let webllm: Awaited<ReturnType<typeof loadWebLLM>>;
    try {
      webllm = await loadWebLLM();
    } catch (e) {
      throw new EngineError('network', 'Could not load the web-llm runtime (a script of this site did not download). Check the connection and reload the page.', 'retry', String(e));
    }
    const appConfig = webllmAppConfig(webllm, this.#opts.urlOverrides, { siteBase: this.#opts.siteBase, replace: prepared });
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
    const window = this.info.contextWindow;
    const reload = engine.reload(this.#opts.modelId, window !== undefined ? { context_window_size: window } : undefined);
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
      throw await this.#diagnose(mapWebLLMError(e), prepared);
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
        if (req.constraint !== undefined && req.constraint.kind !== 'grammar') {
          throw new EngineError('unsupported', `web-llm cannot apply a ${req.constraint.kind} constraint.`, 'none');
        }
        const thinking = req.enableThinking ?? this.#enableThinking;
        const stream = await engine.chat.completions.create({
          messages: req.messages,
          temperature: s.temperature,
          top_p: s.top_p,
          max_tokens: s.max_tokens,
          ...(s.seed !== undefined ? { seed: s.seed } : {}),
          ...(s.stop !== undefined && s.stop.length > 0 ? { stop: s.stop } : {}),
          // xgrammar masks the logits on the GPU; the grammar comes from the rubric (run/constraint.ts).
          ...(req.constraint !== undefined ? { response_format: { type: 'grammar' as const, grammar: req.constraint.ebnf } } : {}),
          ...(thinking !== null ? { extra_body: { enable_thinking: thinking } } : {}),
          stream: true,
          stream_options: { include_usage: true },
        });
        let text = '';
        // A stream that ends without a finish reason may have been cut: 'none' until one arrives.
        let finish: FinishReason = 'none';
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
          else if (fr !== null && fr !== undefined) finish = 'other';
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
      if (needsRebuild(err)) this.#stopWorker();
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
