/**
 * The run lock: only the tab holding `pollux-run:<runId>` runs that queue. In browsers it is a
 * Web Lock, released by the browser when the holding tab closes or crashes, so a reload can take
 * the run over while a second open tab is refused. Where Web Locks are missing (an insecure
 * origin, Node tests) an in-memory lock guards this page only.
 */
import type { RunLocks } from './types.ts';

export function runLockName(runId: string): string {
  return `pollux-run:${runId}`;
}

/** Non-blocking in-memory locks with the Web Locks `ifAvailable` semantics (one instance = one "browser"). */
export function createMemoryLocks(): RunLocks {
  const held = new Set<string>();
  return {
    async request<T>(name: string, callback: (held: boolean) => Promise<T>): Promise<T> {
      if (held.has(name)) return callback(false);
      held.add(name);
      try {
        return await callback(true);
      } finally {
        held.delete(name);
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
    request<T>(name: string, callback: (held: boolean) => Promise<T>): Promise<T> {
      return manager.request(name, { ifAvailable: true }, (lock) => callback(lock !== null)) as Promise<T>;
    },
  };
}
