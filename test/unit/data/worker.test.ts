import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../../src/lib/worker/rpc.ts';
import { hostReader } from '../../../src/lib/data/worker-host.ts';
import { DataWorkerClient } from '../../../src/lib/data/worker-client.ts';
import { ParquetReader } from '../../../src/lib/data/reader.ts';
import { DataLoadError } from '../../../src/lib/data/errors.ts';
import type { ListChunk } from '../../../src/lib/data/chunk.ts';
import { expertRows, rangeServer, writePollux } from './fixtures.ts';

/** A worker stand-in: the host on one end of a MessageChannel, the page's client on the other. */
function connect(files: Record<string, Uint8Array>) {
  const { port1, port2 } = new MessageChannel();
  const server = rangeServer(files);
  hostReader(port1 as unknown as Endpoint, (hooks) => new ParquetReader({ fetch: server.fetch, ...hooks }));
  const bytes = { planned: 0, received: 0 };
  const client = new DataWorkerClient(port2 as unknown as Endpoint, { onPlanned: (n) => (bytes.planned += n), onBytes: (n) => (bytes.received += n) });
  return { client, server, bytes, close: () => (port1.close(), port2.close()) };
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
