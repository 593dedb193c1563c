/**
 * A JSON GET with the data layer's error codes (the sample manifest, datasets-server's file list,
 * taxonomy files). `fetch` is injected.
 */
import { DataLoadError } from './errors.ts';
import type { FetchLike } from './range-fetch.ts';

export function jsonFetcher(fetch: FetchLike): (url: string) => Promise<unknown> {
  return async (url) => {
    let res: Response;
    try {
      res = await fetch(url);
    } catch {
      throw new DataLoadError('cors-or-network', `Could not reach ${url}`, { url });
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
