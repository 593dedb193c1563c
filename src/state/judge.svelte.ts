/**
 * judgeState: the judge the app currently uses, shared by the Models page, the try-out, the
 * Evaluate page's judge step and the run machinery. Holds the JudgeSpec (persisted in the dexie
 * `settings` table — never the API key, which lives in ApiKeyStore), the loaded engine, its load
 * progress and error, the device facts, URL overrides, the context size chosen per local judge,
 * the one endpoint draft every endpoint form edits, and measured speeds; and it publishes a line
 * in the header status area. `ensureEngine(spec)` is the one entry point that (re)builds and
 * loads an engine. Its dependencies (database, storage, navigator, engine factory, site base,
 * status area) come in through the constructor, so it is unit-tested with stand-ins.
 */
import { judgeLabel, type JudgeSpec } from '../lib/judge/spec.ts';
import type { JudgeEngine, LoadProgress, Usage } from '../lib/judge/engine.ts';
import { EngineError, isEngineError } from '../lib/judge/errors.ts';
import { createEngine as defaultCreateEngine, type CreateEngineOptions } from '../lib/judge/factory.ts';
import { ApiKeyStore } from '../lib/judge/api-key.ts';
import { OpenAICompatibleEngine, normalizeBaseUrl } from '../lib/judge/openai.ts';
import { DEFAULT_CONTEXT, weightsRevisionOf, type AppModel, type UrlOverrides } from '../lib/judge/catalog.ts';
import { gatherDeviceFacts, requestPersistentStorage, type DeviceFacts, type NavigatorLike } from '../lib/judge/device-facts.ts';
import type { PolluxDB } from '../lib/store/db.ts';
import { getJudgeTypicalError, type TypicalError } from '../lib/store/typical-error.ts';
import { isConfigCached } from '../lib/judge/webllm/cache.ts';
import { appStatus, type StatusLine } from './status.svelte.ts';
import { getDB } from './db.ts';
import { i18n } from './i18n.svelte.ts';
import type { MessageKey } from '../lib/i18n/dictionary.ts';

const SPEC_KEY = 'judge.spec';
const OVERRIDES_KEY = 'judge.urlOverrides';
const ENDPOINT_KEY = 'judge.endpoint';
const CONTEXT_KEY = 'judge.contextWindows';

export interface EndpointDraft {
  baseUrl: string;
  model: string;
  concurrency: number;
  outputFormat: 'tagged' | 'bare-number';
  polluxTrained: boolean;
}

export const DEFAULT_ENDPOINT: EndpointDraft = { baseUrl: '', model: '', concurrency: 8, outputFormat: 'tagged', polluxTrained: true };

export interface JudgeStateDeps {
  db: () => PolluxDB;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  navigator: NavigatorLike;
  createEngine: (spec: JudgeSpec, opts: CreateEngineOptions) => JudgeEngine;
  /** The page's base URL (the site serves the WebGPU libraries under it); undefined outside a page. */
  siteBase: () => string | undefined;
  isCached?: (url: string) => Promise<boolean>;
  /** The header's status area and the language of its line. */
  status: { set(id: string, line: StatusLine): void };
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
}

function sameSpec(a: JudgeSpec | null, b: JudgeSpec): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

export class JudgeState {
  #spec = $state.raw<JudgeSpec | null>(null);
  #engine = $state.raw<JudgeEngine | null>(null);
  #loadingSpec = $state.raw<JudgeSpec | null>(null);
  #progress = $state.raw<LoadProgress | null>(null);
  #error = $state.raw<EngineError | null>(null);
  #facts = $state.raw<DeviceFacts | null>(null);
  #overrides = $state.raw<UrlOverrides>({});
  #endpoint = $state.raw<EndpointDraft>(DEFAULT_ENDPOINT);
  #contexts = $state.raw<Record<string, number>>({});
  #speed = $state.raw<{ prefill?: number; decode?: number }>({});
  #abort: AbortController | null = null;
  #initialised: Promise<void> | null = null;
  readonly keys: ApiKeyStore;
  readonly #d: JudgeStateDeps;

  constructor(deps: JudgeStateDeps) {
    this.#d = deps;
    this.keys = new ApiKeyStore(deps.storage);
  }

  get spec(): JudgeSpec | null {
    return this.#spec;
  }
  get engine(): JudgeEngine | null {
    return this.#engine;
  }
  get loadingSpec(): JudgeSpec | null {
    return this.#loadingSpec;
  }
  get progress(): LoadProgress | null {
    return this.#progress;
  }
  get error(): EngineError | null {
    return this.#error;
  }
  get facts(): DeviceFacts | null {
    return this.#facts;
  }
  get urlOverrides(): UrlOverrides {
    return this.#overrides;
  }
  /** The one endpoint draft: the Models page, Settings and the judge step all edit this. */
  get endpoint(): EndpointDraft {
    return this.#endpoint;
  }
  get speed(): { prefill?: number; decode?: number } {
    return this.#speed;
  }
  get siteBase(): string | undefined {
    return this.#d.siteBase();
  }

  /** Reads the persisted spec, overrides, endpoint draft and context sizes (once). Does not load a model. */
  init(): Promise<void> {
    this.#initialised ??= (async () => {
      try {
        const db = this.#d.db();
        const [spec, overrides, endpoint, contexts] = await Promise.all([SPEC_KEY, OVERRIDES_KEY, ENDPOINT_KEY, CONTEXT_KEY].map((k) => db.settings.get(k)));
        if (spec?.value && typeof spec.value === 'object') this.#spec = spec.value as JudgeSpec;
        if (overrides?.value && typeof overrides.value === 'object') this.#overrides = overrides.value as UrlOverrides;
        if (endpoint?.value && typeof endpoint.value === 'object') this.#endpoint = { ...this.#endpoint, ...(endpoint.value as Partial<EndpointDraft>) };
        if (contexts?.value && typeof contexts.value === 'object') this.#contexts = contexts.value as Record<string, number>;
      } catch {
        // no IndexedDB (private mode): start from defaults
      }
      this.#publish();
    })();
    return this.#initialised;
  }

  async #save(key: string, value: unknown): Promise<void> {
    await this.#d.db().settings.put({ key, value });
  }

  async setUrlOverrides(o: UrlOverrides): Promise<void> {
    this.#overrides = o;
    await this.#save(OVERRIDES_KEY, o);
  }

  async setEndpointDraft(d: EndpointDraft): Promise<void> {
    this.#endpoint = d;
    await this.#save(ENDPOINT_KEY, d);
  }

  /** Context window a local judge loads with (8k by default). */
  contextWindow(modelId: string): number {
    return this.#contexts[modelId] ?? DEFAULT_CONTEXT;
  }

  async setContextWindow(modelId: string, tokens: number): Promise<void> {
    this.#contexts = { ...this.#contexts, [modelId]: tokens };
    await this.#save(CONTEXT_KEY, this.#contexts);
  }

  /** The spec of a POLLUX record as a run stores it: the weights' commit (or the user's URL) and the chosen context. */
  webllmSpec(m: AppModel): JudgeSpec {
    const ctx = this.contextWindow(m.record.model_id);
    return {
      kind: 'webllm',
      modelId: m.record.model_id,
      weightsRevision: weightsRevisionOf(m, this.#overrides),
      outputFormat: m.app.outputFormat,
      polluxTrained: m.app.polluxTrained,
      ...(ctx !== DEFAULT_CONTEXT ? { contextWindow: ctx } : {}),
    };
  }

  /** The spec of an endpoint draft; throws EngineError('bad-url') for a base URL that is not a web address. */
  endpointSpec(d: EndpointDraft): JudgeSpec {
    return {
      kind: 'openai',
      baseUrl: normalizeBaseUrl(d.baseUrl),
      model: d.model.trim(),
      outputFormat: d.outputFormat,
      polluxTrained: d.polluxTrained,
      concurrency: Math.max(1, Math.floor(d.concurrency) || 1),
    };
  }

  /**
   * Checks an endpoint without making it the current judge: the URL's shape, GET /models
   * reachable (CORS included), the model served. Null when it answers; else the EngineError.
   */
  async checkEndpoint(d: EndpointDraft): Promise<EngineError | null> {
    try {
      const spec = this.endpointSpec(d);
      if (spec.kind !== 'openai') return null;
      const engine = new OpenAICompatibleEngine({ baseUrl: spec.baseUrl, model: spec.model, apiKey: this.keys.get(spec.baseUrl) || undefined, timeoutMs: 15_000 });
      await engine.load();
      return null;
    } catch (e) {
      return isEngineError(e) ? e : new EngineError('unknown', String(e), 'check-endpoint');
    }
  }

  async checkDevice(): Promise<DeviceFacts> {
    const facts = await gatherDeviceFacts(this.#d.navigator);
    this.#facts = facts;
    return facts;
  }

  async requestPersistence(): Promise<void> {
    await requestPersistentStorage(this.#d.navigator);
    await this.checkDevice();
  }

  /** The judge's measured agreement with the experts (per-criterion MAE), when an agreement report was computed. */
  typicalError(judgeId: string): Promise<TypicalError | null> {
    return getJudgeTypicalError(this.#d.db(), judgeId);
  }

  /** The loaded engine for `spec`, loading (or reloading) it when needed. */
  async ensureEngine(spec: JudgeSpec): Promise<JudgeEngine> {
    if (this.#engine !== null && sameSpec(this.#spec, spec)) return this.#engine;
    this.cancelLoad();
    await this.unload();
    const abort = new AbortController();
    this.#abort = abort;
    this.#loadingSpec = spec;
    this.#error = null;
    this.#progress = { phase: 'init', fraction: 0, text: '' };
    this.#publish();
    try {
      const apiKey = spec.kind === 'openai' ? this.keys.get(normalizeBaseUrl(spec.baseUrl)) : undefined;
      const engine = this.#d.createEngine(spec, { apiKey, urlOverrides: this.#overrides, siteBase: this.#d.siteBase(), isCached: this.#d.isCached });
      await engine.load({ signal: abort.signal, onProgress: (p) => (this.#progress = p) });
      this.#engine = engine;
      this.#spec = spec;
      this.#speed = {};
      await this.#save(SPEC_KEY, spec).catch(() => undefined);
      return engine;
    } catch (e) {
      const err = isEngineError(e) ? e : new EngineError('unknown', String(e), 'retry');
      this.#error = err.code === 'aborted' ? null : err;
      throw err;
    } finally {
      if (this.#abort === abort) this.#abort = null;
      this.#loadingSpec = null;
      this.#progress = null;
      this.#publish();
    }
  }

  cancelLoad(): void {
    this.#abort?.abort();
    this.#abort = null;
  }

  async unload(): Promise<void> {
    const e = this.#engine;
    this.#engine = null;
    this.#speed = {};
    if (e !== null) await e.unload().catch(() => undefined);
    this.#publish();
  }

  /** Folds a judgment's usage into the displayed speeds (the latest measurement wins). */
  recordUsage(u: Usage): void {
    this.#speed = { prefill: u.prefillTokensPerS ?? this.#speed.prefill, decode: u.decodeTokensPerS ?? this.#speed.decode };
  }

  clearError(): void {
    this.#error = null;
    this.#publish();
  }

  #publish(): void {
    const labelKey = 'common.status.judge';
    const { t, status } = this.#d;
    if (this.#loadingSpec !== null) {
      const model = judgeLabel(this.#loadingSpec);
      status.set('judge', { labelKey, tone: 'busy', text: () => t('judge.status.loading', { model }) });
    } else if (this.#engine !== null) {
      const model = this.#engine.info.modelId;
      status.set('judge', { labelKey, tone: 'ok', text: () => t('judge.status.ready', { model }) });
    } else if (this.#error !== null) {
      status.set('judge', { labelKey, tone: 'error', text: () => t('judge.status.error') });
    } else {
      status.set('judge', { labelKey, tone: 'idle', text: () => t('common.status.none') });
    }
  }
}

function browserStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export const judgeState = new JudgeState({
  db: getDB,
  storage: browserStorage(),
  navigator: typeof navigator === 'undefined' ? {} : navigator,
  createEngine: defaultCreateEngine,
  // The site's root (Vite's base, e.g. /pollux-web/ on GitHub Pages): the WebGPU libraries are served under it.
  siteBase: () => (typeof location === 'undefined' ? undefined : new URL(import.meta.env.BASE_URL, location.origin).href),
  isCached: isConfigCached,
  status: appStatus,
  t: (key, params) => i18n.t(key, params),
});
