/**
 * Maps the failures of an OpenAI-compatible endpoint (HTTP status + body, or a fetch that
 * never got an answer) to EngineErrors with a message that says what failed and what to do.
 * Pure except `diagnoseFetchFailure`, which asks the network (through the fetch passed in) why
 * a request got no answer: the browser hides whether that was CORS or nothing listening.
 */
import { EngineError } from './errors.ts';

/** The command line that makes vLLM answer a page from another origin. */
export function vllmCorsHint(origin: string | undefined): string {
  const allowed = origin !== undefined && origin !== '' && origin !== 'null' ? `'["${origin}"]'` : `'["*"]'`;
  return `vllm serve <model> --allowed-origins ${allowed}`;
}

/** What the server said, from an OpenAI/vLLM error body ({error: {message}} / {message} / {error: "…"}), shortened. */
export function serverMessage(body: string): string {
  try {
    const j: unknown = JSON.parse(body);
    if (typeof j === 'object' && j !== null) {
      const rec = j as Record<string, unknown>;
      const err = rec['error'];
      if (typeof err === 'string') return err;
      if (typeof err === 'object' && err !== null) {
        const m = (err as Record<string, unknown>)['message'];
        if (typeof m === 'string') return m;
      }
      if (typeof rec['message'] === 'string') return rec['message'];
      if (typeof rec['detail'] === 'string') return rec['detail'];
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  const text = body.trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Longest wait a Retry-After may impose; a server asking for a day is not waited on for a day. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/** Retry-After (seconds or an HTTP date) in ms, capped; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const v = value.trim();
  let ms: number;
  if (/^\d+(?:\.\d+)?$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

/** A request refused by the browser because the server does not allow this page's origin. */
export function corsError(url: string, origin: string | undefined, detail: string): EngineError {
  return new EngineError(
    'cors',
    `The server at ${url} answers, but not to this page: it does not allow the origin` +
      `${origin ? ` ${origin}` : ''} (CORS). For vLLM start it with \`${vllmCorsHint(origin)}\`, then try again.`,
    'check-endpoint',
    detail,
  );
}

/** Nothing answered at all: the server is down, the address is wrong, or the connection dropped. */
export function unreachableError(url: string, detail: string): EngineError {
  return new EngineError(
    'network',
    `Nothing answered at ${url}: the server is not running, the address is wrong, or the connection dropped. ` +
      'Check that the server runs and that the base URL is right; a run retries by itself.',
    'check-endpoint',
    detail,
  );
}

/** The connection closed after the answer had started (a cut stream): worth retrying as it is. */
export function droppedError(url: string, detail: string): EngineError {
  return new EngineError(
    'network',
    `The connection to ${url} closed in the middle of the answer. The request is retried.`,
    'retry',
    detail,
  );
}

/**
 * Why a fetch of `url` got no HTTP answer. A CORS-mode GET of `modelsUrl` that succeeds proves
 * the server answers this page, so the failure was a dropped connection; when it fails too, an
 * opaque `no-cors` request tells a refused origin (it succeeds) from nothing listening (it fails).
 */
export async function diagnoseFetchFailure(
  fetchFn: typeof fetch,
  url: string,
  modelsUrl: string,
  origin: string | undefined,
  detail: string,
  signal?: AbortSignal,
): Promise<EngineError> {
  try {
    await fetchFn(modelsUrl, { method: 'GET', signal });
    return droppedError(url, detail);
  } catch {
    // the probe failed as well: CORS or nothing there
  }
  try {
    await fetchFn(modelsUrl, { method: 'GET', mode: 'no-cors', signal });
    return corsError(url, origin, detail);
  } catch {
    return unreachableError(url, detail);
  }
}

export function httpError(status: number, url: string, body: string, models?: readonly string[], retryAfterMs?: number): EngineError {
  const said = serverMessage(body);
  const detail = `HTTP ${status} from ${url}: ${said}`;
  if (status === 401 || status === 403) {
    return new EngineError('unauthorized', `The endpoint ${url} refused the API key (HTTP ${status}). Enter the right key and try again.`, 'check-endpoint', detail);
  }
  if (status === 404) {
    const list = models && models.length > 0 ? ` Models it serves: ${models.join(', ')}.` : '';
    return new EngineError('not-found', `Not found (HTTP 404) at ${url}: check the base URL and the model name.${list}`, 'check-endpoint', detail);
  }
  if (status === 429) {
    const wait = retryAfterMs !== undefined ? ` It asked to wait ${Math.ceil(retryAfterMs / 1000)} s.` : '';
    return new EngineError('rate-limited', `The endpoint ${url} is rate-limiting requests (HTTP 429).${wait} The run waits and retries.`, 'retry', detail, retryAfterMs);
  }
  if (status >= 500) {
    return new EngineError('server', `The endpoint ${url} failed (HTTP ${status}): ${said}. The run retries.`, 'retry', detail, retryAfterMs);
  }
  if (/context length|context window|maximum.*tokens|too long/i.test(said)) {
    return new EngineError('context-window', `The prompt does not fit the model's context at ${url}: ${said}`, 'smaller-context', detail);
  }
  return new EngineError('unknown', `The endpoint ${url} rejected the request (HTTP ${status}): ${said}`, 'check-endpoint', detail);
}

export function malformedReply(url: string, why: string, sample: string): EngineError {
  const s = sample.length > 120 ? `${sample.slice(0, 120)}…` : sample;
  return new EngineError(
    'malformed-reply',
    `The reply of ${url} is not an OpenAI chat completion (${why}). Check that the base URL is the server's OpenAI-compatible /v1 address.`,
    'check-endpoint',
    s,
  );
}
