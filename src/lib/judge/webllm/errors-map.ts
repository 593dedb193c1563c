/**
 * web-llm errors reach the page as strings (the worker handler posts `err.toString()`, and the
 * error classes are not exported), so they are recognised here by name prefix or message and
 * turned into EngineErrors with a recovery action. Pure; the table is the unit-tested contract.
 * Order matters: specific names before the generic network/limit patterns.
 */
import { EngineError, type EngineErrorCode, type RecoveryAction } from '../errors.ts';

interface Rule {
  test: RegExp;
  code: EngineErrorCode;
  recovery: RecoveryAction;
  message: string;
}

export const WEBLLM_ERROR_RULES: readonly Rule[] = [
  {
    test: /^(?:Error: )?(?:WebGPUNotAvailableError|WebGPUNotFoundError)\b|WebGPU is not supported/,
    code: 'webgpu-unavailable',
    recovery: 'use-endpoint',
    message: 'This browser has no WebGPU. Use a recent Chrome or Edge, or judge through an OpenAI-compatible endpoint.',
  },
  {
    test: /Unable to find a compatible GPU/,
    code: 'no-adapter',
    recovery: 'use-endpoint',
    message: 'No usable GPU adapter was found. Check the GPU drivers and browser flags, or use an endpoint.',
  },
  {
    test: /ShaderF16SupportError|requires WebGPU extension shader-f16|feature shader-f16/,
    code: 'shader-f16',
    recovery: 'use-f32',
    message: 'This GPU/browser lacks shader-f16. Use the q4f32_1 variant of the model.',
  },
  {
    test: /FeatureSupportError|which is not yet supported by this browser/,
    code: 'gpu-limits',
    recovery: 'use-f32',
    message: 'The GPU lacks a feature this model needs. Try the q4f32_1 variant or another browser.',
  },
  {
    test: /DeviceLostError|Device was lost|device was lost|GPUDevice.*lost|Instance reference no longer exists/,
    code: 'device-lost',
    recovery: 'reload-engine',
    message: 'The GPU device was lost (often out of memory). The engine will be reloaded; a smaller context or the f16 variant needs less memory.',
  },
  {
    test: /QuotaExceededError|[Qq]uota (?:has been )?exceeded|storage quota/,
    code: 'quota',
    recovery: 'free-space',
    message: 'Not enough browser storage for the model. Free disk space or delete other cached models, then retry (finished shards are kept).',
  },
  {
    test: /ContextWindowSizeExceededError|exceed context window size/,
    code: 'context-window',
    recovery: 'smaller-context',
    message: "The prompt is longer than the model's context window. Shorten the input or raise the context window.",
  },
  {
    test: /(?:maxBufferSize|maxStorageBufferBindingSize|maxComputeWorkgroupStorageSize|maxStorageBuffersPerShaderStage)|[Ll]imit.*(?:exceed|not support)|Cannot initialize runtime because of requested/,
    code: 'gpu-limits',
    recovery: 'use-endpoint',
    message: "The GPU's limits are below what the model needs. Use a smaller model or an endpoint.",
  },
  {
    test: /Failed to store .* Network response was not ok|ArtifactOPFSCache: Unable to fetch|status 404/,
    code: 'not-found',
    recovery: 'check-endpoint',
    message: 'A model file could not be downloaded (the server answered with an error). Check the weight and library URLs in Settings.',
  },
  {
    test: /Cache\.add\(\) encountered a network error|Failed to fetch|NetworkError|Cannot fetch|network error|Load failed|ERR_/,
    code: 'network',
    recovery: 'retry',
    message: 'The download was interrupted by a network error. Retry: shards already downloaded are kept.',
  },
  {
    test: /CompileError|WebAssembly|expected magic word|LinkError|Cannot find global function/,
    code: 'not-found',
    recovery: 'check-endpoint',
    message: 'The model library (wasm) is missing or does not match this web-llm version. Check the library URL in Settings.',
  },
  {
    test: /AbortError|aborted|interrupted by unload/i,
    code: 'aborted',
    recovery: 'none',
    message: 'Cancelled.',
  },
];

/** Maps a web-llm error (string from the worker, or an Error) to an EngineError. */
export function mapWebLLMError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  for (const rule of WEBLLM_ERROR_RULES) {
    if (rule.test.test(detail)) return new EngineError(rule.code, rule.message, rule.recovery, detail);
  }
  return new EngineError('unknown', `The model engine failed: ${detail.slice(0, 300)}`, 'retry', detail);
}

export function workerDeadError(detail: string): EngineError {
  return new EngineError(
    'worker-dead',
    'The model worker stopped responding (crashed or out of memory). The engine will be restarted.',
    'reload-engine',
    detail,
  );
}
