import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openPolluxDB } from '../../../src/lib/store/db.ts';
import { DataCache } from '../../../src/lib/data/cache.ts';
import { ParquetReader } from '../../../src/lib/data/reader.ts';
import { DataLoadError } from '../../../src/lib/data/errors.ts';
import type { FetchLike } from '../../../src/lib/data/range-fetch.ts';
import type { DataReader } from '../../../src/lib/data/reader.ts';
import { DataLoadState } from '../../../src/state/data-load.svelte.ts';
import { InstructionDetailsState } from '../../../src/state/data-details.ts';
import { ExpertTableState } from '../../../src/state/data-experts.ts';
import { memorySourceStore, startingSource } from '../../../src/state/data-source.ts';
import { TaxonomyState, type FailedUrls } from '../../../src/state/taxonomy.svelte.ts';
import { rangeServer } from './fixtures.ts';

const SAMPLE = 'http://app.test/sample/';
const sampleFile = (name: string) => new Uint8Array(readFileSync(new URL(`../../../public/sample/${name}`, import.meta.url)));
const manifest = JSON.parse(readFileSync(new URL('../../../public/sample/manifest.json', import.meta.url), 'utf8')) as { experts: { rows: number }[] };
const sampleRows = manifest.experts.reduce((s, f) => s + f.rows, 0);

let dbn = 0;
/** A page's data state over fake IndexedDB; the Hub is unreachable, the bundled sample is served. */
function page(opts: { permanentHf?: boolean; db?: ReturnType<typeof openPolluxDB>; wrap?: (r: DataReader) => DataReader } = {}) {
  const db = opts.db ?? openPolluxDB(`state-${dbn++}`);
  const samples = rangeServer({ [`${SAMPLE}pollux-test.parquet`]: sampleFile('pollux-test.parquet'), [`${SAMPLE}pollux-instructions.parquet`]: sampleFile('pollux-instructions.parquet') });
  const hub: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    if (url.startsWith(SAMPLE)) return samples.fetch(url, init);
    hub.push(url);
    throw new TypeError('Failed to fetch');
  };
  const fetchJson = async (url: string) => {
    if (url === `${SAMPLE}manifest.json`) return manifest;
    hub.push(url);
    throw new DataLoadError('cors-or-network', `Could not reach ${url}`, { url });
  };
  const sources = memorySourceStore(opts.permanentHf ? { permanent: { kind: 'huggingface' } } : {});
  let cache: DataCache | null = null;
  const load = new DataLoadState({
    cache: () => (cache ??= new DataCache(db)),
    reader: (hooks) => (opts.wrap ?? ((r) => r))(new ParquetReader({ fetch, ...hooks })),
    fetchJson,
    sampleBase: SAMPLE,
    sources,
    initial: startingSource(sources, undefined, { kind: 'huggingface' }),
  });
  const details = new InstructionDetailsState({ whenExperts: () => load.whenExperts(), datasetKey: () => load.view.datasetKey, reader: () => load.reader, cache: () => load.cache });
  const experts = new ExpertTableState({ whenExperts: () => load.whenExperts(), cache: () => load.cache });
  return { load, details, experts, hub, samples, sources, db };
}

describe('DataLoadState', () => {
  it('an unreachable Hub falls back to the sample once; nothing on the page asks the Hub again', async () => {
    const p = page();
    await p.load.ensureLoaded();
    expect(p.load.status).toBe('ready');
    expect(p.load.view.notice?.key).toBe('hfFallback');
    expect(p.load.view.datasetKey).toMatch(/^sample@/);
    const first = p.hub.length;
    // datasets-server, the instructions file and the three shards: a handful, each tried once.
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(5);
    // What views do on every render and every page view: none of it reaches the Hub again.
    const id = p.load.view.instructions.find((i) => i.models.length > 0)!.prompt_id;
    for (let i = 0; i < 50; i++) {
      void p.load.ensureLoaded();
      void p.details.details(id);
    }
    await p.load.whenExperts();
    expect((await p.details.details(id)).answers.length).toBeGreaterThan(0);
    expect(p.details.details(id)).toBe(p.details.details(id));
    expect(p.hub.length).toBe(first);
    // Only an explicit Retry tries the Hub again, once, and falls back again.
    await p.load.retry();
    expect(p.hub.length).toBeGreaterThan(first);
    expect(p.hub.length).toBeLessThanOrEqual(2 * first);
    expect(p.load.view.notice?.key).toBe('hfFallback');
  });

  it('a Hugging Face source chosen in Settings shows its error instead, and stays put until Retry', async () => {
    const p = page({ permanentHf: true });
    await p.load.ensureLoaded();
    expect(p.load.status).toBe('error');
    expect(p.load.error?.code).toBe('cors-or-network');
    const n = p.hub.length;
    await p.load.ensureLoaded();
    await p.load.ensureLoaded();
    expect(p.hub.length).toBe(n);
    await expect(p.details.details(1)).rejects.toBeInstanceOf(DataLoadError);
    expect(p.hub.length).toBe(n);
  });

  it('shows the list before the expert table is complete, and reopens warm with no requests', async () => {
    const p = page();
    p.load.setSource({ kind: 'sample' }, { remember: true });
    const listed = p.load.ensureLoaded();
    await listed;
    expect(p.load.status).toBe('ready');
    await p.load.whenExperts();
    expect(p.load.expertsStatus).toBe('ready');
    expect(p.load.progress.determinate).toBe(true);
    expect(p.load.progress.bytes).toBe(p.load.progress.totalBytes);
    expect(p.sources.permanent()).toEqual({ kind: 'sample' });
    const table = await p.experts.table();
    expect(table.promptId.length).toBe(sampleRows);
    expect(await p.experts.table()).toBe(table);

    // Another page view over the same database: the list, details and scores need no request.
    const again = page({ db: p.db });
    again.load.setSource({ kind: 'sample' }, { remember: false });
    await again.load.ensureLoaded();
    await again.load.whenExperts();
    expect(again.load.view.instructions).toHaveLength(p.load.view.instructions.length);
    expect((await again.experts.table()).promptId.length).toBe(table.promptId.length);
    expect(again.samples.state.requests).toBe(0);
  });
});

describe('DataLoadState, the list from the heads', () => {
  /** The reader, with `onHeads` seen by `spy` right after the page had it. */
  const spying =
    (spy: () => void, fail?: Error) =>
    (r: DataReader): DataReader => ({
      storesChunks: r.storesChunks,
      open: (...a) => r.open(...a),
      experts: (...a) => r.experts(...a),
      details: (...a) => r.details(...a),
      setOptions: (o) => r.setOptions(o),
      instructions: async (file, tail, signal, onHeads) => {
        const rows = await r.instructions(file, tail, signal, (heads) => {
          onHeads?.(heads);
          spy();
        });
        if (fail) throw fail;
        return rows;
      },
    });

  it('lists the heads while the load is still loading; other pages wait for whole rows', async () => {
    let seen: { list: number; instructions: number; status: string } | null = null;
    const p: ReturnType<typeof page> = page({ wrap: spying(() => (seen = { list: p.load.view.list.length, instructions: p.load.view.instructions.length, status: p.load.status })) });
    p.load.setSource({ kind: 'sample' }, { remember: false });
    await p.load.whenShown();
    expect(seen).toEqual({ list: p.load.view.instructions.length, instructions: 0, status: 'loading' });
    expect(p.load.view.list).toBe(p.load.view.instructions);
    expect(p.load.view.instructions[0].criteria.length).toBeGreaterThan(0);
    await p.load.whenExperts();
  });

  it('heads of a load that then fails are not left on screen', async () => {
    let listed = 0;
    const p: ReturnType<typeof page> = page({ wrap: spying(() => (listed = p.load.view.list.length), new DataLoadError('cors-or-network', 'connection dropped')) });
    p.load.setSource({ kind: 'sample' }, { remember: false });
    await p.load.ensureLoaded();
    expect(listed).toBeGreaterThan(0);
    expect(p.load.status).toBe('error');
    expect(p.load.view.list).toEqual([]);
  });
});

describe('DataLoadState.whenShown', () => {
  it('settles once the first list is on screen, before the expert table, with the sample notice already set', async () => {
    const p = page();
    p.load.setSource({ kind: 'sample' }, { remember: false });
    let experts = false;
    void p.load.whenExperts().then(() => (experts = true));
    await p.load.whenShown();
    expect(p.load.status).toBe('ready');
    expect(p.load.view.instructions.length).toBeGreaterThan(0);
    // The notice sits above the list: it comes with it, not later (it would push the list down).
    expect(p.load.view.notice?.key).toBe('sample');
    expect(experts).toBe(false);
    await p.load.whenExperts();
  });

  it('settles too when the attempt ends without a list', async () => {
    const p = page({ permanentHf: true });
    await p.load.whenShown();
    await p.load.ensureLoaded();
    expect(p.load.status).toBe('error');
  });
});

describe('remembered source', () => {
  it('a ?source= link applies to the visit only; keeping it is an explicit step', () => {
    const sources = memorySourceStore();
    const start = startingSource(sources, 'mirror:http://stranger.test/x', { kind: 'huggingface' });
    expect(start).toEqual({ source: { kind: 'mirror', baseUrl: 'http://stranger.test/x' }, linked: true });
    expect(sources.permanent()).toBeNull();
    // A reload in the same tab keeps it; a new visit (empty session) does not.
    expect(startingSource(sources, undefined, { kind: 'huggingface' }).linked).toBe(true);
    expect(startingSource(memorySourceStore({ permanent: sources.permanent() ?? undefined }), undefined, { kind: 'huggingface' }).source).toEqual({ kind: 'huggingface' });
    const p = page();
    const state = new DataLoadState({
      cache: () => new DataCache(p.db),
      reader: () => new ParquetReader({ fetch: async () => new Response('', { status: 404 }) }),
      fetchJson: async () => null,
      sampleBase: SAMPLE,
      sources,
      initial: startingSource(sources, undefined, { kind: 'huggingface' }),
    });
    expect(state.linked).toBe(true);
    state.keepLinkedSource();
    expect(sources.permanent()).toEqual({ kind: 'mirror', baseUrl: 'http://stranger.test/x' });
    expect(sources.visit()).toBeNull();
  });
});

describe('InstructionDetailsState', () => {
  it('a failed read is remembered until retried, and is then read again', async () => {
    const p = page();
    p.load.setSource({ kind: 'sample' }, { remember: false });
    await p.load.whenExperts();
    const id = p.load.view.instructions.find((i) => i.models.length > 0)!.prompt_id;
    const before = p.samples.state.requests;
    p.samples.state.failAfter = p.samples.state.requests;
    await expect(p.details.details(id)).rejects.toBeInstanceOf(DataLoadError);
    const afterFail = p.samples.state.requests;
    for (let i = 0; i < 10; i++) await p.details.details(id).catch(() => undefined);
    expect(p.samples.state.requests).toBe(afterFail);
    p.samples.state.failAfter = Infinity;
    await p.details.retry(id);
    expect((await p.details.details(id)).answers.length).toBeGreaterThan(0);
    expect(p.samples.state.requests).toBeGreaterThan(before);
  });
});

describe('TaxonomyState', () => {
  it('remembers a failed URL for the visit: a reload does not ask it again', async () => {
    const failed = new Set<string>();
    const visit: FailedUrls = { has: (u) => failed.has(u), add: (u) => void failed.add(u) };
    const asked: string[] = [];
    const excerpt = JSON.parse(readFileSync(new URL('../../../public/sample/criteria.excerpt.json', import.meta.url), 'utf8')) as unknown;
    const tasks = JSON.parse(readFileSync(new URL('../../../public/sample/tasks.excerpt.json', import.meta.url), 'utf8')) as unknown;
    const fetchJson = async (url: string) => {
      asked.push(url);
      if (url.endsWith('criteria.excerpt.json')) return excerpt;
      if (url.endsWith('tasks.excerpt.json')) return tasks;
      throw new DataLoadError('cors-or-network', `Could not reach ${url}`, { url });
    };
    const db = openPolluxDB(`taxonomy-${dbn++}`);
    const first = new TaxonomyState({ db: () => db, fetchJson, baseUrl: '/', failed: visit });
    await first.load();
    await first.load();
    expect(first.criterionIndex).not.toBeNull();
    expect(first.origin).toBe('excerpt');
    const failing = asked.filter((u) => !u.includes('excerpt'));
    expect(failing.length).toBe(4); // site + GitHub, for each of the two files
    asked.length = 0;
    const reloaded = new TaxonomyState({ db: () => db, fetchJson, baseUrl: '/', failed: visit });
    await reloaded.load();
    expect(asked.every((u) => u.includes('excerpt'))).toBe(true);
    expect(reloaded.criterionIndex).not.toBeNull();
  });
});
