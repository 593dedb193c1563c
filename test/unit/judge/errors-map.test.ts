import { describe, expect, it } from 'vitest';
import { mapWebLLMError } from '../../../src/lib/judge/webllm/errors-map.ts';
import { diagnoseFetchFailure, httpError, parseRetryAfter } from '../../../src/lib/judge/http-errors.ts';
import { isTransient, needsRebuild } from '../../../src/lib/judge/errors.ts';

// The strings as they cross the worker: `err.toString()` of web-llm 0.2.86 errors.
const table: Array<[string, string, string]> = [
  ['WebGPUNotAvailableError: WebGPU is not supported in your current environment, but it is necessary', 'webgpu-unavailable', 'use-endpoint'],
  ["Error: Unable to find a compatible GPU. This issue might be because your computer doesn't have a GPU", 'no-adapter', 'use-endpoint'],
  ['ShaderF16SupportError: This model requires WebGPU extension shader-f16, which is not enabled in this browser.', 'shader-f16', 'use-f32'],
  ['FeatureSupportError: This model requires feature subgroups, which is not yet supported by this browser.', 'gpu-limits', 'use-f32'],
  ['DeviceLostError: The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM).', 'device-lost', 'reload-engine'],
  ['Error: Device was lost. This can happen due to insufficient memory', 'device-lost', 'reload-engine'],
  // After a loss web-llm has unloaded itself: the next request and buffer maps fail like this.
  ['ModelNotLoadedError: Model not loaded before trying to complete ChatCompletionRequest. Please ensure you have called MLCEngine.reload(model)', 'device-lost', 'reload-engine'],
  ['WorkerEngineModelNotLoadedError: WebWorkerMLCEngine is not loaded with a model. Did you call `engine.reload()`?', 'device-lost', 'reload-engine'],
  ["OperationError: Failed to execute 'mapAsync' on 'GPUBuffer': Device is lost", 'device-lost', 'reload-engine'],
  ['Error: Integrity verification failed for https://site/webgpu-libs/Qwen3-4B-q4f16_1_cs1k-webgpu.wasm\n  Expected: sha256-a\n  Actual: sha256-b', 'integrity', 'check-endpoint'],
  ["QuotaExceededError: Failed to execute 'add' on 'Cache': Quota exceeded.", 'quota', 'free-space'],
  ['Error: Failed to store https://h/m/resolve/main/params_shard_3.bin with error: QuotaExceededError: The quota has been exceeded.', 'quota', 'free-space'],
  ['NetworkError: Cache.add() encountered a network error', 'network', 'retry'],
  ['TypeError: Failed to fetch', 'network', 'retry'],
  ['ContextWindowSizeExceededError: Prompt tokens exceed context window size: number of prompt tokens: 9000; context window size: 8192', 'context-window', 'smaller-context'],
  ['Error: Cannot initialize runtime because of requested maxBufferSize exceeds limit. requested=1024MB, limit=256MB.', 'gpu-limits', 'use-endpoint'],
  ['Error: Failed to store http://127.0.0.1:1/x/lib.wasm with error: Error: Network response was not ok', 'not-found', 'check-endpoint'],
  ['CompileError: WebAssembly.instantiate(): expected magic word 00 61 73 6d', 'not-found', 'check-endpoint'],
  ['Error: something odd', 'unknown', 'retry'],
];

describe('mapWebLLMError', () => {
  for (const [text, code, recovery] of table) {
    it(`${code} ← ${text.slice(0, 50)}`, () => {
      const e = mapWebLLMError(text);
      expect(e.code).toBe(code);
      expect(e.recovery).toBe(recovery);
      expect(e.detail).toBe(text);
      expect(e.message.length).toBeGreaterThan(5);
    });
  }
  it('accepts Error objects too', () => {
    const err = new Error('The WebGPU device was lost');
    err.name = 'DeviceLostError';
    expect(mapWebLLMError(err).code).toBe('device-lost');
  });
  it('device loss is transient (reload and carry on), shader-f16 is not', () => {
    expect(isTransient(mapWebLLMError('DeviceLostError: x'))).toBe(true);
    expect(needsRebuild(mapWebLLMError('ModelNotLoadedError: x'))).toBe(true);
    expect(needsRebuild(mapWebLLMError('Error: Device is lost'))).toBe(true);
    expect(isTransient(mapWebLLMError('ShaderF16SupportError: x'))).toBe(false);
  });
  it('names the file a download or a verification failed on', () => {
    expect(mapWebLLMError('Error: Failed to store https://h/m/resolve/main/params_shard_3.bin with error: TypeError: Failed to fetch').message).toContain(
      'https://h/m/resolve/main/params_shard_3.bin',
    );
    expect(mapWebLLMError('IntegrityError: Integrity verification failed for https://s/webgpu-libs/x.wasm').message).toContain('https://s/webgpu-libs/x.wasm');
  });
});

/** A fetch whose CORS-mode and no-cors requests succeed or fail as told. */
function fakeFetch(cors: boolean, opaque: boolean): typeof fetch {
  return (async (_url: RequestInfo | URL, init?: RequestInit) => {
    const ok = init?.mode === 'no-cors' ? opaque : cors;
    if (!ok) throw new TypeError('Failed to fetch');
    return new Response('{}');
  }) as typeof fetch;
}

describe('endpoint errors', () => {
  const diagnose = (f: typeof fetch) => diagnoseFetchFailure(f, 'http://gpu:8000/v1/chat/completions', 'http://gpu:8000/v1/models', 'https://me.github.io', 'TypeError: Failed to fetch');
  it('says CORS only when it is CORS, with the vLLM flag for the page origin', async () => {
    const e = await diagnose(fakeFetch(false, true));
    expect(e.code).toBe('cors');
    expect(e.message).toContain(`vllm serve <model> --allowed-origins '["https://me.github.io"]'`);
  });
  it('a dropped connection to a server that answers is a transient network error, not CORS', async () => {
    const e = await diagnose(fakeFetch(true, true));
    expect(e.code).toBe('network');
    expect(isTransient(e)).toBe(true);
    expect(e.message).toContain('http://gpu:8000/v1/chat/completions');
  });
  it('nothing listening is a network error naming the URL', async () => {
    const e = await diagnose(fakeFetch(false, false));
    expect(e.code).toBe('network');
    expect(e.message).toContain('Nothing answered at http://gpu:8000/v1/chat/completions');
  });
  it('reads Retry-After in seconds or as a date, capped at five minutes', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('86400')).toBe(5 * 60_000);
    expect(parseRetryAfter(new Date(10_000 + 30_000).toUTCString(), 10_000)).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(httpError(429, 'u', '', undefined, 2000).retryAfterMs).toBe(2000);
  });
  it('maps statuses', () => {
    expect(httpError(401, 'u', '{"error":"Unauthorized"}').code).toBe('unauthorized');
    expect(httpError(403, 'u', '').code).toBe('unauthorized');
    expect(httpError(404, 'u', '', ['a', 'b']).message).toContain('a, b');
    expect(httpError(429, 'u', '').code).toBe('rate-limited');
    expect(httpError(503, 'u', '').code).toBe('server');
    expect(httpError(400, 'u', '{"message":"This model\'s maximum context length is 8192 tokens"}').code).toBe('context-window');
  });
});
