/**
 * HTTP range reads the way the Hub needs them: exactly one `bytes=N-M` range per GET, no custom
 * headers (so no CORS preflight), 206 required, the Content-Range total checked against the size
 * we expect, 429 answered with a visible back-off (capped at the Hub's 5-minute window), a read
 * timeout for responses that stall, and every byte counted. A `resolve/` link's redirect target is
 * reused until it fails (redirects.ts). `fetch`, the clock and progress callbacks are injected,
 * so unit tests drive it with a fake fetch.
 */
import { DataLoadError } from './errors.ts';
import type { ResolvedUrls } from './redirects.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RangeFetchOptions {
  fetch: FetchLike;
  signal?: AbortSignal;
  /** Called with each received body chunk's size; a failed attempt is taken back with a negative count. */
  onBytes?: (n: number) => void;
  /** Called before sleeping on a 429, with the wait in seconds (shown to the user). */
  onWait?: (waitS: number, attempt: number, url: string) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** How many 429s in a row we sit out before giving up (default 5). */
  maxRetries?: number;
  /** Seconds without a byte (or without response headers) before an attempt is abandoned (default 30). */
  readTimeoutS?: number;
  /** Retries after a stall or a connection dropped mid-body (default 2). */
  retries?: number;
  /** Redirect targets of `resolve/` links, shared by every read of a session. */
  redirects?: ResolvedUrls;
}

export interface RangeResult {
  buffer: ArrayBuffer;
  /** The file's total size from Content-Range (undefined if the header was not readable). */
  total: number | undefined;
}

/** The Hub's rate-limit window: no wait we show is longer than this. */
export const MAX_BACKOFF_S = 300;

const aborted = (url?: string) => new DataLoadError('aborted', 'Loading was cancelled', { url });

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(aborted());
      return;
    }
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(aborted());
      },
      { once: true },
    );
  });
}

/** `bytes 0-99/1234` → {start, end, total}; `*` totals and garbage → null. */
export function parseContentRange(header: string | null): { start: number; end: number; total: number | undefined } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec((header ?? '').trim());
  if (!m) return null;
  return { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? undefined : Number(m[3]) };
}

/**
 * Seconds to wait after a 429: the IETF `RateLimit: "…";r=0;t=N` header the Hub sends, else
 * Retry-After, else exponential (1, 2, 4 … s); never more than the Hub's 5-minute window, so a
 * hostile or broken `Retry-After: 86400` cannot park the app for a day.
 */
export function backoffSeconds(headers: Headers, attempt: number): number {
  const rl = headers.get('RateLimit') ?? headers.get('ratelimit');
  const t = rl ? /(?:^|[;,\s])t=(\d+)/.exec(rl) : null;
  let s: number;
  if (t) s = Number(t[1]);
  else {
    const ra = headers.get('Retry-After');
    s = ra && /^\d+$/.test(ra.trim()) ? Number(ra.trim()) : 2 ** attempt;
  }
  return Math.min(MAX_BACKOFF_S, Math.max(1, s));
}

/** A stall (no headers or no bytes for the read timeout) or a body cut off mid-way: worth another try. */
class Transient extends Error {
  constructor(readonly error: DataLoadError) {
    super(error.message);
  }
}

function timeoutError(url: string, s: number): DataLoadError {
  return new DataLoadError('timeout', `The server stopped sending data for ${s} s (${url})`, { url });
}

async function readBody(res: Response, expected: number, url: string, opts: RangeFetchOptions, timeoutMs: number, timeoutS: number): Promise<ArrayBuffer> {
  const out = new Uint8Array(expected);
  let got = 0;
  const count = (n: number) => {
    got += n;
    opts.onBytes?.(n);
  };
  const takeBack = () => {
    if (got > 0) opts.onBytes?.(-got);
  };
  try {
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const stall = new Promise<'stall'>((resolve) => {
          timer = setTimeout(() => resolve('stall'), timeoutMs);
        });
        const r = await Promise.race([reader.read(), stall]).finally(() => clearTimeout(timer));
        if (r === 'stall') {
          void reader.cancel().catch(() => undefined);
          throw new Transient(timeoutError(url, timeoutS));
        }
        if (r.done) break;
        if (got + r.value.length > expected) {
          await reader.cancel().catch(() => undefined);
          throw new DataLoadError('corrupt', `The server sent more bytes than requested (${url})`, { url });
        }
        out.set(r.value, got);
        count(r.value.length);
      }
    } else {
      const buf = new Uint8Array(await res.arrayBuffer());
      if (buf.length > expected) throw new DataLoadError('corrupt', `The server sent more bytes than requested (${url})`, { url });
      out.set(buf, 0);
      count(buf.length);
    }
  } catch (err) {
    takeBack();
    if (err instanceof DataLoadError || err instanceof Transient) throw err;
    if ((err instanceof DOMException && err.name === 'AbortError') || opts.signal?.aborted) throw aborted(url);
    throw new Transient(new DataLoadError('cors-or-network', `The connection dropped after ${got} of ${expected} bytes (${url})`, { url }));
  }
  if (got !== expected) {
    takeBack();
    throw new Transient(new DataLoadError('cors-or-network', `The connection dropped after ${got} of ${expected} bytes (${url})`, { url }));
  }
  return out.buffer;
}

/** fetch() with the read timeout applied to the response headers; the outer signal still cancels. */
async function fetchWithTimeout(target: string, start: number, end: number, opts: RangeFetchOptions, timeoutMs: number): Promise<Response | 'stall'> {
  const ctl = new AbortController();
  const outer = opts.signal;
  const onAbort = () => ctl.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  let stalled = false;
  const timer = setTimeout(() => {
    stalled = true;
    ctl.abort();
  }, timeoutMs);
  try {
    // Only the Range header: it is CORS-safelisted for a single range, so no preflight. No HTTP
    // cache: the data cache is IndexedDB, and a cached partial range makes the browser split a
    // retried range into other requests.
    return await opts.fetch(target, { headers: { Range: `bytes=${start}-${end}` }, signal: ctl.signal, cache: 'no-store' });
  } catch (err) {
    if (stalled) return 'stall';
    throw err;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
}

const RESOLVE_AGAIN = new Set([400, 401, 403, 404, 410]);

/**
 * GET `bytes=start-end` (end inclusive). `expectedTotal`, when known, must equal the
 * Content-Range total: a different size means another revision or a wrong mirror.
 */
export async function fetchRange(url: string, start: number, end: number, expectedTotal: number | undefined, opts: RangeFetchOptions): Promise<RangeResult> {
  const sleep = opts.sleep ?? defaultSleep;
  const maxRetries = opts.maxRetries ?? 5;
  const retries = opts.retries ?? 2;
  const timeoutS = opts.readTimeoutS ?? 30;
  const timeoutMs = timeoutS * 1000;
  let rateLimited = 0;
  let transient = 0;
  for (;;) {
    if (opts.signal?.aborted) throw aborted(url);
    // A link that answered before is reachable: if it then goes silent, that is a stall worth a retry.
    const answeredBefore = opts.redirects?.known(url) ?? false;
    const release = opts.redirects && !answeredBefore ? await opts.redirects.claim(url) : null;
    const target = opts.redirects?.target(url) ?? url;
    const viaRedirect = target !== url;
    let res: Response | 'stall';
    try {
      res = await fetchWithTimeout(target, start, end, opts, timeoutMs);
      // Where the link led (itself when it did not redirect): later reads go straight there.
      if (!viaRedirect && opts.redirects && res !== 'stall' && res.status >= 200 && res.status < 300) opts.redirects.learn(url, res.redirected && res.url ? res.url : url);
    } catch (err) {
      if ((err instanceof DOMException && err.name === 'AbortError') || opts.signal?.aborted) throw aborted(url);
      if (viaRedirect) {
        // The signed URL's host failed: resolve the link again (no attempt is used up).
        opts.redirects?.forget(url);
        continue;
      }
      // No response at all: an unreachable host or CORS. Not retried here, so an unreachable Hub
      // costs one request per file, not one per retry.
      throw new DataLoadError('cors-or-network', `The server could not be reached or refused cross-origin access (${url})`, { url });
    } finally {
      release?.();
    }
    try {
      // No response within the timeout. From a link that never answered, like an unreachable host:
      // not retried (a first visit behind a firewall that drops packets falls back to the sample
      // after one timeout). From one that did, a stall: retried.
      if (res === 'stall') {
        const e = new DataLoadError('timeout', `The server did not answer within ${timeoutS} s (${url})`, { url });
        if (answeredBefore) throw new Transient(e);
        throw e;
      }
      if (viaRedirect && RESOLVE_AGAIN.has(res.status)) {
        // An expired signature (403) or a moved object: resolve the link again.
        await res.body?.cancel().catch(() => undefined);
        opts.redirects?.forget(url);
        continue;
      }
      if (res.status === 429) {
        await res.body?.cancel().catch(() => undefined);
        if (rateLimited >= maxRetries) {
          throw new DataLoadError('rate-limited', `Rate limited by the server after ${rateLimited + 1} tries (${url})`, { url, status: 429 });
        }
        const waitS = backoffSeconds(res.headers, rateLimited);
        rateLimited++;
        opts.onWait?.(waitS, rateLimited, url);
        await sleep(waitS * 1000, opts.signal);
        continue;
      }
      if (res.status === 200) {
        // A 200 carries the whole file: for a 130 MB shard that is exactly what we must avoid.
        await res.body?.cancel().catch(() => undefined);
        throw new DataLoadError('range-ignored', `The server ignored the byte range and started sending the whole file (${url})`, { url, status: 200 });
      }
      if (res.status === 404 || res.status === 410) {
        await res.body?.cancel().catch(() => undefined);
        throw new DataLoadError('not-found', `File not found (${url})`, { url, status: res.status });
      }
      if (res.status === 416) {
        await res.body?.cancel().catch(() => undefined);
        throw new DataLoadError('size-mismatch', `The file is shorter than expected (${url})`, { url, status: 416 });
      }
      if (res.status !== 206) {
        await res.body?.cancel().catch(() => undefined);
        throw new DataLoadError('http', `HTTP ${res.status} for ${url}`, { url, status: res.status });
      }
      const cr = parseContentRange(res.headers.get('Content-Range'));
      if (cr && (cr.start !== start || cr.end !== end)) {
        await res.body?.cancel().catch(() => undefined);
        throw new DataLoadError('size-mismatch', `Asked for bytes ${start}-${end}, got ${cr.start}-${cr.end} (${url})`, { url, status: 206 });
      }
      if (cr && expectedTotal !== undefined && cr.total !== undefined && cr.total !== expectedTotal) {
        await res.body?.cancel().catch(() => undefined);
        throw new DataLoadError('size-mismatch', `Expected a file of ${expectedTotal} bytes, the server has ${cr.total} (${url})`, { url, status: 206 });
      }
      const buffer = await readBody(res, end - start + 1, url, opts, timeoutMs, timeoutS);
      return { buffer, total: cr?.total };
    } catch (err) {
      if (!(err instanceof Transient)) throw err;
      if (transient >= retries) throw err.error;
      transient++;
      // A stalled or cut response from a signed URL may be the CDN's: resolve again on retry.
      if (viaRedirect) opts.redirects?.forget(url);
      await sleep(500 * 2 ** (transient - 1), opts.signal);
    }
  }
}

/** The file size from the Content-Range of a `bytes=0-0` GET (never HEAD, never Content-Length). */
export async function probeSize(url: string, opts: RangeFetchOptions): Promise<number> {
  const { total } = await fetchRange(url, 0, 0, undefined, opts);
  if (total === undefined) {
    throw new DataLoadError('cors-or-network', `The server did not expose Content-Range, so the file size is unknown (${url})`, { url });
  }
  return total;
}

/** hyparquet's AsyncBuffer. */
export interface AsyncBufferLike {
  byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer>;
}

/** A range-backed file of known size: hyparquet never needs to HEAD it. */
export function rangeBuffer(url: string, size: number, opts: RangeFetchOptions): AsyncBufferLike {
  return {
    byteLength: size,
    async slice(start: number, end?: number): Promise<ArrayBuffer> {
      const stop = Math.min(end ?? size, size);
      if (stop <= start) return new ArrayBuffer(0);
      const { buffer } = await fetchRange(url, start, stop - 1, size, opts);
      return buffer;
    },
  };
}

export function blobBuffer(blob: Blob): AsyncBufferLike {
  return {
    byteLength: blob.size,
    slice: (start: number, end?: number) => blob.slice(start, end).arrayBuffer(),
  };
}
