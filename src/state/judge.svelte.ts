/**
 * judgeState: the judge the app currently uses, shared by the Models page, the try-out and the
 * run machinery. Holds the JudgeSpec (persisted in the dexie `settings` table — never the API
 * key, which lives in ApiKeyStore), the loaded engine, its load progress and error, the device
 * report, URL overrides and measured speeds, and publishes a line in the header status area.
 * `ensureEngine(spec)` is the one entry point that (re)builds and loads an engine.
 */
import { judgeLabel, type JudgeSpec } from '../lib/judge/spec.ts';
import type { JudgeEngine, LoadProgress, Usage } from '../lib/judge/engine.ts';
import { EngineError, isEngineError } from '../lib/judge/errors.ts';
import { createEngine } from '../lib/judge/factory.ts';
import { ApiKeyStore } from '../lib/judge/api-key.ts';
import { normalizeBaseUrl } from '../lib/judge/openai.ts';
import type { UrlOverrides } from '../lib/judge/catalog.ts';
import { gatherDeviceFacts, requestPersistentStorage, type DeviceFacts } from '../lib/judge/device-facts.ts';
import { getDB } from './db.ts';
import { appStatus } from './status.svelte.ts';
import { i18n } from './i18n.svelte.ts';

const SPEC_KEY = 'judge.spec';
const OVERRIDES_KEY = 'judge.urlOverrides';
const ENDPOINT_KEY = 'judge.endpoint';

export interface EndpointDraft {
  baseUrl: string;
  model: string;
  concurrency: number;
  outputFormat: 'tagged' | 'bare-number';
  polluxTrained: boolean;
}

function sameSpec(a: JudgeSpec | null, b: JudgeSpec): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

class JudgeState {
  #spec = $state.raw<JudgeSpec | null>(null);
  #engine = $state.raw<JudgeEngine | null>(null);
  #loadingSpec = $state.raw<JudgeSpec | null>(null);
  #progress = $state.raw<LoadProgress | null>(null);
  #error = $state.raw<EngineError | null>(null);
  #facts = $state.raw<DeviceFacts | null>(null);
  #overrides = $state.raw<UrlOverrides>({});
  #endpoint = $state.raw<EndpointDraft>({ baseUrl: '', model: '', concurrency: 8, outputFormat: 'tagged', polluxTrained: true });
  #speed = $state.raw<{ prefill?: number; decode?: number }>({});
  #abort: AbortController | null = null;
  #initialised: Promise<void> | null = null;
  readonly keys = new ApiKeyStore(storage());

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
  get endpoint(): EndpointDraft {
    return this.#endpoint;
  }
  get speed(): { prefill?: number; decode?: number } {
    return this.#speed;
  }

  /** Reads the persisted spec, overrides and endpoint draft (once). Does not load a model. */
  init(): Promise<void> {
    this.#initialised ??= (async () => {
      try {
        const db = getDB();
        const [spec, overrides, endpoint] = await Promise.all([db.settings.get(SPEC_KEY), db.settings.get(OVERRIDES_KEY), db.settings.get(ENDPOINT_KEY)]);
        if (spec?.value && typeof spec.value === 'object') this.#spec = spec.value as JudgeSpec;
        if (overrides?.value && typeof overrides.value === 'object') this.#overrides = overrides.value as UrlOverrides;
        if (endpoint?.value && typeof endpoint.value === 'object') this.#endpoint = { ...this.#endpoint, ...(endpoint.value as Partial<EndpointDraft>) };
      } catch {
        // no IndexedDB (private mode): start from defaults
      }
      this.#publish();
    })();
    return this.#initialised;
  }

  async setUrlOverrides(o: UrlOverrides): Promise<void> {
    this.#overrides = o;
    await getDB().settings.put({ key: OVERRIDES_KEY, value: o });
  }

  async setEndpointDraft(d: EndpointDraft): Promise<void> {
    this.#endpoint = d;
    await getDB().settings.put({ key: ENDPOINT_KEY, value: d });
  }

  async checkDevice(): Promise<DeviceFacts> {
    const facts = await gatherDeviceFacts(typeof navigator === 'undefined' ? {} : navigator);
    this.#facts = facts;
    return facts;
  }

  async requestPersistence(): Promise<void> {
    await requestPersistentStorage(navigator);
    await this.checkDevice();
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
    const apiKey = spec.kind === 'openai' ? this.keys.get(normalizeBaseUrl(spec.baseUrl)) : undefined;
    const engine = createEngine(spec, { apiKey, urlOverrides: this.#overrides });
    try {
      await engine.load({ signal: abort.signal, onProgress: (p) => (this.#progress = p) });
      this.#engine = engine;
      this.#spec = spec;
      this.#speed = {};
      await getDB().settings.put({ key: SPEC_KEY, value: spec }).catch(() => undefined);
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
    if (this.#loadingSpec !== null) {
      const model = judgeLabel(this.#loadingSpec);
      appStatus.set('judge', { labelKey, tone: 'busy', text: () => i18n.t('judge.status.loading', { model }) });
    } else if (this.#engine !== null) {
      const model = this.#engine.info.modelId;
      appStatus.set('judge', { labelKey, tone: 'ok', text: () => i18n.t('judge.status.ready', { model }) });
    } else if (this.#error !== null) {
      appStatus.set('judge', { labelKey, tone: 'error', text: () => i18n.t('judge.status.error') });
    } else {
      appStatus.set('judge', { labelKey, tone: 'idle', text: () => i18n.t('common.status.none') });
    }
  }
}

export const judgeState = new JudgeState();
