/**
 * The app's POLLUX data as shared reactive state: which source is loaded, load progress (bytes,
 * rows, ETA), the typed error with Retry, the instruction list, lazily read instruction details,
 * all expert scores, and the taxonomy (CriterionIndex). The heavy lifting is in src/lib/data/
 * (worker, loader, cache); this class wires it to the browser (fetch, IndexedDB, Worker,
 * navigator.storage) and publishes a one-line status in the header.
 */
import { i18n } from './i18n.svelte.ts';
import { appStatus } from './status.svelte.ts';
import { router } from './router.svelte.ts';
import { getDB } from './db.ts';
import {
  DataCache,
  ParquetDecoder,
  TAXONOMY_COMMITS,
  WorkerDecoder,
  datasetKeyOf,
  defaultSource,
  expertScoresOf,
  facetCounts,
  filterFromQuery,
  filterInstructions,
  groupDetails,
  loadDataset,
  openFromCache,
  parseSourceQuery,
  resolveSource,
  shouldFallBackToSample,
  taxonomyCandidates,
  toDataLoadError,
  type DataLoadCode,
  type DataSource,
  type Decoder,
  type FacetCounts,
  type FileSpec,
  type JoinReport,
  type LoadedDataset,
  type OpenedDataset,
  type TaxonomyName,
  type TaxonomyOrigin,
} from '../lib/data/index.ts';
import { CriterionIndex, parseCriteriaJson, parseTasksJson, type TaskGroup } from '../lib/taxonomy/index.ts';
import type { AppInstruction, ExpertScore, InstructionDetails, InstructionFilter } from '../lib/data/types.ts';

export type DataStatus = 'idle' | 'loading' | 'ready' | 'error';
export interface DataProgress {
  bytes: number;
  /** Bytes a cold list load fetches (projected column chunks), known once footers are read. */
  totalBytes: number;
  rows: number;
  totalRows: number;
  /** Seconds left, from the row rate so far; null until it can be estimated. */
  etaS: number | null;
}
export interface DataErrorState {
  code: DataLoadCode;
  message: string;
  url?: string;
}
export type DataNotice = { key: 'hfFallback'; reason: string } | { key: 'sample' } | { key: 'noInstructions'; reason: string };

const SOURCE_KEY = 'pollux-web:data-source';

function storedSource(): DataSource | null {
  try {
    return parseSourceQuery(localStorage.getItem(SOURCE_KEY) ?? undefined);
  } catch {
    return null;
  }
}

function initialSource(): DataSource {
  const raw = typeof location === 'undefined' ? undefined : router.route.query.source;
  const fromUrl = parseSourceQuery(raw);
  if (fromUrl && raw) {
    // Remembered: in-app links drop the query, and a reload must keep the linked source.
    try {
      localStorage.setItem(SOURCE_KEY, raw);
    } catch {
      // storage disabled: the link still applies to this page view
    }
  }
  return fromUrl ?? storedSource() ?? defaultSource({ defaultSource: import.meta.env.VITE_DEFAULT_SOURCE, dev: import.meta.env.DEV });
}

async function fetchJson(url: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch {
    throw toDataLoadError({ code: 'cors-or-network', message: `Could not reach ${url}`, url });
  }
  if (res.status === 404) throw toDataLoadError({ code: 'not-found', message: `Not found: ${url}`, url });
  if (res.status === 429) throw toDataLoadError({ code: 'rate-limited', message: `Rate limited: ${url}`, url });
  if (!res.ok) throw toDataLoadError({ code: 'http', message: `HTTP ${res.status} for ${url}`, url });
  try {
    return await res.json();
  } catch {
    throw toDataLoadError({ code: 'corrupt', message: `Not valid JSON: ${url}`, url });
  }
}

class DataState {
  #source = $state.raw<DataSource>(initialSource());
  #status = $state<DataStatus>('idle');
  #progress = $state<DataProgress>({ bytes: 0, totalBytes: 0, rows: 0, totalRows: 0, etaS: null });
  #error = $state.raw<DataErrorState | null>(null);
  #notice = $state.raw<DataNotice | null>(null);
  #waitS = $state<number | null>(null);
  #instructions = $state.raw<AppInstruction[]>([]);
  #report = $state.raw<JoinReport | null>(null);
  #datasetKey = $state<string | null>(null);
  /** Translated when read, so the label follows a language switch. */
  #loadedLabel = $state.raw<() => string>(() => '');
  #synthetic = $state(false);
  #criterionIndex = $state.raw<CriterionIndex | null>(null);
  #taskGroups = $state.raw<TaskGroup[]>([]);
  #taxonomyOrigin = $state<TaxonomyOrigin | null>(null);

  #filter = $derived<InstructionFilter>(filterFromQuery(router.route.query));
  #filtered = $derived(filterInstructions(this.#instructions, this.#filter));
  #facets = $derived<FacetCounts>(facetCounts(this.#instructions, this.#filter));

  /** A warm open has no chunks in memory; expert scores read them when first asked. */
  #loaded: OpenedDataset | LoadedDataset | null = null;
  #loading: Promise<void> | null = null;
  /** The source `#loading` is loading (a new source needs a new load). */
  #loadingSource: DataSource | null = null;
  #decoder: (Decoder & { cancel?: () => void }) | null = null;
  #cache: DataCache | null = null;
  #abort: AbortController | null = null;
  #startedAt = 0;
  #rowsAtStart = 0;

  get source(): DataSource {
    return this.#source;
  }
  get status(): DataStatus {
    return this.#status;
  }
  get progress(): DataProgress {
    return this.#progress;
  }
  get error(): DataErrorState | null {
    return this.#error;
  }
  get notice(): DataNotice | null {
    return this.#notice;
  }
  /** Seconds of the current rate-limit wait (429), or null. */
  get waitS(): number | null {
    return this.#waitS;
  }
  get instructions(): AppInstruction[] {
    return this.#instructions;
  }
  get filter(): InstructionFilter {
    return this.#filter;
  }
  get filtered(): AppInstruction[] {
    return this.#filtered;
  }
  get facets(): FacetCounts {
    return this.#facets;
  }
  get report(): JoinReport | null {
    return this.#report;
  }
  get datasetKey(): string | null {
    return this.#datasetKey;
  }
  get label(): string {
    return this.#loadedLabel();
  }
  get synthetic(): boolean {
    return this.#synthetic;
  }
  get criterionIndex(): CriterionIndex | null {
    return this.#criterionIndex;
  }
  get taskGroups(): TaskGroup[] {
    return this.#taskGroups;
  }
  get taxonomyOrigin(): TaxonomyOrigin | null {
    return this.#taxonomyOrigin;
  }

  byId(prompt_id: number): AppInstruction | undefined {
    return this.#instructions.find((i) => i.prompt_id === prompt_id);
  }

  #cacheOf(): DataCache {
    this.#cache ??= new DataCache(getDB());
    return this.#cache;
  }

  #decoderOf(): Decoder & { cancel?: () => void } {
    if (this.#decoder) return this.#decoder;
    const hooks = {
      onBytes: (n: number) => {
        this.#progress.bytes += n;
        this.#waitS = null;
      },
      onWait: (waitS: number) => {
        this.#waitS = waitS;
        this.#publish();
      },
    };
    try {
      this.#decoder = new WorkerDecoder(new Worker(new URL('../lib/data/worker.ts', import.meta.url), { type: 'module' }), hooks);
    } catch {
      // No module workers (very old browsers): decode on the main thread, slower but correct.
      this.#decoder = new ParquetDecoder({ fetch: (u, i) => fetch(u, i), ...hooks });
    }
    return this.#decoder;
  }

  #publish(): void {
    const t = i18n.t;
    let text: () => string;
    let tone: 'idle' | 'busy' | 'ok' | 'warn' | 'error' = 'idle';
    if (this.#status === 'loading') {
      tone = 'busy';
      const waitS = this.#waitS;
      const pct = this.#progress.totalRows ? Math.floor((100 * this.#progress.rows) / this.#progress.totalRows) : 0;
      text = () => (waitS ? t('data.status.waiting', { s: waitS }) : t('data.status.loading', { pct }));
    } else if (this.#status === 'ready') {
      tone = this.#notice?.key === 'hfFallback' ? 'warn' : 'ok';
      const n = this.#instructions.length;
      const source = this.#loadedLabel;
      text = () => t('data.status.ready', { n: i18n.n(n), source: source() });
    } else if (this.#status === 'error') {
      tone = 'error';
      const code = this.#error?.code ?? 'http';
      text = () => t(`data.error.${code}`);
    } else text = () => t('common.status.none');
    appStatus.set('data', { labelKey: 'common.status.data', tone, text });
  }

  /**
   * Loads the current source once; concurrent callers share the same promise. When the source
   * changed while another load was running (the user picked a new one while the start-up load
   * was still going), the old load is aborted by setSource; the new one starts once it has
   * settled, so the two never write the state at the same time.
   */
  ensureLoaded(): Promise<void> {
    if (this.#status === 'ready' && this.#loaded?.key === datasetKeyOf(this.#source)) return Promise.resolve();
    if (this.#loading && this.#loadingSource === this.#source) return this.#loading;
    const previous = this.#loading;
    const src = this.#source;
    const run = (async () => {
      if (previous) await previous.catch(() => undefined);
      if (this.#source === src) await this.#load();
    })().finally(() => {
      if (this.#loading === run) this.#loading = null;
    });
    this.#loading = run;
    this.#loadingSource = src;
    return run;
  }

  async #load(): Promise<void> {
    const src = this.#source;
    this.#status = 'loading';
    this.#error = null;
    this.#waitS = null;
    this.#progress = { bytes: 0, totalBytes: 0, rows: 0, totalRows: 0, etaS: null };
    this.#startedAt = performance.now();
    this.#rowsAtStart = -1;
    this.#abort = new AbortController();
    this.#publish();
    void this.#loadTaxonomy();
    try {
      const ds = await this.#loadSource(src);
      if (this.#source !== src) return; // superseded by setSource: its own load applies
      this.#apply(ds, src);
      performance.mark('data:applied');
      if (src.kind === 'sample') this.#notice = { key: 'sample' };
      else this.#notice = ds.joined.report.instructionsSource === 'unavailable' ? { key: 'noInstructions', reason: ds.joined.report.instructionsError ?? '' } : null;
    } catch (err) {
      if (this.#source !== src) return; // superseded (aborted by setSource): not an error to show
      const e = toDataLoadError(err);
      this.#error = { code: e.code, message: e.message, url: e.url };
      if (shouldFallBackToSample(src, e.code, storedSource() !== null)) {
        try {
          const sample = await this.#loadSource({ kind: 'sample' });
          this.#apply(sample, { kind: 'sample' });
          this.#notice = { key: 'hfFallback', reason: e.message };
          return;
        } catch {
          // fall through: show the original error
        }
      }
      this.#status = 'error';
    } finally {
      this.#waitS = null;
      this.#publish();
    }
  }

  async #loadSource(src: DataSource): Promise<OpenedDataset | LoadedDataset> {
    const cache = this.#cacheOf();
    // The warm path must not touch the network (offline reopen), so it runs before resolving.
    if (src.kind !== 'local') {
      performance.mark('data:warm-start');
      const warm = await openFromCache(datasetKeyOf(src), cache, undefined, (phase) => performance.mark(`data:${phase}`));
      if (warm) return warm;
    }
    const decoder = this.#decoderOf();
    const resolved = await resolveSource(src, { decoder, fetchJson, sampleBase: `${import.meta.env.BASE_URL}sample/` });
    return loadDataset(resolved, {
      decoder,
      cache,
      signal: this.#abort?.signal,
      onLayouts: (layouts) => {
        this.#progress.totalBytes = layouts.reduce((s, l) => s + l.listBytes, 0);
      },
      onProgress: (p) => {
        const now = performance.now();
        if (this.#rowsAtStart < 0) {
          // Rows already cached (resume) don't count towards the rate.
          this.#rowsAtStart = p.rows;
          this.#startedAt = now;
        }
        const done = p.rows - this.#rowsAtStart;
        const rate = done / Math.max(1, now - this.#startedAt);
        this.#progress.rows = p.rows;
        this.#progress.totalRows = p.totalRows;
        this.#progress.etaS = done > 0 && rate > 0 ? Math.round((p.totalRows - p.rows) / rate / 1000) : null;
        this.#publish();
      },
    });
  }

  #apply(ds: OpenedDataset | LoadedDataset, src: DataSource): void {
    this.#loaded = ds;
    this.#instructions = ds.joined.instructions;
    this.#report = ds.joined.report;
    this.#datasetKey = ds.key;
    this.#synthetic = ds.synthetic;
    this.#loadedLabel =
      src.kind === 'sample'
        ? () => i18n.t('data.source.sample')
        : src.kind === 'huggingface'
          ? () => 'Hugging Face'
          : src.kind === 'mirror'
            ? () => src.baseUrl
            : () => i18n.t('data.source.local');
    this.#status = 'ready';
  }

  async #loadTaxonomy(): Promise<void> {
    if (this.#criterionIndex) return;
    const db = getDB();
    const get = async (name: TaxonomyName): Promise<{ json: unknown; origin: TaxonomyOrigin } | null> => {
      const key = `${name}@${TAXONOMY_COMMITS[name]}`;
      const rec = await db.taxonomy.get(key).catch(() => undefined);
      if (rec) return { json: rec.data, origin: rec.origin ?? 'site' };
      for (const c of taxonomyCandidates(name, import.meta.env.BASE_URL)) {
        try {
          const json = await fetchJson(c.url);
          // Full files are cached; excerpts are bundled anyway and must not block a later full fetch.
          if (c.origin !== 'excerpt') await db.taxonomy.put({ key, data: json, fetchedAt: Date.now(), origin: c.origin }).catch(() => undefined);
          return { json, origin: c.origin };
        } catch {
          // next candidate
        }
      }
      return null;
    };
    const [criteria, tasks] = await Promise.all([get('criteria'), get('tasks')]);
    if (criteria) {
      this.#criterionIndex = new CriterionIndex(parseCriteriaJson(criteria.json).entries);
      this.#taxonomyOrigin = criteria.origin;
    }
    if (tasks) this.#taskGroups = parseTasksJson(tasks.json).groups;
  }

  /** Answers, annotations, descriptions of one instruction: cache first, else its rows only. */
  async details(prompt_id: number): Promise<InstructionDetails> {
    await this.ensureLoaded();
    const ds = this.#loaded;
    if (!ds) throw toDataLoadError({ code: 'not-found', message: 'No dataset loaded' });
    const cache = this.#cacheOf();
    const hit = await cache.getDetails(ds.key, prompt_id);
    if (hit) return hit;
    const ranges = ds.joined.rowIndex.get(prompt_id) ?? [];
    const inst = this.byId(prompt_id);
    const decoder = this.#decoderOf();
    const byFile = new Map<string, [number, number][]>();
    for (const r of ranges) byFile.set(r.file, [...(byFile.get(r.file) ?? []), [r.start, r.end]]);
    const rows = [];
    for (const [name, rs] of byFile) {
      const file: FileSpec | undefined = ds.experts.find((f) => f.name === name);
      if (!file) throw toDataLoadError({ code: 'not-found', message: `File ${name} is not available (local files must be chosen again)` });
      rows.push(...(await decoder.details(file, rs)));
    }
    const details = groupDetails(prompt_id, rows, inst?.reference_answer);
    await cache.putDetails(ds.key, details).catch(() => undefined);
    return details;
  }

  /** Every expert row's aggregate score (161k on the full dataset), keyed by prompt_id. */
  async expertScores(): Promise<ExpertScore[]> {
    await this.ensureLoaded();
    const ds = this.#loaded;
    if (!ds) return [];
    const chunks = 'chunks' in ds ? ds.chunks : await this.#cacheOf().listChunks(ds.key);
    return expertScoresOf(chunks, ds.joined.idByText);
  }

  setSource(src: DataSource): void {
    this.#abort?.abort();
    this.#decoder?.cancel?.();
    this.#source = src;
    try {
      const q = src.kind === 'local' ? null : src;
      if (q) localStorage.setItem(SOURCE_KEY, q.kind === 'sample' ? 'sample' : q.kind === 'mirror' ? `mirror:${q.baseUrl}` : q.revision ? `hf@${q.revision}` : 'hf');
    } catch {
      // not remembered; the choice still applies now
    }
    // A ?source= in the URL would override the choice on reload; the user's pick wins.
    if (router.route.query.source) router.setQuery({ source: null });
    this.#status = 'idle';
    this.#instructions = [];
    this.#loaded = null;
    void this.ensureLoaded();
  }

  retry(): Promise<void> {
    if (this.#status === 'loading') return this.#loading ?? Promise.resolve();
    this.#status = 'idle';
    this.#notice = null;
    return this.ensureLoaded();
  }

  cancel(): void {
    this.#abort?.abort();
    this.#decoder?.cancel?.();
  }

  async clearCache(): Promise<void> {
    this.cancel();
    await this.#cacheOf().clear();
    await getDB().taxonomy.clear();
    this.#loaded = null;
    this.#status = 'idle';
    this.#instructions = [];
    this.#publish();
  }

  async storageEstimate(): Promise<{ usage: number; quota: number; persisted: boolean } | null> {
    if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return null;
    const e = await navigator.storage.estimate();
    const persisted = navigator.storage.persisted ? await navigator.storage.persisted() : false;
    return { usage: e.usage ?? 0, quota: e.quota ?? 0, persisted };
  }

  async requestPersist(): Promise<boolean> {
    if (typeof navigator === 'undefined' || !navigator.storage?.persist) return false;
    return navigator.storage.persist();
  }
}

export const dataState = new DataState();
