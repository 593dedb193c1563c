/**
 * HTTP range reads the way the Hub needs them (docs/ARCHITECTURE.md, "Data"): exactly one
 * `bytes=N-M` range per GET, no custom headers (so no CORS preflight),
 * 206 required, the Content-Range total checked against the size we expect, 429 answered with a
 * visible back-off, and every byte counted. `fetch`, the clock and progress callbacks are
 * injected, so unit tests drive it with a fake fetch.
 */
import { DataLoadError } from './errors.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface RangeFetchOptions {
  fetch: FetchLike;
  signal?: AbortSignal;
  /** Called with each received body chunk's size (progress bars). */
  onBytes?: (n: number) => void;
  /** Called before sleeping on a 429, with the wait in seconds (shown to the user). */
  onWait?: (waitS: number, attempt: number, url: string) => void;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** How many 429s in a row we sit out before giving up (default 5). */
  maxRetries?: number;
}

export interface RangeResult {
  buffer: ArrayBuffer;
  /** The file's total size from Content-Range (undefined if the header was not readable). */
  total: number | undefined;
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DataLoadError('aborted', 'Loading was cancelled'));
      return;
    }
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(new DataLoadError('aborted', 'Loading was cancelled'));
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
 * Retry-After, else exponential (1, 2, 4 … s) capped at the Hub's 5-minute window.
 */
export function backoffSeconds(headers: Headers, attempt: number): number {
  const rl = headers.get('RateLimit') ?? headers.get('ratelimit');
  const t = rl ? /(?:^|[;,\s])t=(\d+)/.exec(rl) : null;
  if (t) return Math.max(1, Number(t[1]));
  const ra = headers.get('Retry-After');
  if (ra && /^\d+$/.test(ra.trim())) return Math.max(1, Number(ra.trim()));
  return Math.min(300, 2 ** attempt);
}

async function readBody(res: Response, expected: number, url: string, onBytes?: (n: number) => void): Promise<ArrayBuffer> {
  const out = new Uint8Array(expected);
  let got = 0;
  try {
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (got + value.length > expected) {
          await reader.cancel();
          throw new DataLoadError('corrupt', `The server sent more bytes than requested (${url})`, { url });
        }
        out.set(value, got);
        got += value.length;
        onBytes?.(value.length);
      }
    } else {
      const buf = new Uint8Array(await res.arrayBuffer());
      if (buf.length > expected) throw new DataLoadError('corrupt', `The server sent more bytes than requested (${url})`, { url });
      out.set(buf, 0);
      got = buf.length;
      onBytes?.(got);
    }
  } catch (err) {
    if (err instanceof DataLoadError) throw err;
    if (err instanceof DOMException && err.name === 'AbortError') throw new DataLoadError('aborted', 'Loading was cancelled', { url });
    throw new DataLoadError('cors-or-network', `The connection dropped after ${got} of ${expected} bytes (${url})`, { url });
  }
  if (got !== expected) {
    throw new DataLoadError('cors-or-network', `The connection dropped after ${got} of ${expected} bytes (${url})`, { url });
  }
  return out.buffer;
}

/**
 * GET `bytes=start-end` (end inclusive). `expectedTotal`, when known, must equal the
 * Content-Range total: a different size means another revision or a wrong mirror.
 */
export async function fetchRange(
  url: string,
  start: number,
  end: number,
  expectedTotal: number | undefined,
  opts: RangeFetchOptions,
): Promise<RangeResult> {
  const sleep = opts.sleep ?? defaultSleep;
  const maxRetries = opts.maxRetries ?? 5;
  for (let attempt = 0; ; attempt++) {
    if (opts.signal?.aborted) throw new DataLoadError('aborted', 'Loading was cancelled', { url });
    let res: Response;
    try {
      // Only the Range header: it is CORS-safelisted for a single range, so no preflight.
      res = await opts.fetch(url, { headers: { Range: `bytes=${start}-${end}` }, signal: opts.signal });
    } catch (err) {
      if ((err instanceof DOMException && err.name === 'AbortError') || opts.signal?.aborted) {
        throw new DataLoadError('aborted', 'Loading was cancelled', { url });
      }
      throw new DataLoadError('cors-or-network', `The server could not be reached or refused cross-origin access (${url})`, { url });
    }
    if (res.status === 429) {
      await res.body?.cancel().catch(() => undefined);
      if (attempt >= maxRetries) {
        throw new DataLoadError('rate-limited', `Rate limited by the server after ${attempt + 1} tries (${url})`, { url, status: 429 });
      }
      const waitS = backoffSeconds(res.headers, attempt);
      opts.onWait?.(waitS, attempt + 1, url);
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
    const buffer = await readBody(res, end - start + 1, url, opts.onBytes);
    return { buffer, total: cr?.total };
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
