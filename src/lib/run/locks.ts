/**
 * The run lock: only the tab holding `pollux-run:<runId>` runs that queue. In browsers it is a
 * Web Lock, released by the browser when the holding tab closes or crashes, so a reload can take
 * the run over while a second open tab waits. Where Web Locks are missing (an insecure origin,
 * Node tests) an in-memory lock guards this page only.
 */
import type { RunLocks } from './types.ts';

export function runLockName(runId: string): string {
  return `pollux-run:${runId}`;
}

function abortError(): DOMException {
  return new DOMException('The lock request was aborted', 'AbortError');
}

/** In-memory locks with the Web Locks semantics used here (one instance = one "browser"). */
export function createMemoryLocks(): RunLocks {
  const held = new Set<string>();
  const waiting = new Map<string, Array<() => void>>();
  const release = (name: string): void => {
    const next = waiting.get(name)?.shift();
    if (next) next();
    else held.delete(name);
  };
  return {
    async request<T>(name: string, options: { wait: boolean; signal?: AbortSignal }, callback: (held: boolean) => Promise<T>): Promise<T> {
      if (held.has(name)) {
        if (!options.wait) return callback(false);
        // Queue behind the holder; the lock passes straight to us when it is released.
        await new Promise<void>((resolve, reject) => {
          const signal = options.signal;
          if (signal?.aborted) return reject(abortError());
          const grant = (): void => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          };
          const onAbort = (): void => {
            const q = waiting.get(name) ?? [];
            q.splice(q.indexOf(grant), 1);
            reject(abortError());
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          waiting.set(name, [...(waiting.get(name) ?? []), grant]);
        });
      } else held.add(name);
      try {
        return await callback(true);
      } finally {
        release(name);
      }
    },
  };
}

const pageLocks = createMemoryLocks();

/** navigator.locks when available, else locks local to this page. */
export function defaultLocks(): RunLocks {
  const nav: Navigator | undefined = typeof navigator === 'undefined' ? undefined : navigator;
  const manager = nav?.locks;
  if (!manager) return pageLocks;
  return {
    request<T>(name: string, options: { wait: boolean; signal?: AbortSignal }, callback: (held: boolean) => Promise<T>): Promise<T> {
      const opts: LockOptions = options.wait ? { signal: options.signal } : { ifAvailable: true };
      return manager.request(name, opts, (lock) => callback(lock !== null)) as Promise<T>;
    },
  };
}
