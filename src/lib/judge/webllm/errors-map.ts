/**
 * web-llm errors reach the page as strings (the worker handler posts `err.toString()`, and the
 * error classes are not exported), so they are recognised here by name prefix or message and
 * turned into EngineErrors with a recovery action. Pure; the table is the unit-tested contract.
 * Order matters: specific names before the generic network/limit patterns. Where the text names
 * a file (a failed download, a library that did not verify) the message names it too.
 */
import { EngineError, type EngineErrorCode, type RecoveryAction } from '../errors.ts';

interface Rule {
  test: RegExp;
  code: EngineErrorCode;
  recovery: RecoveryAction;
  /** `url` is the file the error text names, when it names one. */
  message: (url: string | null) => string;
}

const file = (url: string | null, fallback: string): string => (url !== null ? url : fallback);

export const WEBLLM_ERROR_RULES: readonly Rule[] = [
  {
    test: /^(?:Error: )?(?:WebGPUNotAvailableError|WebGPUNotFoundError)\b|WebGPU is not supported|Cannot find WebGPU/,
    code: 'webgpu-unavailable',
    recovery: 'use-endpoint',
    message: () => 'This browser has no WebGPU. Use a recent Chrome or Edge, or judge through an OpenAI-compatible endpoint.',
  },
  {
    test: /Unable to find a compatible GPU/,
    code: 'no-adapter',
    recovery: 'use-endpoint',
    message: () => 'No usable GPU adapter was found. Check the GPU drivers and that hardware acceleration is on, or use an endpoint.',
  },
  {
    test: /IntegrityError|Integrity verification failed/,
    code: 'integrity',
    recovery: 'check-endpoint',
    message: (url) =>
      `The file ${file(url, 'of the model')} does not have the bytes this site recorded for it (its SHA-256 differs), so it was not run. ` +
      'Reload the page; if it persists, delete the model on the Models page and download it again, or report it.',
  },
  {
    test: /ShaderF16SupportError|requires WebGPU extension shader-f16|feature shader-f16/,
    code: 'shader-f16',
    recovery: 'use-f32',
    message: () => 'This GPU or browser lacks shader-f16, which the q4f16_1 weights need. Use the q4f32_1 variant of the model.',
  },
  {
    test: /FeatureSupportError|which is not yet supported by this browser/,
    code: 'gpu-limits',
    recovery: 'use-f32',
    message: () => 'The GPU lacks a feature this model needs. Try the q4f32_1 variant or another browser.',
  },
  {
    // After a device loss web-llm unloads itself: the next request fails with
    // (WorkerEngine)ModelNotLoadedError, and buffer maps with "Device is lost".
    test: /DeviceLostError|[Dd]evice (?:was|is) lost|[Dd]evice lost|GPUDevice.*(?:lost|destroyed)|Instance reference no longer exists|ModelNotLoadedError|not loaded with a model|Model not loaded before/,
    code: 'device-lost',
    recovery: 'reload-engine',
    message: () =>
      'The GPU device was lost (often out of memory, or the GPU was reset). The model is loaded again and judging carries on; ' +
      'if it keeps happening, choose a smaller context size or the q4f16_1 variant, which need less memory.',
  },
  {
    test: /QuotaExceededError|[Qq]uota (?:has been )?exceeded|storage quota/,
    code: 'quota',
    recovery: 'free-space',
    message: () => 'Not enough browser storage for the model. Free disk space or delete other cached models, then retry (finished shards are kept).',
  },
  {
    test: /ContextWindowSizeExceededError|exceed context window size/,
    code: 'context-window',
    recovery: 'smaller-context',
    message: () => "The prompt is longer than the model's context window. Raise the context size on the Models page, or shorten the answer.",
  },
  {
    test: /(?:maxBufferSize|maxStorageBufferBindingSize|maxComputeWorkgroupStorageSize|maxStorageBuffersPerShaderStage)|[Ll]imit.*(?:exceed|not support)|Cannot initialize runtime because of requested/,
    code: 'gpu-limits',
    recovery: 'use-endpoint',
    message: () => "The GPU's limits are below what web-llm requests for this model. Use another GPU or browser, or an OpenAI-compatible endpoint.",
  },
  {
    test: /Failed to store .* Network response was not ok|ArtifactOPFSCache: Unable to fetch|status 404/,
    code: 'not-found',
    recovery: 'check-endpoint',
    message: (url) =>
      `The server answered with an error for ${file(url, 'a model file')}. Check the weight and library URLs in Settings, or use an endpoint.`,
  },
  {
    test: /Cache\.add\(\) encountered a network error|Failed to fetch|NetworkError|Cannot fetch|network error|Load failed|ERR_/,
    code: 'network',
    recovery: 'retry',
    message: (url) => `Downloading ${file(url, 'a model file')} was interrupted by a network error. Retry: shards already downloaded are kept.`,
  },
  {
    test: /CompileError|WebAssembly|expected magic word|LinkError|Cannot find global function/,
    code: 'not-found',
    recovery: 'check-endpoint',
    message: (url) =>
      `The model library ${file(url, '(wasm)')} is missing or was built for another web-llm version. Check the library URL in Settings.`,
  },
  {
    test: /AbortError|aborted|interrupted by unload/i,
    code: 'aborted',
    recovery: 'none',
    message: () => 'Cancelled.',
  },
];

/** The first http(s) URL an error text names (web-llm: "Failed to store <url> with error…"). */
export function urlInError(text: string): string | null {
  const m = /https?:\/\/[^\s'"`)]+/.exec(text);
  return m ? m[0].replace(/[.,;:]+$/, '') : null;
}

/** Maps a web-llm error (string from the worker, or an Error) to an EngineError. */
export function mapWebLLMError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  for (const rule of WEBLLM_ERROR_RULES) {
    if (rule.test.test(detail)) return new EngineError(rule.code, rule.message(urlInError(detail)), rule.recovery, detail);
  }
  return new EngineError('unknown', `The model engine failed: ${detail.slice(0, 300)} Retry; if it persists, reload the page.`, 'retry', detail);
}

export function workerDeadError(detail: string): EngineError {
  return new EngineError(
    'worker-dead',
    'The model worker stopped responding (crashed or out of memory). It is restarted and judging carries on.',
    'reload-engine',
    detail,
  );
}
