import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openPolluxDB } from '../../../src/lib/store/db.ts';
import { DataCache } from '../../../src/lib/data/cache.ts';
import { ParquetDecoder } from '../../../src/lib/data/decode.ts';
import { loadDataset } from '../../../src/lib/data/loader.ts';
import { resolveSource } from '../../../src/lib/data/source.ts';
import { groupDetails } from '../../../src/lib/data/details.ts';
import { DataLoadError } from '../../../src/lib/data/errors.ts';
import { isSyntheticPromptId } from '../../../src/lib/data/text.ts';
import { POLLUX_REVISION, resolveUrl } from '../../../src/lib/data/config.ts';
import { expertScoresOf } from '../../../src/lib/data/join.ts';
import { expertRows, instructionRows, rangeServer, writeInstructions, writePollux } from './fixtures.ts';

const BASE = 'http://mirror.test/files';
const shard = (i: number) => resolveUrl(BASE, 'ai-forever/POLLUX', POLLUX_REVISION, `data/test-0000${i}-of-00003.parquet`);
const instrUrl = resolveUrl(BASE, 'ai-forever/POLLUX-instructions', 'refs%2Fconvert%2Fparquet', 'default/train/0000.parquet');

function mirror(opts: { withInstructions?: boolean } = {}) {
  const rows = expertRows(9); // 9 × 7 × 2 = 126 rows, 42 per shard
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < 3; i++) files[shard(i)] = writePollux(rows.slice(i * 42, (i + 1) * 42), 14);
  // Instructions 0..6 known (7, 8 are expert-only); 20 has no expert rows.
  if (opts.withInstructions !== false) files[instrUrl] = writeInstructions(instructionRows([0, 1, 2, 3, 4, 5, 6, 20]));
  return files;
}

let dbn = 0;
async function setup(files: Record<string, Uint8Array>) {
  const server = rangeServer(files);
  const decoder = new ParquetDecoder({ fetch: server.fetch });
  const cache = new DataCache(openPolluxDB(`loader-${dbn++}`));
  const src = await resolveSource({ kind: 'mirror', baseUrl: BASE }, { decoder, fetchJson: async () => null, sampleBase: '/' });
  return { server, decoder, cache, src };
}

describe('loadDataset', () => {
  it('loads list columns by range, joins by normalised text and reports both sides', async () => {
    const files = mirror();
    const { server, decoder, cache, src } = await setup(files);
    const progress: number[] = [];
    const ds = await loadDataset(src, { decoder, cache, onProgress: (p) => progress.push(p.rows) });
    expect(progress.at(-1)).toBe(126);
    const total = Object.values(files).reduce((s, f) => s + f.length, 0);
    expect(server.state.bytes).toBeLessThan(total * 0.5);
    const r = ds.joined.report;
    expect(r.instructionsSource).toBe('loaded');
    expect(r.expertInstructions).toBe(9);
    expect(r.matched).toBe(7);
    expect(r.expertOnly.count).toBe(2);
    expect(r.instructionsOnly.count).toBe(1);
    const list = ds.joined.instructions;
    expect(list).toHaveLength(10);
    const first = list.find((i) => i.prompt_id === 100)!;
    expect(first.models).toHaveLength(7);
    expect(first.criteria.map((c) => c.criteria_name)).toEqual(['Отсутствие зацикливаний', 'Проактивность']);
    expect(list.find((i) => i.prompt_id === 101)?.is_provocative).toBe(true);
    expect(list.filter((i) => isSyntheticPromptId(i.prompt_id))).toHaveLength(2);
    const scores = expertScoresOf(ds.chunks, ds.joined.idByText);
    expect(scores).toHaveLength(126);
    expect(scores.every((s) => Number.isFinite(s.prompt_id))).toBe(true);
  });

  it('reads one instruction lazily, with nested annotations', async () => {
    const { decoder, cache, src } = await setup(mirror());
    const ds = await loadDataset(src, { decoder, cache });
    const ranges = ds.joined.rowIndex.get(100)!;
    const rows = (await Promise.all(ranges.map((r) => decoder.details(ds.experts.find((f) => f.name === r.file)!, [[r.start, r.end]])))).flat();
    const d = groupDetails(100, rows, null);
    expect(d.answers).toHaveLength(7);
    expect(d.reference_answer).toBe('эталон');
    expect(d.answers[0].criteria).toHaveLength(2);
    expect(d.answers[0].criteria[0].annotations).toEqual([
      { comment: 'хорошо', score: 2 },
      { comment: 'неприменимо', score: -1 },
    ]);
  });

  it('opens warm from IndexedDB with no network at all', async () => {
    const { decoder, cache, src } = await setup(mirror());
    await loadDataset(src, { decoder, cache });
    const offline = new ParquetDecoder({ fetch: async () => { throw new TypeError('offline'); } });
    const t0 = performance.now();
    const ds = await loadDataset(src, { decoder: offline, cache });
    expect(ds.fromCache).toBe(true);
    expect(ds.joined.instructions).toHaveLength(10);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('an interrupted load fails with a typed error and resumes from cached row groups', async () => {
    const files = mirror();
    const { server, decoder, cache, src } = await setup(files);
    server.state.failAfter = 8;
    const err = await loadDataset(src, { decoder, cache }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataLoadError);
    expect((err as DataLoadError).code).toBe('cors-or-network');
    const cachedBefore = (await cache.cachedListKeys(src.key)).size;
    expect(cachedBefore).toBeGreaterThan(0);
    expect((await cache.getDataset(src.key))?.status).toBe('failed');
    server.state.failAfter = Infinity;
    const seen: number[] = [];
    const ds = await loadDataset(src, { decoder, cache, onProgress: (p) => seen.push(p.chunks) });
    expect(seen[0]).toBe(cachedBefore);
    expect(ds.joined.instructions).toHaveLength(10);
    expect((await cache.getDataset(src.key))?.status).toBe('complete');
  });

  it('without POLLUX-instructions, ids are synthetic, stable, and the report says why', async () => {
    const a = await setup(mirror({ withInstructions: false }));
    const ds = await loadDataset(a.src, { decoder: a.decoder, cache: a.cache });
    expect(ds.joined.report.instructionsSource).toBe('unavailable');
    expect(ds.joined.report.instructionsError).toMatch(/not found/i);
    expect(ds.joined.instructions.every((i) => isSyntheticPromptId(i.prompt_id))).toBe(true);
    const b = await setup(mirror({ withInstructions: false }));
    const ds2 = await loadDataset(b.src, { decoder: b.decoder, cache: b.cache });
    expect(ds2.joined.instructions.map((i) => i.prompt_id)).toEqual(ds.joined.instructions.map((i) => i.prompt_id));
  });

  it('a corrupt file gives a corrupt error', async () => {
    const files = mirror();
    const bad = files[shard(1)].slice();
    for (let i = bad.length - 2000; i < bad.length - 8; i++) bad[i] = 255 - bad[i];
    files[shard(1)] = bad;
    const { decoder, cache, src } = await setup(files);
    const err = await loadDataset(src, { decoder, cache }).catch((e: unknown) => e);
    expect((err as DataLoadError).code).toBe('corrupt');
  });

  it('a missing shard is not-found', async () => {
    const files = mirror();
    delete files[shard(2)];
    const { decoder, cache, src } = await setup(files);
    const err = await loadDataset(src, { decoder, cache }).catch((e: unknown) => e);
    expect((err as DataLoadError).code).toBe('not-found');
  });
});
