/**
 * Storage failures in words: IndexedDB (through dexie) fails with a full disk, a database the
 * browser closed (site data cleared, another tab upgrading it) or a run that vanished under a
 * running queue. Raw dexie errors ("AbortError: … QuotaExceededError …") are translated here into
 * what happened and what to do. Pure.
 */

export type StorageProblem = 'quota' | 'closed' | 'gone' | 'unknown';

/** Thrown by the runner's writes when the run's record is no longer in the database. */
export class RunGoneError extends Error {
  override readonly name = 'RunGoneError';
  constructor(readonly runId: string) {
    super(`Run ${runId} is no longer stored`);
  }
}

function names(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 4 && typeof cur === 'object' && cur !== null; i++) {
    const o = cur as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown };
    parts.push(`${String(o.name ?? '')}: ${String(o.message ?? '')}`);
    cur = o.inner ?? o.cause;
  }
  if (parts.length === 0) parts.push(String(e));
  return parts.join(' | ');
}

export function storageProblem(e: unknown): StorageProblem {
  if (e instanceof RunGoneError) return 'gone';
  const text = names(e);
  if (/QuotaExceeded|quota/i.test(text)) return 'quota';
  if (/DatabaseClosed|InvalidStateError|database connection is closing|VersionChange/i.test(text)) return 'closed';
  return 'unknown';
}

/** A full sentence for the user: what failed while doing `what`, and what to do. */
export function storageMessage(e: unknown, what: string): string {
  switch (storageProblem(e)) {
    case 'quota':
      return `Could not ${what}: the browser's storage for this site is full. Free disk space, or delete old runs on the Results page or cached models on the Models page, then try again.`;
    case 'closed':
      return `Could not ${what}: the browser closed this site's database (site data was cleared, or another tab is updating it). Reload the page, then try again.`;
    case 'gone':
      return `Stopped: this run's stored data was deleted from this browser (site data cleared?) while it was judging, so nothing more is saved for it. Start a new run.`;
    case 'unknown': {
      const t = names(e);
      return `Could not ${what}: ${t.length > 200 ? `${t.slice(0, 200)}…` : t}. Reload the page and try again.`;
    }
  }
}
