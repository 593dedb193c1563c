/**
 * Maps the failures of an OpenAI-compatible endpoint (HTTP status + body, or a fetch that
 * never got an answer) to EngineErrors with a message that says what to do. Pure: the engine
 * passes in the facts (URL, page origin, status, body text).
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

/** A fetch that rejected without any HTTP answer: CORS refusal or nothing listening (the browser hides which). */
export function networkError(url: string, origin: string | undefined, detail: string): EngineError {
  return new EngineError(
    'cors',
    `Could not reach ${url}: nothing is listening there, or the server refused this page's origin` +
      `${origin ? ` (${origin})` : ''} (CORS). Check the base URL; for vLLM allow the origin with ` +
      `\`${vllmCorsHint(origin)}\`.`,
    'check-endpoint',
    detail,
  );
}

export function httpError(status: number, url: string, body: string, models?: readonly string[]): EngineError {
  const said = serverMessage(body);
  const detail = `HTTP ${status} from ${url}: ${said}`;
  if (status === 401 || status === 403) {
    return new EngineError('unauthorized', `The endpoint refused the API key (HTTP ${status}). Enter the right key.`, 'check-endpoint', detail);
  }
  if (status === 404) {
    const list = models && models.length > 0 ? ` Models it serves: ${models.join(', ')}.` : '';
    return new EngineError('not-found', `Not found (HTTP 404): wrong base URL or model name.${list}`, 'check-endpoint', detail);
  }
  if (status === 429) {
    return new EngineError('rate-limited', 'The endpoint is rate-limiting requests (HTTP 429); retrying later.', 'retry', detail);
  }
  if (status >= 500) {
    return new EngineError('server', `The endpoint failed (HTTP ${status}): ${said}`, 'retry', detail);
  }
  if (/context length|context window|maximum.*tokens|too long/i.test(said)) {
    return new EngineError('context-window', `The prompt does not fit the model's context: ${said}`, 'smaller-context', detail);
  }
  return new EngineError('unknown', `The endpoint rejected the request (HTTP ${status}): ${said}`, 'check-endpoint', detail);
}

export function malformedReply(url: string, why: string, sample: string): EngineError {
  const s = sample.length > 120 ? `${sample.slice(0, 120)}…` : sample;
  return new EngineError(
    'malformed-reply',
    `The endpoint's reply is not an OpenAI chat completion (${why}). Is ${url} an OpenAI-compatible /v1 URL?`,
    'check-endpoint',
    s,
  );
}
