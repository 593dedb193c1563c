import 'fake-indexeddb/auto';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { openPolluxDB } from '../../../src/lib/store/db.ts';
import { DataCache } from '../../../src/lib/data/cache.ts';
import { ParquetReader } from '../../../src/lib/data/reader.ts';
import { expertTableFromCache, loadDataset, openFromCache } from '../../../src/lib/data/loader.ts';
import { resolveSource } from '../../../src/lib/data/source.ts';
import { POLLUX_REVISION, resolveUrl } from '../../../src/lib/data/config.ts';
import { joinDataset, type JoinedDataset } from '../../../src/lib/data/join.ts';
import { buildExpertTable } from '../../../src/lib/data/expert-table.ts';
import { expertScoresOf } from '../../oracles/expert-rows.ts';
import { SNAPSHOT_VERSION, decodeSnapshot, encodeSnapshot, idByTextOf, isJoinedSnapshot } from '../../../src/lib/data/snapshot.ts';
import { expertRows, instructionRows, rangeServer, writeInstructions, writePollux } from './fixtures.ts';
import type { MetricsReport } from '../../../src/lib/metrics/types.ts';

const BASE = 'http://mirror.test/files';
const shard = (i: number) => resolveUrl(BASE, 'ai-forever/POLLUX', POLLUX_REVISION, `data/test-0000${i}-of-00003.parquet`);
const instrUrl = resolveUrl(BASE, 'ai-forever/POLLUX-instructions', 'refs%2Fconvert%2Fparquet', 'default/train/0000.parquet');

function mirror() {
  const rows = expertRows(9);
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < 3; i++) files[shard(i)] = writePollux(rows.slice(i * 42, (i + 1) * 42), 14);
  // 7, 8 expert-only (synthetic ids), 20 instructions-only: every kind of entry is in the snapshot.
  files[instrUrl] = writeInstructions(instructionRows([0, 1, 2, 3, 4, 5, 6, 20]));
  return files;
}

let dbn = 0;
async function cold() {
  const server = rangeServer(mirror());
  const reader = new ParquetReader({ fetch: server.fetch });
  const cache = new DataCache(openPolluxDB(`snapshot-${dbn++}`));
  const src = await resolveSource({ kind: 'mirror', baseUrl: BASE }, { reader, fetchJson: async () => null, sampleBase: '/' });
  const ds = await loadDataset(src, { reader, cache });
  return { cache, key: src.key, ds };
}

function expectSameJoin(a: JoinedDataset, b: JoinedDataset) {
  expect(a.instructions).toEqual(b.instructions);
  expect([...a.rowIndex]).toEqual([...b.rowIndex]);
  expect([...a.idByText].sort()).toEqual([...b.idByText].sort());
  expect(a.report).toEqual(b.report);
}

describe('joined snapshot', () => {
  it('a warm open reads the snapshot, not the chunks, and gives the same list, ranges and ids', async () => {
    const { cache, key, ds } = await cold();
    // Without the list chunks the old warm path returned null; the snapshot alone must suffice.
    const chunks = await cache.listChunks(key);
    await cache.db.chunks.where('[datasetKey+kind]').equals([key, 'list']).delete();
    const warm = await openFromCache(key, cache);
    expect(warm).not.toBeNull();
    expectSameJoin(warm!.joined, ds.joined);
    expect(warm!.experts).toEqual(ds.experts);
    expect(warm!.fromCache).toBe(true);
    // Expert scores from the derived text → id map match the cold ones.
    expect(expertScoresOf(buildExpertTable(chunks, warm!.joined.idByText, 0))).toEqual(expertScoresOf(ds.table));
    // The stored expert table is the one record the Metrics page reads after a reload.
    expect(expertScoresOf(await expertTableFromCache(warm!, cache))).toEqual(expertScoresOf(ds.table));
  });

  it('marks each warm phase in order', async () => {
    const { cache, key } = await cold();
    const phases: string[] = [];
    await openFromCache(key, cache, undefined, (p) => phases.push(p));
    expect(phases).toEqual(['db-open', 'snapshot-read', 'snapshot-decoded']);
  });

  it('a cache from before snapshots is joined once and gets one', async () => {
    const { cache, key, ds } = await cold();
    await cache.db.chunks.where('[datasetKey+kind]').equals([key, 'joined']).delete();
    expect((await cache.openWarm(key)).snapshot).toBeNull();
    const warm = await openFromCache(key, cache);
    expectSameJoin(warm!.joined, ds.joined);
    expect((await cache.openWarm(key)).snapshot).not.toBeNull();
  });

  it('a snapshot written for another load of the key is ignored and rebuilt', async () => {
    const { cache, key, ds } = await cold();
    await new Promise((r) => setTimeout(r, 2));
    await cache.patchDataset(key, { label: 'touched' }); // new updatedAt: the stamp no longer matches
    expect((await cache.openWarm(key)).snapshot).toBeNull();
    const full = await openFromCache(key, cache);
    expectSameJoin(full!.joined, ds.joined);
    expect((await cache.openWarm(key)).snapshot?.stamp).toBe((await cache.getDataset(key))?.updatedAt);
  });

  it('an incomplete dataset does not open warm even with a snapshot', async () => {
    const { cache, key } = await cold();
    await cache.db.datasets.update(key, { status: 'failed' });
    expect(await openFromCache(key, cache)).toBeNull();
  });

  it('stores each distinct criterion once and survives a structured clone unchanged', () => {
    const rows = instructionRows([0, 1, 2, 3]).map((r) => ({ ...r, prompt_id: Number(r.prompt_id) })) as unknown as Parameters<typeof joinDataset>[1];
    const joined = joinDataset([], rows);
    const snap = encodeSnapshot(joined, 42);
    expect(isJoinedSnapshot(snap)).toBe(true);
    // The input list is not modified; the snapshot's instructions point at shared objects.
    expect(joined.instructions[0].criteria[0]).not.toBe(joined.instructions[1].criteria[0]);
    const back = structuredClone(snap);
    expect(back.instructions[0].criteria[0]).toBe(back.instructions[1].criteria[0]);
    expect(back.instructions[0].criteria[1]).not.toBe(back.instructions[0].criteria[0]);
    expect(serialize(snap).length).toBeLessThan(serialize({ ...snap, instructions: joined.instructions }).length);
    expectSameJoin(decodeSnapshot(back), joined);
  });

  it('rejects records of another shape or version', () => {
    const snap = encodeSnapshot(joinDataset([], null), 1);
    expect(isJoinedSnapshot({ ...snap, version: SNAPSHOT_VERSION + 1 })).toBe(false);
    expect(isJoinedSnapshot({ ...snap, ranges: [] })).toBe(false);
    expect(isJoinedSnapshot(null)).toBe(false);
  });

  it('derives the text → id map from the list alone', () => {
    const list = [
      { prompt_id: 1, instruction: ' a  b\n', models: ['m'] },
      { prompt_id: 2, instruction: 'only in instructions', models: [] },
    ] as unknown as Parameters<typeof idByTextOf>[0];
    expect([...idByTextOf(list)]).toEqual([['a b', 1]]);
  });
});

describe("the reference models' report kept with the dataset", () => {
  const report = (mean: number): MetricsReport => ({ settings: { gate: 'official', resamples: 1000, seed: 1 }, systems: [], ranking: [{ id: 'm', label: 'm', mean, ci: null, rank: 1 }], promptIds: [1] }) as unknown as MetricsReport;

  it('answers only the request it was computed for, for the load it was computed on', async () => {
    const cache = new DataCache(openPolluxDB(`snapshot-${dbn++}`));
    expect(await cache.report('k', 1, 'req')).toBeNull();
    await cache.putReport('k', 1, 'req', report(0.5));
    expect(await cache.report('k', 1, 'req')).toEqual(report(0.5));
    // Other settings or taxonomy (the request), a re-read dataset (the stamp), another dataset.
    expect(await cache.report('k', 1, 'other')).toBeNull();
    expect(await cache.report('k', 2, 'req')).toBeNull();
    expect(await cache.report('k2', 1, 'req')).toBeNull();
    // One per dataset: a new request replaces it.
    await cache.putReport('k', 1, 'other', report(0.7));
    expect(await cache.report('k', 1, 'req')).toBeNull();
    expect(await cache.report('k', 1, 'other')).toEqual(report(0.7));
    // Clearing the data drops it with everything else.
    await cache.clear();
    expect(await cache.report('k', 1, 'other')).toBeNull();
  });
});
