/**
 * Why a model file could not be downloaded, asked of the network itself: web-llm reports a 404,
 * a refused origin and being offline all as "could not store <url>". One HEAD request tells them
 * apart, so the user reads "not published yet" rather than "network error" — and the check runs
 * first, before the 6 MB web-llm bundle loads, when nothing is cached yet. The fetch is a parameter.
 */
import { EngineError } from '../errors.ts';

export type FileState = 'ok' | 'missing' | 'error' | 'cors' | 'offline';

export async function probeFile(fetchFn: typeof fetch, url: string, signal?: AbortSignal): Promise<{ state: FileState; status?: number }> {
  try {
    const res = await fetchFn(url, { method: 'HEAD', signal, cache: 'no-store' });
    if (res.ok) return { state: 'ok', status: res.status };
    // Hugging Face answers 401 for a repository that does not exist (to anonymous callers) and 404 for a missing file.
    if (res.status === 404 || res.status === 401 || res.status === 403) return { state: 'missing', status: res.status };
    return { state: 'error', status: res.status };
  } catch {
    if (signal?.aborted) return { state: 'error' };
  }
  try {
    await fetchFn(url, { method: 'GET', mode: 'no-cors', signal, cache: 'no-store' });
    return { state: 'cors' };
  } catch {
    return { state: 'offline' };
  }
}

/** The error for a weights file that is not there: the judge is not published (yet) at that URL. */
export function notPublishedError(modelId: string, url: string, status: number | undefined): EngineError {
  return new EngineError(
    'not-published',
    `The weights of ${modelId} are not published at ${url}${status !== undefined ? ` (HTTP ${status})` : ''}: the publish ` +
      'workflow has not been run for this judge yet. Judge through an OpenAI-compatible endpoint instead (vLLM on any machine), ' +
      'import a converted folder, or set another weights URL in Settings → Judge.',
    'use-endpoint',
    url,
  );
}

/** The EngineError a probe result stands for; null when the file is there (the failure was something else). */
export function fileStateError(modelId: string, url: string, probe: { state: FileState; status?: number }, isLibrary: boolean): EngineError | null {
  const host = new URL(url).host;
  switch (probe.state) {
    case 'ok':
      return null;
    case 'missing':
      return isLibrary
        ? new EngineError('not-found', `The WebGPU library ${url} is not there (HTTP ${probe.status ?? 404}). Check the library URL in Settings → Judge, or use an endpoint.`, 'check-endpoint', url)
        : notPublishedError(modelId, url, probe.status);
    case 'error':
      return new EngineError(
        'network',
        `${host} answered HTTP ${probe.status ?? '?'} for ${url}. It may be a temporary outage: retry later (shards already downloaded are kept), or use an endpoint.`,
        'retry',
        url,
      );
    case 'cors':
      return new EngineError(
        'cors',
        `${host} answers, but does not allow this site to read ${url} (CORS). Host the files where the site may read them and set that URL in Settings → Judge, or use an endpoint.`,
        'use-endpoint',
        url,
      );
    case 'offline':
      return new EngineError(
        'network',
        `Could not reach ${host} to download ${url}: this computer seems to be offline or the host is blocked. Retry when online (shards already downloaded are kept), or use an endpoint.`,
        'retry',
        url,
      );
  }
}
