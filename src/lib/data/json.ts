/**
 * A JSON GET with the data layer's error codes (the sample manifest, datasets-server's file list,
 * taxonomy files), given up after `timeoutMs` without an answer. `fetch` is injected.
 */
import { DataLoadError } from './errors.ts';
import type { FetchLike } from './range-fetch.ts';

export function jsonFetcher(fetch: FetchLike, timeoutMs = 15_000): (url: string) => Promise<unknown> {
  return async (url) => {
    let res: Response;
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    try {
      res = await fetch(url, { signal: ctl.signal });
    } catch {
      if (ctl.signal.aborted) throw new DataLoadError('timeout', `No answer from ${url} within ${timeoutMs / 1000} s`, { url });
      throw new DataLoadError('cors-or-network', `Could not reach ${url}`, { url });
    } finally {
      clearTimeout(timer);
    }
    if (res.status === 404) throw new DataLoadError('not-found', `Not found: ${url}`, { url, status: 404 });
    if (res.status === 429) throw new DataLoadError('rate-limited', `Rate limited: ${url}`, { url, status: 429 });
    if (!res.ok) throw new DataLoadError('http', `HTTP ${res.status} for ${url}`, { url, status: res.status });
    try {
      return await res.json();
    } catch {
      throw new DataLoadError('corrupt', `Not valid JSON: ${url}`, { url });
    }
  };
}
