/**
 * Loading the current data source, as reactive state: which source, the instruction list (shown
 * as soon as POLLUX-instructions is decoded), the expert table streaming in behind it (its own
 * status and a byte-accurate progress bar), the typed error with Retry, the sample-fallback
 * notice. Dependencies (cache, reader, JSON fetch, storage of the choice, clock) come in through
 * the constructor, so the class is unit-tested with fakes.
 *
 * One attempt per source: `ensureLoaded()` returns the same promise until the user retries or
 * picks another source, whatever happened (ready, fallback, error). Views may call it from effects
 * as often as they like; nothing is requested twice. It reads no reactive state, so calling it from
 * an effect subscribes that effect to nothing.
 */
import {
  datasetKeyOf,
  openSource,
  shouldFallBackToSample,
  throttle,
  toDataLoadError,
  IDLE_PROGRESS,
  ProgressMeter,
  type DataCache,
  type DataProgress,
  type DataLoadCode,
  type DataReader,
  type DataSource,
  type JoinedDataset,
  type OpenedDataset,
  type ReaderHooks,
  type Throttle,
} from '../lib/data/index.ts';
import { untrack } from 'svelte';
import type { SourceStore } from './data-source.ts';
import { DataView, type DataNotice } from './data-view.svelte.ts';

export type DataStatus = 'idle' | 'loading' | 'ready' | 'error';
export type ExpertsStatus = 'idle' | 'loading' | 'ready' | 'error';
export type { DataProgress, DataNotice };
export interface DataErrorState {
  code: DataLoadCode;
  message: string;
  url?: string;
}

export interface DataLoadDeps {
  cache: () => DataCache;
  /** Builds the reader once, with the hooks that feed progress. */
  reader: (hooks: ReaderHooks) => DataReader;
  fetchJson: (url: string) => Promise<unknown>;
  sampleBase: string;
  sources: SourceStore;
  initial: { source: DataSource; linked: boolean };
  /** Milliseconds, for the ETA. */
  now?: () => number;
  mark?: (name: string) => void;
  /** Resolves after the next paint (the loader's big writes wait for the list to show); default at once. */
  afterPaint?: () => Promise<void>;
  /** Called after every visible change (the header's status line). */
  onChange?: () => void;
}

interface Attempt {
  key: string;
  list: Promise<void>;
  /** Settles when the list is first on screen, or when the attempt ends without one. */
  shown: Promise<void>;
  experts: Promise<OpenedDataset>;
  abort: AbortController;
}

export class DataLoadState {
  #source = $state.raw<DataSource>({ kind: 'sample' });
  #linked = $state(false);
  #status = $state<DataStatus>('idle');
  #experts = $state<ExpertsStatus>('idle');
  #progress = $state.raw<DataProgress>(IDLE_PROGRESS);
  #error = $state.raw<DataErrorState | null>(null);
  #expertsError = $state.raw<DataErrorState | null>(null);
  #waitS = $state<number | null>(null);
  /** What is shown (list, report, dataset, notice). */
  readonly view = new DataView();

  #deps: DataLoadDeps;
  #reader: DataReader | null = null;
  #attempt: Attempt | null = null;
  /** Raw counts, committed to #progress at most every 100 ms. */
  #meter: ProgressMeter;
  #commit: Throttle;

  constructor(deps: DataLoadDeps) {
    this.#deps = deps;
    this.#source = deps.initial.source;
    this.#linked = deps.initial.linked;
    this.#meter = new ProgressMeter(deps.now ?? Date.now);
    this.#commit = throttle(() => {
      this.#progress = this.#meter.snapshot();
      deps.onChange?.();
    }, 100);
  }

  get source(): DataSource {
    return this.#source;
  }
  /** The source came from a link and applies to this visit only. */
  get linked(): boolean {
    return this.#linked;
  }
  get status(): DataStatus {
    return this.#status;
  }
  get expertsStatus(): ExpertsStatus {
    return this.#experts;
  }
  get progress(): DataProgress {
    return this.#progress;
  }
  get error(): DataErrorState | null {
    return this.#error;
  }
  get expertsError(): DataErrorState | null {
    return this.#expertsError;
  }
  get waitS(): number | null {
    return this.#waitS;
  }

  get cache(): DataCache {
    return this.#deps.cache();
  }

  /** The one reader (data worker) of the page. */
  get reader(): DataReader {
    this.#reader ??= this.#deps.reader({
      onPlanned: (n) => {
        this.#meter.planned(n);
        this.#commit.poke();
      },
      onBytes: (n) => {
        this.#meter.received(n);
        this.#waitS = null;
        this.#commit.poke();
      },
      onWait: (waitS) => {
        this.#waitS = waitS;
        this.#deps.onChange?.();
      },
    });
    return this.#reader;
  }

  /** Loads the current source once; every later call returns the same promise (see the module note). */
  ensureLoaded(): Promise<void> {
    const key = untrack(() => datasetKeyOf(this.#source));
    if (this.#attempt?.key === key) return this.#attempt.list;
    return this.#start(this.#attempt);
  }

  /** Settles once the current attempt's list is on screen (or the attempt ended without one). */
  whenShown(): Promise<void> {
    void this.ensureLoaded();
    return this.#attempt!.shown;
  }

  /** Resolves with the loaded dataset once its expert table is complete; rejects if that failed. */
  whenExperts(): Promise<OpenedDataset> {
    void this.ensureLoaded();
    return this.#attempt!.experts;
  }

  #start(previous: Attempt | null): Promise<void> {
    const src = untrack(() => this.#source);
    const abort = new AbortController();
    let settleExperts!: { resolve: (d: OpenedDataset) => void; reject: (e: unknown) => void };
    const experts = new Promise<OpenedDataset>((resolve, reject) => (settleExperts = { resolve, reject }));
    experts.catch(() => undefined);
    let markShown!: () => void;
    const shown = new Promise<void>((resolve) => (markShown = resolve));
    const attempt: Attempt = { key: datasetKeyOf(src), abort, experts, list: Promise.resolve(), shown };
    attempt.list = (async () => {
      // Never synchronously: a view may have asked from inside a derivation, where state must not change.
      await Promise.resolve();
      if (previous) {
        previous.abort.abort();
        await previous.list.catch(() => undefined);
        await previous.experts.catch(() => undefined);
      }
      if (this.#attempt !== attempt) return;
      await this.#run(src, attempt, settleExperts, markShown);
    })().finally(() => markShown());
    this.#attempt = attempt;
    return attempt.list;
  }

  async #run(src: DataSource, attempt: Attempt, experts: { resolve: (d: OpenedDataset) => void; reject: (e: unknown) => void }, shown: () => void): Promise<void> {
    const current = () => this.#attempt === attempt;
    this.#status = 'loading';
    this.#experts = 'loading';
    this.#error = null;
    this.#expertsError = null;
    this.#waitS = null;
    this.view.clear();
    this.#meter.reset();
    this.#commit.poke();
    this.#commit.flush();
    let listShown = false;
    try {
      const done = await this.#loadSource(
        src,
        attempt,
        () => {
          listShown = true;
          shown();
        },
        current,
      );
      if (!current()) return;
      experts.resolve(done);
    } catch (err) {
      const e = toDataLoadError(err);
      if (!current()) {
        experts.reject(e);
        return;
      }
      const info = { code: e.code, message: e.message, url: e.url };
      if (!listShown) this.view.clearList();
      if (listShown) {
        // The list is on screen: only the expert table failed. Retry resumes it.
        this.#experts = 'error';
        this.#expertsError = info;
        experts.reject(e);
      } else if (shouldFallBackToSample(src, e.code, this.#isPermanent(src))) {
        try {
          // Said before the sample's list shows (it would otherwise replace the sample's own notice
          // above a list already on screen).
          this.view.notice = { key: 'hfFallback', reason: e.message };
          const sample = await this.#loadSource({ kind: 'sample' }, attempt, () => undefined, current);
          if (!current()) return;
          experts.resolve(sample);
        } catch (err2) {
          this.#fail(info);
          experts.reject(err2);
        }
      } else {
        this.#fail(info);
        experts.reject(e);
      }
    } finally {
      if (current()) {
        this.#waitS = null;
        this.#commit.poke();
        this.#commit.flush();
      }
    }
  }

  #fail(info: DataErrorState): void {
    this.#status = 'error';
    this.#experts = 'error';
    this.#error = info;
  }

  #isPermanent(src: DataSource): boolean {
    const p = this.#deps.sources.permanent();
    return p !== null && datasetKeyOf(p) === datasetKeyOf(src);
  }

  /** Warm from the cache, else cold in two phases; the list is shown as it comes. */
  #loadSource(src: DataSource, attempt: Attempt, onList: () => void, current: () => boolean): Promise<OpenedDataset> {
    const mark = this.#deps.mark ?? (() => {});
    return openSource(src, {
      reader: this.reader,
      cache: this.#deps.cache(),
      fetchJson: this.#deps.fetchJson,
      sampleBase: this.#deps.sampleBase,
      signal: attempt.abort.signal,
      mark: (p) => mark(`data:${p}`),
      afterList: this.#deps.afterPaint,
      onList: (joined, complete, ds) => {
        if (current()) this.#show(joined, complete, src, ds.key, ds.synthetic, onList);
      },
      // Only the list shows heads: the load's status (and every other page) waits for whole rows.
      onHeads: (list, ds) => {
        if (!current()) return;
        this.view.showHeads(list, src.kind, ds.key, ds.synthetic);
        this.#deps.mark?.('data:heads');
      },
      onProgress: (p) => {
        this.#meter.rows(p.rows, p.totalRows);
        this.#commit.poke();
      },
      onExpertsStart: (fetching) => this.#meter.expertsStart(fetching),
    });
  }

  #show(joined: JoinedDataset, complete: boolean, src: DataSource, key: string, synthetic: boolean, onList: () => void): void {
    onList();
    const first = this.#status !== 'ready';
    this.view.show(joined, complete, src.kind, key, synthetic);
    this.#status = 'ready';
    if (complete) {
      this.#experts = 'ready';
      this.#deps.mark?.('data:applied');
    } else if (first) this.#deps.mark?.('data:list');
    this.#deps.onChange?.();
  }

  /** Another source: the running load is aborted, the new one starts once it has settled. */
  setSource(src: DataSource, opts: { remember: boolean }): void {
    this.#source = src;
    this.#linked = false;
    this.#deps.sources.setVisit(null);
    if (opts.remember) this.#deps.sources.setPermanent(src.kind === 'local' ? null : src);
    this.view.forgetKey();
    void this.#start(this.#attempt);
  }

  /** Makes the visit's linked source the permanent choice (an explicit step in Settings). */
  keepLinkedSource(): void {
    if (!this.#linked) return;
    this.#deps.sources.setPermanent(this.#source);
    this.#deps.sources.setVisit(null);
    this.#linked = false;
  }

  /** Tries the current source again (an interrupted expert table resumes where it stopped). */
  retry(): Promise<void> {
    if (this.#status === 'loading' || this.#experts === 'loading') return this.#attempt?.list ?? Promise.resolve();
    return this.#start(this.#attempt);
  }

  cancel(): void {
    this.#attempt?.abort.abort();
  }

  /** Forgets the loaded data (after the cache was cleared); the next ensureLoaded loads again. */
  async reset(): Promise<void> {
    const a = this.#attempt;
    a?.abort.abort();
    await a?.list.catch(() => undefined);
    this.#attempt = null;
    this.#status = 'idle';
    this.#experts = 'idle';
    this.view.clear();
    this.view.forgetKey();
    this.#deps.onChange?.();
  }
}
