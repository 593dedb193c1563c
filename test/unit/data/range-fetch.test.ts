import { describe, expect, it } from 'vitest';
import { backoffSeconds, fetchRange, probeSize, rangeBuffer, type FetchLike } from '../../../src/lib/data/range-fetch.ts';
import { DataLoadError } from '../../../src/lib/data/errors.ts';
import { ResolvedUrls } from '../../../src/lib/data/redirects.ts';

const FILE = new Uint8Array(1000).map((_, i) => i % 251);

/** A fake server over FILE: behaviour per call from `script`, then 206. */
function fakeFetch(script: ((range: [number, number]) => Response | 'throw')[] = []): { fetch: FetchLike; calls: string[] } {
  const calls: string[] = [];
  const fetch: FetchLike = async (url, init) => {
    const h = new Headers(init?.headers);
    const m = /^bytes=(\d+)-(\d+)$/.exec(h.get('Range') ?? '');
    if (!m) throw new Error('test expects a single bytes=N-M range');
    calls.push(h.get('Range') ?? '');
    expect([...h.keys()]).toEqual(['range']);
    const range: [number, number] = [Number(m[1]), Number(m[2])];
    const step = script.shift();
    if (step) {
      const r = step(range);
      if (r === 'throw') throw new TypeError('Failed to fetch');
      return r;
    }
    return new Response(FILE.slice(range[0], range[1] + 1), { status: 206, headers: { 'Content-Range': `bytes ${range[0]}-${range[1]}/${FILE.length}` } });
  };
  return { fetch, calls };
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof DataLoadError ? e.code : `other:${String(e)}`;
  }
}

describe('fetchRange', () => {
  it('reads a 206 range and counts bytes', async () => {
    const { fetch } = fakeFetch();
    let bytes = 0;
    const r = await fetchRange('u', 10, 19, 1000, { fetch, onBytes: (n) => (bytes += n) });
    expect([...new Uint8Array(r.buffer)]).toEqual([...FILE.slice(10, 20)]);
    expect(r.total).toBe(1000);
    expect(bytes).toBe(10);
  });

  it('200 to a range request is range-ignored and the body is cancelled', async () => {
    let cancelled = false;
    const body = new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(10)), cancel: () => void (cancelled = true) });
    const { fetch } = fakeFetch([() => new Response(body, { status: 200 })]);
    expect(await code(fetchRange('u', 0, 9, 1000, { fetch }))).toBe('range-ignored');
    expect(cancelled).toBe(true);
  });

  it('maps 404, network errors and other statuses', async () => {
    expect(await code(fetchRange('u', 0, 9, 1000, { fetch: fakeFetch([() => new Response('x', { status: 404 })]).fetch }))).toBe('not-found');
    expect(await code(fetchRange('u', 0, 9, 1000, { fetch: fakeFetch([() => 'throw']).fetch }))).toBe('cors-or-network');
    expect(await code(fetchRange('u', 0, 9, 1000, { fetch: fakeFetch([() => new Response('x', { status: 500 })]).fetch }))).toBe('http');
  });

  it('checks the Content-Range total against the expected size', async () => {
    const { fetch } = fakeFetch();
    expect(await code(fetchRange('u', 0, 9, 999, { fetch }))).toBe('size-mismatch');
  });

  it('backs off on 429 using the RateLimit t= value, then succeeds', async () => {
    const waits: number[] = [];
    const slept: number[] = [];
    const { fetch, calls } = fakeFetch([() => new Response('', { status: 429, headers: { RateLimit: '"resolvers";r=0;t=3' } })]);
    const r = await fetchRange('u', 0, 3, 1000, { fetch, onWait: (s) => waits.push(s), sleep: async (ms) => void slept.push(ms) });
    expect(r.buffer.byteLength).toBe(4);
    expect(waits).toEqual([3]);
    expect(slept).toEqual([3000]);
    expect(calls.length).toBe(2);
  });

  it('gives up with rate-limited after maxRetries, with exponential waits', async () => {
    const r429 = () => new Response('', { status: 429 });
    const slept: number[] = [];
    const { fetch } = fakeFetch([r429, r429, r429]);
    expect(await code(fetchRange('u', 0, 3, 1000, { fetch, maxRetries: 2, sleep: async (ms) => void slept.push(ms) }))).toBe('rate-limited');
    expect(slept).toEqual([1000, 2000]);
    expect(backoffSeconds(new Headers({ 'Retry-After': '7' }), 0)).toBe(7);
    expect(backoffSeconds(new Headers(), 20)).toBe(300);
  });

  it('a body that stops early is a network drop', async () => {
    const { fetch } = fakeFetch([([a]) => new Response(FILE.slice(a, a + 5), { status: 206, headers: { 'Content-Range': `bytes ${a}-${a + 9}/1000` } })]);
    expect(await code(fetchRange('u', 0, 9, 1000, { fetch, retries: 0 }))).toBe('cors-or-network');
    const errBody = new ReadableStream({
      start(c) {
        c.enqueue(new Uint8Array(3));
        c.error(new TypeError('network'));
      },
    });
    const f2 = fakeFetch([() => new Response(errBody, { status: 206, headers: { 'Content-Range': 'bytes 0-9/1000' } })]);
    expect(await code(fetchRange('u', 0, 9, 1000, { fetch: f2.fetch, retries: 0 }))).toBe('cors-or-network');
  });

  it('a body cut mid-way is retried, and the bytes of the failed attempt are taken back', async () => {
    const cut = ([a]: [number, number]) => new Response(FILE.slice(a, a + 5), { status: 206, headers: { 'Content-Range': `bytes ${a}-${a + 9}/1000` } });
    const { fetch, calls } = fakeFetch([cut]);
    let bytes = 0;
    const slept: number[] = [];
    const r = await fetchRange('u', 0, 9, 1000, { fetch, onBytes: (n) => (bytes += n), sleep: async (ms) => void slept.push(ms) });
    expect(r.buffer.byteLength).toBe(10);
    expect(calls).toHaveLength(2);
    expect(bytes).toBe(10);
    expect(slept).toEqual([500]);
  });

  it('a response that stalls times out after the read timeout, is retried, then fails as timeout', async () => {
    const stalled = () => new Response(new ReadableStream({ start: (c) => c.enqueue(new Uint8Array(2)) }), { status: 206, headers: { 'Content-Range': 'bytes 0-9/1000' } });
    const fast = { readTimeoutS: 0.05, sleep: async () => undefined };
    let bytes = 0;
    const f1 = fakeFetch([stalled, stalled, stalled]);
    expect(await code(fetchRange('u', 0, 9, 1000, { fetch: f1.fetch, ...fast, retries: 2, onBytes: (n) => (bytes += n) }))).toBe('timeout');
    expect(f1.calls).toHaveLength(3);
    expect(bytes).toBe(0);
    const f2 = fakeFetch([stalled]);
    expect((await fetchRange('u', 0, 9, 1000, { fetch: f2.fetch, ...fast, retries: 1 })).buffer.byteLength).toBe(10);
    // No headers at all within the timeout: the attempt is aborted, not left hanging, and (like an
    // unreachable host) not retried.
    let signals = 0;
    const hang: FetchLike = (_u, init) =>
      new Promise((_res, rej) => {
        signals++;
        init?.signal?.addEventListener('abort', () => rej(new DOMException('aborted', 'AbortError')));
      });
    expect(await code(fetchRange('u', 0, 9, 1000, { fetch: hang, ...fast, retries: 1 }))).toBe('timeout');
    expect(signals).toBe(1);
    // …unless the link answered before in this session: then a silent server is a stall, retried.
    const known = new ResolvedUrls();
    known.learn('u', 'u');
    signals = 0;
    expect(await code(fetchRange('u', 0, 9, 1000, { fetch: hang, ...fast, retries: 1, redirects: known }))).toBe('timeout');
    expect(signals).toBe(2);
  });

  it('caps a server-given wait at the 5-minute window and shows the capped wait', async () => {
    expect(backoffSeconds(new Headers({ 'Retry-After': '86400' }), 0)).toBe(300);
    expect(backoffSeconds(new Headers({ RateLimit: '"resolvers";r=0;t=100000' }), 0)).toBe(300);
    const waits: number[] = [];
    const { fetch } = fakeFetch([() => new Response('', { status: 429, headers: { 'Retry-After': '86400' } })]);
    await fetchRange('u', 0, 3, 1000, { fetch, onWait: (s) => waits.push(s), sleep: async () => undefined });
    expect(waits).toEqual([300]);
  });

  it('reuses the redirect target of a resolve/ link until it fails, then resolves again', async () => {
    const requested: string[] = [];
    let signature = 0;
    let valid = '';
    const fetch: FetchLike = async (url, init) => {
      requested.push(url);
      const m = /^bytes=(\d+)-(\d+)$/.exec(new Headers(init?.headers).get('Range') ?? '')!;
      const [a, b] = [Number(m[1]), Number(m[2])];
      const ok = () => new Response(FILE.slice(a, b + 1), { status: 206, headers: { 'Content-Range': `bytes ${a}-${b}/1000` } });
      if (url === 'https://hub/resolve/f') {
        // What fetch() returns after following a 302: the final response, marked redirected.
        valid = `https://cdn/f?sig=${++signature}`;
        const res = ok();
        Object.defineProperty(res, 'redirected', { value: true });
        Object.defineProperty(res, 'url', { value: valid });
        return res;
      }
      return url === valid ? ok() : new Response('expired', { status: 403 });
    };
    const redirects = new ResolvedUrls();
    const opts = { fetch, redirects };
    await fetchRange('https://hub/resolve/f', 0, 9, 1000, opts);
    await fetchRange('https://hub/resolve/f', 10, 19, 1000, opts);
    expect(requested).toEqual(['https://hub/resolve/f', 'https://cdn/f?sig=1']);
    valid = 'nothing'; // the signature expires
    const r = await fetchRange('https://hub/resolve/f', 20, 29, 1000, opts);
    expect([...new Uint8Array(r.buffer)]).toEqual([...FILE.slice(20, 30)]);
    expect(requested.slice(2)).toEqual(['https://cdn/f?sig=1', 'https://hub/resolve/f']);
    await fetchRange('https://hub/resolve/f', 30, 39, 1000, opts);
    expect(requested.at(-1)).toBe('https://cdn/f?sig=2');
    // An unreachable signed host is resolved again too, without using up a retry.
    const down = new ResolvedUrls();
    down.learn('https://hub/resolve/f', 'https://gone/f');
    let calls = 0;
    const f3: FetchLike = async (url, init) => {
      calls++;
      if (url.startsWith('https://gone')) throw new TypeError('Failed to fetch');
      return fetch(url, init);
    };
    await fetchRange('https://hub/resolve/f', 0, 9, 1000, { fetch: f3, redirects: down, retries: 0 });
    expect(calls).toBe(2);
  });

  it('parallel first reads of a link wait for one resolution instead of each following the redirect', async () => {
    let resolves = 0;
    const fetch: FetchLike = async (url, init) => {
      const m = /^bytes=(\d+)-(\d+)$/.exec(new Headers(init?.headers).get('Range') ?? '')!;
      const [a, b] = [Number(m[1]), Number(m[2])];
      await new Promise((r) => setTimeout(r, 5));
      const res = new Response(FILE.slice(a, b + 1), { status: 206, headers: { 'Content-Range': `bytes ${a}-${b}/1000` } });
      if (url === 'https://hub/resolve/f') {
        resolves++;
        Object.defineProperty(res, 'redirected', { value: true });
        Object.defineProperty(res, 'url', { value: 'https://cdn/f?sig=1' });
      }
      return res;
    };
    const redirects = new ResolvedUrls();
    await Promise.all(Array.from({ length: 6 }, (_, i) => fetchRange('https://hub/resolve/f', i * 10, i * 10 + 9, 1000, { fetch, redirects })));
    expect(resolves).toBe(1);
    // A server that does not redirect is learnt as itself: no waiting on later reads.
    const direct = new ResolvedUrls();
    await fetchRange('https://mirror/f', 0, 9, 1000, { fetch: fakeFetch().fetch, redirects: direct });
    expect(direct.known('https://mirror/f')).toBe(true);
    expect(direct.target('https://mirror/f')).toBe('https://mirror/f');
  });

  it('an unreachable host costs one request (no retry of a request that got no response)', async () => {
    let calls = 0;
    const fetch: FetchLike = async () => {
      calls++;
      throw new TypeError('Failed to fetch');
    };
    expect(await code(fetchRange('u', 0, 9, 1000, { fetch, retries: 2 }))).toBe('cors-or-network');
    expect(calls).toBe(1);
  });

  it('abort ends in aborted, before and during the request', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await code(fetchRange('u', 0, 9, 1000, { fetch: fakeFetch().fetch, signal: ac.signal }))).toBe('aborted');
    const ac2 = new AbortController();
    const slow: FetchLike = (_u, init) =>
      new Promise((_res, rej) => init?.signal?.addEventListener('abort', () => rej(new DOMException('aborted', 'AbortError'))));
    const p = fetchRange('u', 0, 9, 1000, { fetch: slow, signal: ac2.signal });
    ac2.abort();
    expect(await code(p)).toBe('aborted');
  });

  it('probeSize uses bytes=0-0 and rangeBuffer slices without HEAD', async () => {
    const { fetch, calls } = fakeFetch();
    expect(await probeSize('u', { fetch })).toBe(1000);
    const buf = rangeBuffer('u', 1000, { fetch });
    expect(buf.byteLength).toBe(1000);
    expect(new Uint8Array(await buf.slice(990))).toEqual(FILE.slice(990));
    expect(calls).toEqual(['bytes=0-0', 'bytes=990-999']);
  });
});
