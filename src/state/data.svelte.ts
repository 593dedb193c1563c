/**
 * The app's POLLUX data as one shared object, `dataState`, wired to the browser: loading
 * (data-load.svelte.ts), instruction details (data-details.ts), the expert table
 * (data-experts.ts), the taxonomy (taxonomy.svelte.ts), where the choice of source is remembered
 * (data-source.ts), the Explorer's filter (from the URL) and the header's status line. The
 * parquet work runs in the data worker (src/lib/data/worker.ts) when the browser has module
 * workers, else on the main thread.
 */
import { i18n } from './i18n.svelte.ts';
import { appStatus } from './status.svelte.ts';
import { router } from './router.svelte.ts';
import { getDB } from './db.ts';
import { afterPaint } from './next-task.ts';
import { browserSourceStore, startingSource, type SourceStore } from './data-source.ts';
import { DataLoadState, type DataErrorState, type DataNotice, type DataStatus, type ExpertsStatus } from './data-load.svelte.ts';
import { InstructionDetailsState } from './data-details.ts';
import { ExpertTableState } from './data-experts.ts';
import { TaxonomyState, sessionFailedUrls } from './taxonomy.svelte.ts';
import {
  DataCache,
  DataWorkerClient,
  LazyReader,
  ResolvedUrls,
  ReaderPair,
  defaultSource,
  describeSource,
  facetCounts,
  filterFromQuery,
  filterInstructions,
  jsonFetcher,
  type DataProgress,
  type DataReader,
  type DataSource,
  type ExpertTable,
  type FacetCounts,
  type JoinReport,
  type ReadOptions,
  type ReaderHooks,
  type TaxonomyOrigin,
} from '../lib/data/index.ts';
import type { CriterionIndex, TaskGroup } from '../lib/taxonomy/index.ts';
import type { MetricsReport } from '../lib/metrics/types.ts';
import type { AppInstruction, InstructionDetails, InstructionFilter, ListInstruction } from '../lib/data/types.ts';

export type { DataStatus, ExpertsStatus, DataProgress, DataErrorState, DataNotice };

const fetchJson = jsonFetcher((u, i) => fetch(u, i));

/** Two data workers (the list and instruction pages; the expert table), so their decoding runs on two cores. */
function makeReader(hooks: ReaderHooks, options: ReadOptions): DataReader {
  let reader: DataReader;
  try {
    const worker = () => new DataWorkerClient(new Worker(new URL('../lib/data/worker.ts', import.meta.url), { type: 'module' }), hooks, { storesChunks: true });
    // The expert table's worker starts when the table is first read (lazy-reader.ts says why).
    reader = new ReaderPair(worker(), new LazyReader(async () => worker(), { storesChunks: true }));
  } catch {
    // No module workers (very old browsers): decode on the main thread, slower but correct. Loaded
    // only then, so hyparquet is not in the page's own start-up script.
    reader = new LazyReader(async () => {
      const { ParquetReader } = await import('../lib/data/reader.ts');
      return new ParquetReader({ fetch: (u, i) => fetch(u, i), redirects: new ResolvedUrls(), ...hooks });
    });
  }
  reader.setOptions(options);
  return reader;
}

class DataState {
  readonly sources: SourceStore = browserSourceStore();
  #readOptions = $state.raw<ReadOptions>(this.sources.readOptions());
  #cache: DataCache | null = null;
  #cacheOf = () => (this.#cache ??= new DataCache(getDB()));
  readonly load = new DataLoadState({
    cache: this.#cacheOf,
    reader: (hooks) => makeReader(hooks, this.#readOptions),
    fetchJson,
    sampleBase: `${import.meta.env.BASE_URL}sample/`,
    sources: this.sources,
    initial: startingSource(this.sources, typeof location === 'undefined' ? undefined : router.route.query.source, defaultSource({ defaultSource: import.meta.env.VITE_DEFAULT_SOURCE })),
    now: () => performance.now(),
    mark: (name) => performance.mark(name),
    // The cache writes, and the expert phase behind them, wait until the first list has painted.
    afterPaint,
    onChange: () => this.#publish(),
  });
  readonly taxonomy = new TaxonomyState({ db: getDB, fetchJson, baseUrl: import.meta.env.BASE_URL, failed: sessionFailedUrls() });
  #details = new InstructionDetailsState({ whenExperts: () => this.load.whenExperts(), datasetKey: () => this.load.view.datasetKey, reader: () => this.load.reader, cache: this.#cacheOf });
  #experts = new ExpertTableState({ whenExperts: () => this.load.whenExperts(), cache: this.#cacheOf, mark: (name) => performance.mark(name) });

  #filter = $derived<InstructionFilter>(filterFromQuery(router.route.query));
  #filtered = $derived(filterInstructions(this.load.view.list, this.#filter));
  #facets = $derived<FacetCounts>(facetCounts(this.load.view.list, this.#filter));
  #byId = $derived(new Map(this.load.view.instructions.map((i) => [i.prompt_id, i])));

  get source(): DataSource {
    return this.load.source;
  }
  get linked(): boolean {
    return this.load.linked;
  }
  get status(): DataStatus {
    return this.load.status;
  }
  get expertsStatus(): ExpertsStatus {
    return this.load.expertsStatus;
  }
  get progress(): DataProgress {
    return this.load.progress;
  }
  get error(): DataErrorState | null {
    return this.load.error;
  }
  get expertsError(): DataErrorState | null {
    return this.load.expertsError;
  }
  get notice(): DataNotice | null {
    return this.load.view.notice;
  }
  /** Seconds of the current rate-limit wait (429), or null. */
  get waitS(): number | null {
    return this.load.waitS;
  }
  get instructions(): AppInstruction[] {
    return this.load.view.instructions;
  }
  /**
   * Whether the list is on screen: the load is ready, or a cold load listed the instructions'
   * heads (its status is still 'loading' until whole rows are in).
   */
  get listed(): boolean {
    return this.load.status === 'ready' || (this.load.status === 'loading' && this.load.view.list.length > 0);
  }
  /** What the Explorer lists (heads first on a cold load: `instructions` is for everything else). */
  get list(): readonly ListInstruction[] {
    return this.load.view.list;
  }
  get filter(): InstructionFilter {
    return this.#filter;
  }
  get filtered(): ListInstruction[] {
    return this.#filtered;
  }
  get facets(): FacetCounts {
    return this.#facets;
  }
  get report(): JoinReport | null {
    return this.load.view.report;
  }
  get datasetKey(): string | null {
    return this.load.view.datasetKey;
  }
  /** What is shown, translated when read (follows a language switch). */
  get label(): string {
    const kind = this.load.view.kind;
    const src = this.load.source;
    if (kind === 'sample') return i18n.t('data.source.sample');
    if (kind === 'huggingface') return 'Hugging Face';
    if (kind === 'mirror' && src.kind === 'mirror') return src.baseUrl;
    if (kind === 'local') return i18n.t('data.source.local');
    return '';
  }
  /**
   * The chosen source in words, translated when read: Settings names it ("Bundled sample",
   * "Local files: a.parquet, b.parquet"), never by its internal kind.
   */
  get sourceName(): string {
    const src = this.load.source;
    if (src.kind === 'sample') return i18n.t('data.settings.sample');
    if (src.kind === 'local') return i18n.t('data.source.localFiles', { files: src.files.map((f) => f.name).join(', ') });
    if (src.kind === 'mirror') return i18n.t('data.source.mirror', { url: src.baseUrl });
    return `Hugging Face · ${describeSource(src)}`;
  }
  get synthetic(): boolean {
    return this.load.view.synthetic;
  }
  get criterionIndex(): CriterionIndex | null {
    return this.taxonomy.criterionIndex;
  }
  get taskGroups(): TaskGroup[] {
    return this.taxonomy.taskGroups;
  }
  get taxonomyOrigin(): TaxonomyOrigin | null {
    return this.taxonomy.origin;
  }
  get readOptions(): ReadOptions {
    return this.#readOptions;
  }

  byId(prompt_id: number): AppInstruction | undefined {
    return this.#byId.get(prompt_id);
  }

  /**
   * Loads the current source once (see DataLoadState.ensureLoaded) and the taxonomy. The taxonomy's
   * requests wait until the list is on screen: nothing on the first screen needs them, and on a
   * slow network every request before the list delays it.
   */
  ensureLoaded(): Promise<void> {
    const list = this.load.ensureLoaded();
    void this.load.whenShown().then(() => this.taxonomy.load());
    return list;
  }

  /** Answers, annotations, descriptions of one instruction (read at most once per dataset). */
  details(prompt_id: number): Promise<InstructionDetails> {
    return this.#details.details(prompt_id);
  }

  /** After a failed read: the next `details(prompt_id)` reads again (and a failed expert table resumes). */
  async retryDetails(prompt_id: number): Promise<void> {
    await this.#details.retry(prompt_id);
    if (this.load.expertsStatus === 'error') void this.load.retry();
  }

  /** Every expert row's aggregate score as typed columns (161,076 rows on the full dataset), read once per dataset; waits for the expert table. */
  expertTable(): Promise<ExpertTable> {
    return this.#experts.table();
  }

  /**
   * The reference models' report cached with the loaded dataset for `request` (everything the
   * report depends on, described by the caller), or null; waits for the expert table like it.
   */
  async cachedReport(request: string): Promise<MetricsReport | null> {
    const ds = await this.load.whenExperts();
    return this.#cacheOf()
      .report(ds.key, ds.stamp, request)
      .catch(() => null);
  }

  /** Keeps the reference models' report with the loaded dataset (best effort: it can always be computed again). */
  async cacheReport(request: string, report: MetricsReport): Promise<void> {
    const ds = await this.load.whenExperts();
    await this.#cacheOf()
      .putReport(ds.key, ds.stamp, request, report)
      .catch(() => undefined);
  }

  /** A source chosen in Settings: remembered for later visits (local files only for this page). */
  setSource(src: DataSource): void {
    this.load.setSource(src, { remember: true });
    // A ?source= in the URL would override the choice on reload; the user's pick wins. The pick
    // is made in Settings, so the write is Settings' (dropped if the user has already left).
    if (router.route.query.source) router.setQuery({ source: null }, 'settings');
  }

  keepLinkedSource(): void {
    this.load.keepLinkedSource();
  }

  setReadOptions(o: ReadOptions): void {
    this.#readOptions = o;
    this.sources.setReadOptions(o);
    this.load.reader.setOptions(o);
  }

  retry(): Promise<void> {
    return this.load.retry();
  }

  cancel(): void {
    this.load.cancel();
  }

  async clearCache(): Promise<void> {
    this.load.cancel();
    await this.load.reset();
    await this.load.cache.clear();
    await getDB().taxonomy.clear();
    this.#details.clear();
    this.#experts.clear();
    this.taxonomy.reset();
  }

  #publish(): void {
    const t = i18n.t;
    const load = this.load;
    const pct = (p: DataProgress) => (p.determinate && p.totalBytes > 0 ? Math.floor((100 * p.bytes) / p.totalBytes) : null);
    let text: () => string;
    let tone: 'idle' | 'busy' | 'ok' | 'warn' | 'error' = 'idle';
    const waitS = load.waitS;
    const p = pct(load.progress);
    if (load.status === 'loading') {
      tone = 'busy';
      text = () => (waitS ? t('data.status.waiting', { wait: i18n.duration(waitS) }) : t('data.status.loading'));
    } else if (load.status === 'ready') {
      const n = load.view.instructions.length;
      const label = () => this.label;
      tone = load.expertsStatus === 'error' ? 'error' : load.view.notice?.key === 'hfFallback' ? 'warn' : load.expertsStatus === 'loading' ? 'busy' : 'ok';
      text =
        load.expertsStatus === 'loading'
          ? () => t('data.status.streaming', { n: i18n.n(n), source: label(), pct: p === null ? '…' : `${p}%` })
          : () => t('data.status.ready', { n: i18n.n(n), source: label() });
    } else if (load.status === 'error') {
      tone = 'error';
      const code = load.error?.code ?? 'http';
      text = () => t(`data.error.${code}`);
    } else text = () => t('common.status.none');
    appStatus.set('data', { labelKey: 'common.status.data', tone, text });
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
