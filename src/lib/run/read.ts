/**
 * Reading and managing stored runs: the list, a run's rows for the Results page, its progress as
 * stored, rename, delete (the shared judgment cache stays), and re-queueing failed jobs.
 */
import type { PolluxDB } from '../store/db.ts';
import type { AnswerRecord, JobRecord, RunRecord } from '../store/run-records.ts';
import { judgePromptFor } from './expand.ts';
import { importedKey } from './cache-key.ts';
import { readJudgments } from './judgment-read.ts';
import { outcomeOf } from './outcome.ts';
import type { JudgmentRow, RunProgress } from './types.ts';

/** Runs, newest first. */
export async function listRuns(db: PolluxDB): Promise<RunRecord[]> {
  return (await db.runs.orderBy('updatedAt').reverse().toArray());
}

/**
 * Every job of a run as a JudgmentRow, in run order. The prompt is rebuilt on first read (a lazy
 * property) rather than stored: it repeats the answer once per criterion, which for a full run
 * would be hundreds of megabytes.
 */
export async function loadRunRows(db: PolluxDB, runId: string): Promise<JudgmentRow[]> {
  const run = await db.runs.get(runId);
  if (!run) return [];
  const [jobs, answers] = await Promise.all([
    db.jobs.where('[runId+order]').between([runId, -Infinity], [runId, Infinity]).toArray(),
    db.answers.where('runId').equals(runId).toArray(),
  ]);
  const byPrompt = new Map<number, AnswerRecord>(answers.map((a) => [a.prompt_id, a]));
  // An imported run's own judgments are stored apart from this machine's cache (bundle.ts).
  const keyOf = (j: JobRecord): string => {
    const key = j.resultKey ?? j.cacheKey;
    return j.imported === true ? importedKey(runId, key) : key;
  };
  const raws = await readJudgments(db, jobs.map(keyOf));
  const format = run.settings.judge.outputFormat;
  const provenance = run.imported ? { from: run.imported.from, at: run.imported.at } : undefined;
  return jobs.map((job) => toRow(job, byPrompt.get(job.prompt_id ?? -1), raws.get(keyOf(job))?.raw, format, job.imported === true ? provenance : undefined));
}

function toRow(
  job: JobRecord,
  answer: AnswerRecord | undefined,
  raw: string | undefined,
  format: RunRecord['settings']['judge']['outputFormat'],
  imported: JudgmentRow['imported'],
): JudgmentRow {
  const ci = job.criterionIndex ?? 0;
  const settled = job.status === 'done' || job.status === 'unparsed';
  const judged = answer?.instruction?.criteria[ci];
  const judgment = (job.resultKey ? raw : undefined);
  const row: JudgmentRow = {
    runId: job.runId,
    jobId: job.jobId,
    prompt_id: job.prompt_id ?? -1,
    criteria_name: job.criteria_name ?? judged?.criteria_name ?? '',
    rubrics: judged?.rubrics ?? '',
    raw: settled ? (judgment ?? '') : '',
    status: job.status,
    outcome: outcomeOf(job, judgment, format),
    cached: job.cached === true,
    attempts: job.attempts,
    // The settling attempt is the last one made; jobs judged before modes existed decoded freely.
    mode: settled ? (job.attemptModes?.at(-1) ?? 'free') : undefined,
    ...(imported ? { imported } : {}),
    usage: undefined,
    prompt: '',
  };
  let prompt: string | null = null;
  Object.defineProperty(row, 'prompt', {
    enumerable: true,
    get: () => (prompt ??= answer?.instruction ? judgePromptFor(answer.instruction, answer.answer, ci) : ''),
  });
  return row;
}

/** Progress as stored (no live rate: that needs a runner). */
export async function runProgress(db: PolluxDB, runId: string): Promise<RunProgress> {
  const run = await db.runs.get(runId);
  const count = (status: JobRecord['status']) => db.jobs.where('[runId+status]').equals([runId, status]).count();
  const of = (status: JobRecord['status']) => db.jobs.where('[runId+status]').equals([runId, status]);
  const [pending, running, done, unparsed, failed, cached, tooLong, truncated] = await Promise.all([
    count('pending'),
    count('running'),
    count('done'),
    count('unparsed'),
    count('failed'),
    of('done').filter((j) => j.cached === true).count(),
    of('failed').filter((j) => j.error?.code === 'too-long').count(),
    of('unparsed').filter((j) => j.truncated !== undefined).count(),
  ]);
  return {
    total: pending + running + done + unparsed + failed,
    done,
    unparsed,
    failed,
    pending: pending + running,
    cached,
    tooLong,
    truncated,
    etaS: null,
    tokensPerS: null,
    state: storedState(run),
    message: run?.message,
    ...(run?.stoppedBy ? { stoppedBy: run.stoppedBy } : {}),
    estimate: run?.estimate ?? null,
  };
}

export function storedState(run: RunRecord | undefined): RunProgress['state'] {
  switch (run?.status) {
    case 'running':
      return 'running';
    case 'paused':
      return run.message ? 'error' : 'paused';
    case 'done':
      return 'done';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'idle';
  }
}

export async function renameRun(db: PolluxDB, runId: string, name: string, now: number = Date.now()): Promise<void> {
  await db.runs.update(runId, { name, updatedAt: now });
}

/** Deletes a run, its answers and its jobs. Judgments stay in the shared cache for other runs. */
export async function deleteRun(db: PolluxDB, runId: string): Promise<void> {
  await db.transaction('rw', db.runs, db.answers, db.jobs, async () => {
    await db.jobs.where('runId').equals(runId).delete();
    await db.answers.where('runId').equals(runId).delete();
    await db.runs.delete(runId);
  });
}

/**
 * Puts a run's failed jobs back in the queue (e.g. after the endpoint came back); returns how
 * many. Prompts that cannot fit the judge's context stay as they are: retrying them could only
 * fail the same way.
 */
export async function retryFailed(db: PolluxDB, runId: string, now: number = Date.now()): Promise<number> {
  return db.transaction('rw', db.runs, db.jobs, async () => {
    const n = await db.jobs
      .where('[runId+status]')
      .equals([runId, 'failed'])
      .filter((j) => j.error?.code !== 'too-long')
      .modify((j) => {
        j.status = 'pending';
        j.error = undefined;
        j.updatedAt = now;
      });
    if (n > 0) await db.runs.where('id').equals(runId).and((r) => r.status === 'done').modify({ status: 'paused', stoppedBy: undefined, updatedAt: now });
    return n;
  });
}
