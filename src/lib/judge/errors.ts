/**
 * Engine failures as data. Every backend rejects with an EngineError whose `code` says what
 * happened and whose `recovery` says what the user (or the run machinery) should do next.
 * The run loop branches on `code` (e.g. 'device-lost' → reload the engine and carry on), the
 * UI shows `message` and offers the recovery action. Every message names what failed (a URL, a
 * file, a limit) and says what to do, in full sentences.
 */

export type EngineErrorCode =
  | 'webgpu-unavailable'
  | 'no-adapter'
  | 'gpu-limits'
  | 'shader-f16'
  | 'device-lost'
  | 'stalled'
  | 'quota'
  | 'network'
  | 'context-window'
  | 'worker-dead'
  | 'cors'
  | 'bad-url'
  | 'unauthorized'
  | 'not-found'
  | 'not-published'
  | 'integrity'
  | 'unsupported'
  | 'rate-limited'
  | 'server'
  | 'timeout'
  | 'malformed-reply'
  | 'aborted'
  | 'unknown';

export type RecoveryAction =
  | 'retry'
  | 'use-f32'
  | 'smaller-context'
  | 'free-space'
  | 'reload-engine'
  | 'check-endpoint'
  | 'use-endpoint'
  | 'none';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly recovery: RecoveryAction,
    /** The original error text (web-llm errors cross the worker as strings). */
    readonly detail?: string,
    /** How long the server asked us to wait (HTTP Retry-After), when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}

/** Failures after which the same request may succeed once the engine is reloaded or the network recovers. */
export function isTransient(e: EngineError): boolean {
  return ['device-lost', 'stalled', 'network', 'timeout', 'rate-limited', 'server', 'worker-dead'].includes(e.code);
}

/** Failures that leave the engine unusable until it is rebuilt (unload, create, load). */
export function needsRebuild(e: EngineError): boolean {
  return e.code === 'device-lost' || e.code === 'worker-dead' || e.code === 'stalled';
}

/** A generation that produced no token for `seconds`: treated like a lost device (rebuild, retry). */
export function stalledError(seconds: number): EngineError {
  return new EngineError(
    'stalled',
    `The model produced no token for ${seconds} s, so the GPU is assumed to hang. The model is loaded again and the judgment retried.`,
    'reload-engine',
  );
}
