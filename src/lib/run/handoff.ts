/**
 * Two tabs, one run. The tab that holds the run's lock judges it; another tab that is asked to
 * start it shows the stored progress (refreshed every `pollMs`, so never "0 of 0") and waits for
 * the lock. When the lock comes free, a run still marked 'running' lost its tab mid-way: this tab
 * takes it over. Otherwise the other tab paused, cancelled or finished it: this tab shows that.
 * A pause or cancel in the waiting tab aborts the wait.
 */
import type { PolluxDB } from '../store/db.ts';
import { runProgress } from './read.ts';
import type { RunLocks, RunProgress } from './types.ts';

export interface HandoffOptions {
  db: PolluxDB;
  runId: string;
  locks: RunLocks;
  lockName: string;
  signal: AbortSignal;
  pollMs: number;
  /** Shows a progress (the stored one, as 'locked-elsewhere' while waiting). */
  show(p: RunProgress): void;
  /** Runs the queue, lock held. */
  take(): Promise<RunProgress>;
}

export async function waitForHandoff(o: HandoffOptions): Promise<RunProgress> {
  const stored = () => runProgress(o.db, o.runId);
  const showWaiting = async (): Promise<void> => {
    const p = await stored();
    if (!o.signal.aborted) o.show({ ...p, state: 'locked-elsewhere' });
  };
  const showEnded = async (): Promise<RunProgress> => {
    const p = await stored();
    o.show(p);
    return p;
  };
  await showWaiting();
  const poll = setInterval(() => void showWaiting().catch(() => undefined), o.pollMs);
  try {
    return await o.locks.request(o.lockName, { wait: true, signal: o.signal }, async () => {
      clearInterval(poll);
      const run = await o.db.runs.get(o.runId);
      return run?.status === 'running' && !o.signal.aborted ? o.take() : showEnded();
    });
  } catch {
    // The wait was aborted (pause or cancel in this tab): show what is stored.
    return showEnded();
  } finally {
    clearInterval(poll);
  }
}
