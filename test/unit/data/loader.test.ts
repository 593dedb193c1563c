import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openPolluxDB } from '../../../src/lib/store/db.ts';
import { DataCache } from '../../../src/lib/data/cache.ts';
import { ParquetReader } from '../../../src/lib/data/reader.ts';
import { DEFAULT_READ_OPTIONS } from '../../../src/lib/data/options.ts';
import { expertTableFromCache, loadDataset, openFromCache } from '../../../src/lib/data/loader.ts';
import { resolveSource } from '../../../src/lib/data/source.ts';
import { groupDetails } from '../../../src/lib/data/details.ts';
import { DataLoadError } from '../../../src/lib/data/errors.ts';
import { parquetMetadata } from 'hyparquet';
import { chunkSpan } from '../../../src/lib/data/parquet-file.ts';
import type { FetchLike } from '../../../src/lib/data/range-fetch.ts';
import { isSyntheticPromptId } from '../../../src/lib/data/text.ts';
import { expertScoresOf } from '../../oracles/expert-rows.ts';
import type { JoinedDataset } from '../../../src/lib/data/join.ts';
import type { ListInstruction } from '../../../src/lib/data/types.ts';
import { INSTRUCTIONS_URL, MIRROR, instructionRows, mirrorFiles, noise, rangeServer, shardUrl, writeInstructions } from './fixtures.ts';

let dbn = 0;
async function setup(files: Record<string, Uint8Array>, concurrency = 4) {
  const server = rangeServer(files);
  const bytes = { planned: 0, received: 0 };
  const reader = new ParquetReader({
    fetch: server.fetch,
    options: { ...DEFAULT_READ_OPTIONS, concurrency, retries: 0 },
    onPlanned: (n) => (bytes.planned += n),
    onBytes: (n) => (bytes.received += n),
  });
  const cache = new DataCache(openPolluxDB(`loader-${dbn++}`));
  const src = await resolveSource({ kind: 'mirror', baseUrl: MIRROR }, { reader, fetchJson: async () => null, sampleBase: '/' });
  return { server, reader, cache, src, bytes };
}

describe('loadDataset', () => {
  it('shows the list from POLLUX-instructions first, then fills it in from the expert rows', async () => {
    const files = mirrorFiles();
    const { server, reader, cache, src, bytes } = await setup(files);
    const lists: { joined: JoinedDataset; complete: boolean; requests: number }[] = [];
    const progress: number[] = [];
    const heads: { list: ListInstruction[]; listsBefore: number }[] = [];
    const ds = await loadDataset(src, {
      reader,
      cache,
      listEveryMs: 0,
      onList: (joined, complete) => lists.push({ joined, complete, requests: server.state.requests }),
      onHeads: (list) => heads.push({ list, listsBefore: lists.length }),
      onProgress: (p) => progress.push(p.rows),
    });
    // Before anything else, the list from the instructions' heads: the first whole list's rows,
    // in its order, without criteria or reference answers.
    expect(heads).toHaveLength(1);
    expect(heads[0].listsBefore).toBe(0);
    expect(heads[0].list).toEqual(lists[0].joined.instructions.map(({ criteria: _c, reference_answer: _r, ...h }) => h));
    // The first list comes from the instructions file alone: every known instruction, no models yet.
    expect(lists[0].complete).toBe(false);
    expect(lists[0].joined.instructions.map((i) => i.prompt_id)).toEqual([100, 101, 102, 103, 104, 105, 106, 120]);
    expect(lists[0].joined.instructions.every((i) => i.models.length === 0)).toBe(true);
    expect(lists.at(-1)?.complete).toBe(true);
    expect(progress.at(-1)).toBe(126);
    const r = ds.joined.report;
    expect(r).toMatchObject({ instructionsSource: 'loaded', expertInstructions: 9, matched: 7, expertOnly: { count: 2 }, instructionsOnly: { count: 1 } });
    const list = ds.joined.instructions;
    expect(list).toHaveLength(10);
    const first = list.find((i) => i.prompt_id === 100)!;
    expect(first.models).toHaveLength(7);
    expect(first.criteria.map((c) => c.criteria_name)).toEqual(['Отсутствие зацикливаний', 'Проактивность']);
    // Only name and rubrics of each criterion are read from POLLUX-instructions.
    expect(Object.keys(first.criteria[0]).sort()).toEqual(['criteria_name', 'rubrics']);
    expect(list.find((i) => i.prompt_id === 101)?.is_provocative).toBe(true);
    expect(list.filter((i) => isSyntheticPromptId(i.prompt_id))).toHaveLength(2);
    const scores = expertScoresOf(ds.table);
    expect(scores).toHaveLength(126);
    expect(scores.every((s) => Number.isFinite(s.prompt_id))).toBe(true);
    // Far fewer bytes than the files; the progress total is exactly what was fetched.
    const total = Object.values(files).reduce((s, f) => s + f.length, 0);
    expect(server.state.bytes).toBeLessThan(total * 0.5);
    expect(bytes.received).toBe(bytes.planned);
    expect(bytes.received).toBe(server.state.bytes);
  });

  it('reads the instructions file by its used columns only', async () => {
    // Long descriptions and examples, as in POLLUX-instructions: most of the file, never read.
    const files = mirrorFiles({ descriptionChars: 6000 });
    const { server, reader, cache, src } = await setup(files);
    await loadDataset(src, { reader, cache });
    const instrBytes = server.state.log.filter((l) => l.startsWith(INSTRUCTIONS_URL)).reduce((s, l) => {
      const [a, b] = l.split(' ')[1].split('-').map(Number);
      return s + b - a + 1;
    }, 0);
    expect(files[INSTRUCTIONS_URL].length).toBeGreaterThan(100_000);
    expect(instrBytes).toBeGreaterThan(0);
    expect(instrBytes).toBeLessThan(files[INSTRUCTIONS_URL].length * 0.3);
  });

  it("lists the heads without waiting for the reference answers' bytes", async () => {
    // Reference answers as long as POLLUX's (a few KB each): their column chunk is not worth
    // fetching with the heads' (a short one is, and would be).
    const file = writeInstructions(instructionRows([0, 1, 2, 3, 4, 5, 6, 20], 6000).map((r, i) => ({ ...r, reference_answer: noise(i, 20_000) })));
    const files = { ...mirrorFiles(), [INSTRUCTIONS_URL]: file };
    const md = parquetMetadata(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
    const late = md.row_groups.flatMap((rg) => rg.columns.filter((c) => c.meta_data!.path_in_schema[0] === 'reference_answer')).map((c) => chunkSpan(c));
    const server = rangeServer(files);
    let blocked = 0;
    // The connection drops for any range that holds those columns' bytes.
    const fetch: FetchLike = async (url, init) => {
      const m = /^bytes=(\d+)-(\d+)$/.exec(new Headers(init?.headers).get('Range') ?? '');
      if (url === INSTRUCTIONS_URL && m && late.some((s) => Number(m[1]) < s.end && Number(m[2]) >= s.start)) {
        blocked++;
        throw new TypeError('Failed to fetch');
      }
      return server.fetch(url, init);
    };
    const reader = new ParquetReader({ fetch, options: { ...DEFAULT_READ_OPTIONS, retries: 0 } });
    let heads = 0;
    const err = await reader.instructions({ kind: 'url', name: 'i', url: INSTRUCTIONS_URL }, undefined, undefined, (h) => (heads = h.length)).catch((e: unknown) => e);
    expect(blocked).toBeGreaterThan(0);
    expect(heads).toBe(8);
    expect(err).toBeInstanceOf(DataLoadError);
  });

  it('coalesces each row group into few requests and runs them in parallel', async () => {
    const files = mirrorFiles({ rowGroupSize: 7 });
    const server = rangeServer(files);
    let inFlight = 0;
    let peak = 0;
    const slow = async (url: string, init?: RequestInit) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 2));
      try {
        return await server.fetch(url, init);
      } finally {
        inFlight--;
      }
    };
    const reader = new ParquetReader({ fetch: slow, options: { ...DEFAULT_READ_OPTIONS, concurrency: 3, retries: 0 } });
    const cache = new DataCache(openPolluxDB(`loader-${dbn++}`));
    const src = await resolveSource({ kind: 'mirror', baseUrl: MIRROR }, { reader, fetchJson: async () => null, sampleBase: '/' });
    await loadDataset(src, { reader, cache });
    expect(peak).toBe(3);
    const shardRequests = server.state.log.filter((l) => l.includes('/POLLUX/resolve/')).length;
    // 18 row groups; per shard one probe and up to two footer reads; about two ranges per group.
    expect(shardRequests).toBeLessThanOrEqual(3 * 3 + 18 * 3);
  });

  it('reads one instruction lazily, with nested annotations, from cached tails after a reload', async () => {
    const files = mirrorFiles();
    const { reader, cache, src } = await setup(files);
    const ds = await loadDataset(src, { reader, cache });
    const ranges = ds.joined.rowIndex.get(100)!;
    const server2 = rangeServer(files);
    const fresh = new ParquetReader({ fetch: server2.fetch });
    const tails = await cache.tails(src.key);
    expect(tails.size).toBe(3);
    const rows = (await Promise.all(ranges.map((r) => fresh.details(ds.experts.find((f) => f.name === r.file)!, tails.get(r.file), [[r.start, r.end]])))).flat();
    const d = groupDetails(100, rows, null);
    expect(d.answers).toHaveLength(7);
    expect(d.reference_answer).toBe('эталон');
    expect(d.answers[0].criteria).toHaveLength(2);
    expect(d.answers[0].criteria[0].annotations).toEqual([
      { comment: 'хорошо', score: 2 },
      { comment: 'неприменимо', score: -1 },
    ]);
    // No footer was read again: every request is a data range of the rows' row group.
    expect(server2.state.log.every((l) => !l.endsWith(`-${files[l.split(' ')[0]].length - 1}`))).toBe(true);
  });

  it('opens warm from IndexedDB with no network at all, expert table included', async () => {
    const { reader, cache, src } = await setup(mirrorFiles());
    const cold = await loadDataset(src, { reader, cache });
    const ds = await openFromCache(src.key, cache);
    expect(ds?.fromCache).toBe(true);
    expect(ds?.joined.instructions).toHaveLength(10);
    const table = await expertTableFromCache(ds!, cache);
    expect(expertScoresOf(table)).toEqual(expertScoresOf(cold.table));
  });

  it('an interrupted load fails with a typed error and resumes from cached row groups', async () => {
    const files = mirrorFiles();
    const { server, reader, cache, src } = await setup(files, 1);
    server.state.failAfter = 16;
    const err = await loadDataset(src, { reader, cache }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataLoadError);
    expect((err as DataLoadError).code).toBe('cors-or-network');
    const cachedBefore = (await cache.cachedListKeys(src.key)).size;
    expect(cachedBefore).toBeGreaterThan(0);
    expect((await cache.getDataset(src.key))?.status).toBe('failed');
    server.state.failAfter = Infinity;
    const before = server.state.log.length;
    const seen: number[] = [];
    let headsListed = 0;
    const ds = await loadDataset(src, { reader, cache, onProgress: (p) => seen.push(p.chunks), onHeads: () => headsListed++ });
    expect(seen[0]).toBe(cachedBefore);
    // With expert rows already in, a list of heads alone would change under the user: none.
    expect(headsListed).toBe(0);
    expect(ds.joined.instructions).toHaveLength(10);
    expect(expertScoresOf(ds.table)).toHaveLength(126);
    expect((await cache.getDataset(src.key))?.status).toBe('complete');
    // Nothing fetched twice: the cached groups, footers and instructions are not read again.
    const again = server.state.log.slice(before);
    expect(again.filter((l) => server.state.log.slice(0, before).includes(l) && !l.endsWith(' 0-0'))).toEqual([]);
  });

  it('without POLLUX-instructions, ids are synthetic, stable, and the report says why', async () => {
    const a = await setup(mirrorFiles({ withInstructions: false }));
    const ds = await loadDataset(a.src, { reader: a.reader, cache: a.cache });
    expect(ds.joined.report.instructionsSource).toBe('unavailable');
    expect(ds.joined.report.instructionsError).toMatch(/not found/i);
    expect(ds.joined.instructions.every((i) => isSyntheticPromptId(i.prompt_id))).toBe(true);
    const b = await setup(mirrorFiles({ withInstructions: false }));
    const ds2 = await loadDataset(b.src, { reader: b.reader, cache: b.cache });
    expect(ds2.joined.instructions.map((i) => i.prompt_id)).toEqual(ds.joined.instructions.map((i) => i.prompt_id));
  });

  it('a corrupt footer gives a corrupt error naming the file', async () => {
    const files = mirrorFiles();
    const bad = files[shardUrl(1)].slice();
    for (let i = bad.length - 2000; i < bad.length - 8; i++) bad[i] = 255 - bad[i];
    files[shardUrl(1)] = bad;
    const { reader, cache, src } = await setup(files);
    const err = (await loadDataset(src, { reader, cache }).catch((e: unknown) => e)) as DataLoadError;
    expect(err.code).toBe('corrupt');
    expect(err.file).toBe('data/test-00001-of-00003.parquet');
  });

  it('a missing shard is not-found', async () => {
    const files = mirrorFiles();
    delete files[shardUrl(2)];
    const { reader, cache, src } = await setup(files);
    const err = await loadDataset(src, { reader, cache }).catch((e: unknown) => e);
    expect((err as DataLoadError).code).toBe('not-found');
  });
});
