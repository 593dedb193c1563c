import 'fake-indexeddb/auto';
import { MessageChannel } from 'node:worker_threads';
import { openPolluxDB } from '../../../src/lib/store/db.ts';
import { DataCache } from '../../../src/lib/data/cache.ts';
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../../src/lib/worker/rpc.ts';
import { hostReader } from '../../../src/lib/data/worker-host.ts';
import { DataWorkerClient } from '../../../src/lib/data/worker-client.ts';
import { ParquetReader } from '../../../src/lib/data/reader.ts';
import { DataLoadError } from '../../../src/lib/data/errors.ts';
import type { ListChunk } from '../../../src/lib/data/chunk.ts';
import { INSTRUCTIONS_URL, expertRows, mirrorFiles, rangeServer, writePollux } from './fixtures.ts';

/** A worker stand-in: the host on one end of a MessageChannel, the page's client on the other. */
let dbn = 0;
function connect(files: Record<string, Uint8Array>, withDb = false) {
  const { port1, port2 } = new MessageChannel();
  const server = rangeServer(files);
  const db = openPolluxDB(`worker-${dbn++}`);
  hostReader(port1 as unknown as Endpoint, (hooks) => new ParquetReader({ fetch: server.fetch, ...hooks }), withDb ? () => db : undefined);
  const bytes = { planned: 0, received: 0 };
  const client = new DataWorkerClient(port2 as unknown as Endpoint, { onPlanned: (n) => (bytes.planned += n), onBytes: (n) => (bytes.received += n) }, { storesChunks: withDb });
  return { client, server, bytes, db, port2, close: () => (port1.close(), port2.close()) };
}

describe('data worker protocol', () => {
  it('streams row groups as events and reports the bytes before the result', async () => {
    const w = connect({ u: writePollux(expertRows(3), 14) });
    const file = { kind: 'url' as const, name: 'f', url: 'u' };
    const { layout, tail } = await w.client.open(file);
    const chunks: ListChunk[] = [];
    await w.client.experts([{ file, tail, rowGroups: layout.rowGroups.map((_, i) => i) }], (c) => chunks.push(c));
    expect(chunks.map((c) => c.rowGroup).sort()).toEqual([0, 1, 2]);
    expect(chunks[0].criteria_score).toBeInstanceOf(Float64Array);
    expect(w.bytes.received).toBe(w.server.state.bytes);
    expect(w.bytes.received).toBe(w.bytes.planned);
    w.close();
  });

  it("sends an instruction file's heads first, then only the rest of each row", async () => {
    const files = mirrorFiles();
    const w = connect(files);
    const replies: unknown[] = [];
    // What crosses the boundary: the heads event carries the texts, the result must not again.
    (w.port2 as unknown as Endpoint).addEventListener('message', (ev) => replies.push(ev.data));
    const file = { kind: 'url' as const, name: 'i', url: INSTRUCTIONS_URL };
    const order: string[] = [];
    const rows = await w.client.instructions(file, undefined, undefined, (heads) => {
      order.push('heads');
      expect(heads.every((h) => !('criteria' in h) && !('reference_answer' in h))).toBe(true);
    });
    order.push('rows');
    expect(order).toEqual(['heads', 'rows']);
    // Whole rows, the same as reading in-process.
    const direct = await new ParquetReader({ fetch: rangeServer(files).fetch }).instructions(file);
    expect(rows).toEqual(direct);
    expect(rows[0].criteria.length).toBeGreaterThan(0);
    const result = replies.find((m): m is { t: 'result'; value: object[] } => (m as { t?: string }).t === 'result');
    expect(result?.value.every((r) => Object.keys(r).sort().join() === 'criteria,reference_answer')).toBe(true);
    w.close();
  });

  it('a worker reply without heads is a located error, not rows without text', async () => {
    const { port1, port2 } = new MessageChannel();
    // A host that answers the call but never sent the heads (an older or broken worker).
    const host = port1 as unknown as Endpoint;
    host.addEventListener('message', (ev) => {
      const m = ev.data as { t: string; id: number };
      if (m.t === 'call') host.postMessage({ t: 'result', id: m.id, value: [] });
    });
    const client = new DataWorkerClient(port2 as unknown as Endpoint, {});
    const err = await client.instructions({ kind: 'url', name: 'i.parquet', url: 'u' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataLoadError);
    expect((err as DataLoadError).code).toBe('corrupt');
    expect((err as DataLoadError).message).toContain('i.parquet');
    port1.close();
    port2.close();
  });

  it('a worker given the database stores the row groups it streams, with the resume count', async () => {
    const w = connect({ u: writePollux(expertRows(3), 14) }, true);
    const cache = new DataCache(w.db);
    await cache.putDataset({ key: 'k', source: 'mirror', label: 'k', status: 'loading', doneChunks: 0, totalChunks: 3, bytesFetched: 0, updatedAt: 1 });
    const file = { kind: 'url' as const, name: 'f', url: 'u' };
    const { tail } = await w.client.open(file);
    let events = 0;
    await w.client.experts([{ file, tail, rowGroups: [0, 1, 2] }], () => events++, undefined, { datasetKey: 'k', doneBefore: 0 });
    expect(events).toBe(3);
    expect((await cache.listChunks('k')).map((c) => c.rowGroup)).toEqual([0, 1, 2]);
    expect((await cache.getDataset('k'))?.doneChunks).toBe(3);
    w.close();
  });

  it('a DataLoadError keeps its type and code across the boundary', async () => {
    const w = connect({});
    const err = await w.client.open({ kind: 'url', name: 'missing', url: 'nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataLoadError);
    expect((err as DataLoadError).code).toBe('not-found');
    expect((err as DataLoadError).url).toBe('nope');
    w.close();
  });

  it('a call cancelled on the page is cancelled in the worker', async () => {
    const w = connect({ u: writePollux(expertRows(3), 14) });
    const ac = new AbortController();
    const p = w.client.open({ kind: 'url', name: 'f', url: 'u' }, undefined, ac.signal);
    ac.abort();
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    w.close();
  });
});
