/**
 * Group commit of the runner's writes. Each write is one job's new state plus, when it settles
 * with a new judgment, that judgment — always in the same transaction. Writes that arrive while
 * a transaction is committing are gathered into the next one, so a fast judge costs one
 * IndexedDB transaction per batch instead of one per judgment, and a slow judge (one judgment
 * every few seconds) still commits each judgment at once.
 *
 * Each transaction first checks that the run still exists: when site data is cleared under a
 * running run, dexie may recreate an empty database, and writing jobs and judgments there would
 * leave orphans of a run nobody can see. The check fails the batch with RunGoneError instead.
 */
import type { PolluxDB } from '../store/db.ts';
import type { JobRecord, JudgmentRecord } from '../store/run-records.ts';
import { RunGoneError } from './storage-errors.ts';

export interface WriteOp {
  job: JobRecord;
  judgment?: JudgmentRecord;
}

interface Queued {
  op: WriteOp;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** Writes `jobs` (and `judgments`) in one transaction that first checks the run is still stored. */
export async function writeJobs(db: PolluxDB, runId: string, jobs: readonly JobRecord[], judgments: readonly JudgmentRecord[] = []): Promise<void> {
  await db.transaction('rw', db.runs, db.judgments, db.jobs, async () => {
    if ((await db.runs.get(runId)) === undefined) throw new RunGoneError(runId);
    if (judgments.length > 0) await db.judgments.bulkPut([...judgments]);
    await db.jobs.bulkPut([...jobs]);
  });
}

export class GroupCommit {
  #queue: Queued[] = [];
  #draining: Promise<void> | null = null;
  readonly #db: PolluxDB;
  readonly #runId: string;
  /** Judgments written but maybe not committed yet, so lookups see them (key → record). */
  readonly uncommitted = new Map<string, JudgmentRecord>();
  /** Largest batch committed so far (for the benchmark). */
  maxBatch = 0;

  constructor(db: PolluxDB, runId: string) {
    this.#db = db;
    this.#runId = runId;
  }

  get backlog(): number {
    return this.#queue.length;
  }

  /** Queues a write; resolves once its transaction has committed. */
  write(op: WriteOp): Promise<void> {
    if (op.judgment) this.uncommitted.set(op.judgment.cacheKey, op.judgment);
    const done = new Promise<void>((resolve, reject) => this.#queue.push({ op, resolve, reject }));
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = null;
    });
    return done;
  }

  /** Resolves when everything queued so far has committed (or failed). */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0);
      this.maxBatch = Math.max(this.maxBatch, batch.length);
      // Later states of the same job win; judgments are content-keyed, so a repeat is the same record.
      const jobs = new Map<string, JobRecord>();
      const judgments = new Map<string, JudgmentRecord>();
      for (const { op } of batch) {
        jobs.set(op.job.jobId, op.job);
        if (op.judgment) judgments.set(op.judgment.cacheKey, op.judgment);
      }
      try {
        await writeJobs(this.#db, this.#runId, [...jobs.values()], [...judgments.values()]);
        batch.forEach((q) => q.resolve());
      } catch (e) {
        batch.forEach((q) => q.reject(e));
      } finally {
        for (const key of judgments.keys()) this.uncommitted.delete(key);
      }
    }
  }
}
