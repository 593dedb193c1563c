import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcClient, serve, type Endpoint } from '../../../src/lib/worker/rpc.ts';

type Api = {
  add: { params: { a: number; b: number }; result: number };
  slow: { params: { ms: number }; result: string };
  fail: { params: null; result: never };
  buffer: { params: number; result: Uint8Array };
};
type Ev = { kind: 'tick'; n: number };

class TypedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

function pair(sequential = false): RpcClient<Api, Ev> {
  const ch = new MessageChannel();
  channels.push(ch);
  serve<Api, Ev>(
    ch.port2 as unknown as Endpoint,
    {
      add: ({ a, b }, ctx) => {
        ctx.emit({ kind: 'tick', n: a });
        return a + b;
      },
      slow: ({ ms }, { signal }) =>
        new Promise((resolve, reject) => {
          const t = setTimeout(() => resolve(`slept ${ms}`), ms);
          signal.addEventListener('abort', () => {
            clearTimeout(t);
            reject(new TypedError('aborted', 'cancelled'));
          });
        }),
      fail: () => {
        throw new TypedError('corrupt', 'bad bytes');
      },
      buffer: (n, ctx) => {
        const out = new Uint8Array(n).fill(7);
        ctx.transfer([out.buffer]);
        return out;
      },
    },
    { serializeError: (e) => ({ code: e instanceof TypedError ? e.code : 'unknown', message: e instanceof Error ? e.message : String(e) }), sequential },
  );
  return new RpcClient<Api, Ev>(ch.port1 as unknown as Endpoint, {
    reviveError: (e) => {
      const info = e as { code: string; message: string };
      return new TypedError(info.code, info.message);
    },
  });
}

describe('worker rpc', () => {
  it('answers typed calls by id, in any order', async () => {
    const client = pair();
    const [slow, sum] = await Promise.all([client.call('slow', { ms: 30 }), client.call('add', { a: 2, b: 3 })]);
    expect(sum).toBe(5);
    expect(slow).toBe('slept 30');
    expect(client.inFlight).toBe(0);
  });

  it('delivers events', async () => {
    const client = pair();
    const seen: Ev[] = [];
    client.onEvent = (e) => seen.push(e);
    await client.call('add', { a: 4, b: 1 });
    await new Promise((r) => setTimeout(r, 5));
    expect(seen).toEqual([{ kind: 'tick', n: 4 }]);
  });

  it('keeps the error type across the boundary', async () => {
    const client = pair();
    const err = await client.call('fail', null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypedError);
    expect(err).toMatchObject({ code: 'corrupt', message: 'bad bytes' });
  });

  it('cancels one call through its signal', async () => {
    const client = pair();
    const ac = new AbortController();
    const p = client.call('slow', { ms: 5_000 }, { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toThrow();
    expect(client.inFlight).toBe(0);
    expect(await client.call('add', { a: 1, b: 1 })).toBe(2);
  });

  it('cancelAll aborts every call in the worker', async () => {
    const client = pair();
    const a = client.call('slow', { ms: 5_000 }).catch((e: unknown) => e);
    const b = client.call('slow', { ms: 5_000 }).catch((e: unknown) => e);
    client.cancelAll();
    expect(await a).toMatchObject({ code: 'aborted' });
    expect(await b).toMatchObject({ code: 'aborted' });
  });

  it('failAll rejects what is in flight when the worker dies', async () => {
    const client = pair();
    const p = client.call('slow', { ms: 5_000 });
    client.failAll(new Error('worker crashed'));
    await expect(p).rejects.toThrow('worker crashed');
  });

  it('sequential mode runs calls in arrival order', async () => {
    const client = pair(true);
    const order: string[] = [];
    await Promise.all([client.call('slow', { ms: 30 }).then((r) => order.push(r)), client.call('slow', { ms: 1 }).then((r) => order.push(r))]);
    expect(order).toEqual(['slept 30', 'slept 1']);
  });

  it('transfers result buffers', async () => {
    const client = pair();
    const out = await client.call('buffer', 16);
    expect(out).toBeInstanceOf(Uint8Array);
    expect([...out]).toEqual(new Array(16).fill(7));
  });
});
