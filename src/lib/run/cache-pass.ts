/**
 * The runner's first pass over a (re)started queue: every pending job whose first attempt is
 * already in the cache — complete, parsed to a score — settles without the engine; the others go
 * to the workers through the feed, in run order. A small first chunk is looked up alone so a
 * resumed run's first judgment starts quickly; the rest of the keys are read at once
 * (judgment-read.ts: range reads when the cache is dense, which a replay's is). Settled jobs are
 * written in large transactions, the next one queued while the previous commits, so IndexedDB
 * never waits on the page to prepare a batch.
 *
 * Only this machine's own judgments are in the plain-keyed cache: an imported bundle's are
 * stored apart (bundle.ts) and are never read here unless the user trusted them.
 */
import { parseJudgeOutputFor } from '../pollux/index.ts';
import type { PolluxDB } from '../store/db.ts';
import type { JobRecord, JudgmentRecord, RunSettings } from '../store/run-records.ts';
import { firstAttemptMode } from './attempts.ts';
import { writeJobs } from './group-commit.ts';
import type { JobFeed } from './job-feed.ts';
import { readJudgments } from './judgment-read.ts';

/** Judgments settled per transaction when replaying cached work. */
const CACHE_PASS_CHUNK = 2000;
/** Jobs looked up alone before the rest, so a resumed queue's first judgment starts quickly. */
const FIRST_CHUNK = 100;

export interface CachePassContext {
  db: PolluxDB;
  runId: string;
  settings: RunSettings;
  stopped(): boolean;
  now(): number;
  /** Keys found missing (a later first-attempt lookup of them needs no read). */
  knownMiss: Set<string>;
  /** Jobs settled from the cache, after their chunk committed. */
  onSettled(jobs: readonly JobRecord[], scores: readonly (number | null)[]): void;
}

export async function cachePass(ctx: CachePassContext, pending: JobRecord[], feed: JobFeed<JobRecord>): Promise<void> {
  const { db } = ctx;
  const first = pending.slice(0, FIRST_CHUNK);
  const rest = pending.slice(FIRST_CHUNK);
  const firstHits = await db.judgments.bulkGet(first.map((j) => j.cacheKey));
  const settled = sortHits(ctx, first, (k) => firstHits[k], feed);
  if (ctx.stopped()) {
    feed.push(rest);
    return;
  }
  // Reading the rest overlaps the write of the first chunk's settlements (different stores).
  const [hits] = await Promise.all([readJudgments(db, rest.map((j) => j.cacheKey)), settleCached(ctx, settled)]);
  if (ctx.stopped()) {
    feed.push(rest);
    return;
  }
  await settleCached(ctx, sortHits(ctx, rest, (k) => hits.get(rest[k].cacheKey), feed));
}

interface Settled {
  jobs: JobRecord[];
  scores: (number | null)[];
}

/** Splits `jobs` into settled-from-cache records and misses (pushed to `feed` in the given order). */
function sortHits(ctx: CachePassContext, jobs: JobRecord[], hitAt: (k: number) => JudgmentRecord | undefined, feed: JobFeed<JobRecord>): Settled {
  const format = ctx.settings.judge.outputFormat;
  const firstMode = firstAttemptMode(ctx.settings);
  const out: Settled = { jobs: [], scores: [] };
  const misses: JobRecord[] = [];
  const now = ctx.now();
  jobs.forEach((job, k) => {
    const hit = hitAt(k);
    if (!hit) ctx.knownMiss.add(job.cacheKey);
    const parsed = hit && hit.finish === undefined ? parseJudgeOutputFor(format, hit.raw) : null;
    if (parsed?.kind === 'score') {
      out.jobs.push({
        ...job,
        status: 'done',
        attempts: 1,
        attemptKeys: [job.cacheKey],
        attemptModes: [firstMode],
        resultKey: job.cacheKey,
        cached: true,
        updatedAt: now,
      });
      out.scores.push(parsed.score);
    } else misses.push(job);
  });
  feed.push(misses);
  return out;
}

/** Writes cache-settled jobs in CACHE_PASS_CHUNK transactions, two in flight; stops between chunks when the run stops. */
async function settleCached(ctx: CachePassContext, settled: Settled): Promise<void> {
  let previous: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < settled.jobs.length && !ctx.stopped(); i += CACHE_PASS_CHUNK) {
    const chunk = settled.jobs.slice(i, i + CACHE_PASS_CHUNK);
    const scores = settled.scores.slice(i, i + CACHE_PASS_CHUNK);
    const writing = writeJobs(ctx.db, ctx.runId, chunk);
    // Awaited below or in the next round; this only keeps a failure seen while the previous
    // write is awaited from being reported as unhandled.
    writing.catch(() => undefined);
    await previous;
    previous = writing;
    ctx.onSettled(chunk, scores);
  }
  await previous;
}
