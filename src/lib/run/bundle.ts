/**
 * Run bundles: a whole run as one JSON value (RunBundle) that another machine imports, merging
 * the judgments into its own content-keyed cache without duplicates.
 *
 * Import trusts nothing: after the shape check (bundle-validate.ts) every job's cache key is
 * recomputed from the bundle's own instructions, answers and settings, and every judgment must
 * be the result of one of the bundle's attempts. A forged or stale key would otherwise poison
 * the cache for every later run. The import is one transaction: all of it lands, or none.
 */
import type { PolluxDB } from '../store/db.ts';
import type { AnswerRecord, JobRecord, JudgmentRecord, RunRecord } from '../store/run-records.ts';
import { computeCacheKey, judgeIdentity, samplingForAttempt } from './cache-key.ts';
import { validateBundleShape } from './bundle-validate.ts';
import { expandRun, type ExpandedJob } from './expand.ts';
import { newRunId } from './ids.ts';
import {
  RUN_BUNDLE_FORMAT,
  RUN_BUNDLE_VERSION,
  type BundleImportResult,
  type BundleIssue,
  type BundleJob,
  type RunBundle,
} from './types.ts';

export async function exportRunBundle(db: PolluxDB, runId: string, now: number = Date.now()): Promise<RunBundle> {
  const run = await db.runs.get(runId);
  if (!run) throw new Error(`Run ${runId} not found`);
  const [answers, jobs] = await Promise.all([
    db.answers.where('runId').equals(runId).toArray(),
    db.jobs.where('[runId+order]').between([runId, -Infinity], [runId, Infinity]).toArray(),
  ]);
  const keys = new Set<string>();
  for (const j of jobs) {
    for (const k of j.attemptKeys ?? []) keys.add(k);
    if (j.resultKey) keys.add(j.resultKey);
  }
  const found = await db.judgments.bulkGet([...keys]);
  return {
    format: RUN_BUNDLE_FORMAT,
    version: RUN_BUNDLE_VERSION,
    exportedAt: new Date(now).toISOString(),
    run: {
      id: run.id,
      name: run.name,
      createdAt: run.createdAt,
      status: run.status,
      settings: run.settings,
      answerSource: run.answerSource ?? 'import',
    },
    instructions: answers.flatMap((a) => (a.instruction ? [a.instruction] : [])),
    answers: answers.map((a) => ({ prompt_id: a.prompt_id, answer: a.answer, ...(a.stratum ? { stratum: a.stratum } : {}) })),
    jobs: jobs.map(toBundleJob),
    judgments: found.flatMap((j) =>
      j ? [{ cacheKey: j.cacheKey, raw: j.raw, createdAt: j.createdAt, ...(j.usage ? { usage: j.usage } : {}) }] : [],
    ),
  };
}

function toBundleJob(j: JobRecord): BundleJob {
  return {
    jobId: j.jobId,
    order: j.order,
    prompt_id: j.prompt_id ?? -1,
    criterionIndex: j.criterionIndex ?? 0,
    criteria_name: j.criteria_name ?? '',
    status: j.status,
    cacheKey: j.cacheKey,
    attempts: j.attempts,
    attemptKeys: j.attemptKeys ?? [],
    ...(j.resultKey ? { resultKey: j.resultKey } : {}),
    ...(j.cached !== undefined ? { cached: j.cached } : {}),
    ...(j.error ? { error: j.error } : {}),
  };
}

/** Meaning checks on a well-shaped bundle: keys recomputed, references resolved. */
async function checkMeaning(b: RunBundle): Promise<BundleIssue[]> {
  const issues: BundleIssue[] = [];
  const add = (path: string, message: string) => {
    if (issues.length < 50) issues.push({ path, message });
  };
  const instructionIds = new Set<number>();
  b.instructions.forEach((r, i) => {
    if (instructionIds.has(r.prompt_id)) add(`instructions[${i}].prompt_id`, `duplicate prompt_id ${r.prompt_id}`);
    instructionIds.add(r.prompt_id);
  });
  const answerIds = new Set<number>();
  b.answers.forEach((a, i) => {
    if (!instructionIds.has(a.prompt_id)) add(`answers[${i}].prompt_id`, `no instruction with prompt_id ${a.prompt_id}`);
    if (answerIds.has(a.prompt_id)) add(`answers[${i}].prompt_id`, `duplicate prompt_id ${a.prompt_id}`);
    answerIds.add(a.prompt_id);
  });
  if (issues.length > 0) return issues;

  const strata: Record<number, string> = {};
  for (const a of b.answers) if (a.stratum) strata[a.prompt_id] = a.stratum;
  const expanded = await expandRun({ settings: b.run.settings, instructions: b.instructions, answers: b.answers, strata });
  const expected = new Map<string, ExpandedJob>(expanded.jobs.map((j) => [j.jobId, j]));
  const judgmentKeys = new Set(b.judgments.map((j) => j.cacheKey));
  const allowedKeys = new Set<string>();
  const seenJobs = new Set<string>();
  const s = b.run.settings;
  for (const [i, job] of b.jobs.entries()) {
    const p = `jobs[${i}]`;
    const e = expected.get(job.jobId);
    if (seenJobs.has(job.jobId)) add(`${p}.jobId`, `duplicate job ${job.jobId}`);
    seenJobs.add(job.jobId);
    if (!e || e.prompt_id !== job.prompt_id || e.criterionIndex !== job.criterionIndex) {
      add(`${p}.jobId`, `no criterion ${job.jobId} among the bundle's instructions and answers`);
      continue;
    }
    if (e.cacheKey !== job.cacheKey) {
      add(`${p}.cacheKey`, 'does not match the prompt and settings (edited, or made with another prompt template)');
      continue;
    }
    for (const [k, key] of job.attemptKeys.entries()) {
      const want =
        k === 0
          ? e.cacheKey
          : await computeCacheKey({
              ...judgeIdentity(s.judge),
              prompt: e.prompt,
              sampling: samplingForAttempt(s.sampling, k),
              outputFormat: s.judge.outputFormat,
            });
      if (key !== want) add(`${p}.attemptKeys[${k}]`, 'does not match the prompt and settings of that attempt');
      allowedKeys.add(want);
    }
    if ((job.status === 'done' || job.status === 'unparsed') && (!job.resultKey || !judgmentKeys.has(job.resultKey))) {
      add(`${p}.resultKey`, 'the judgment that settled this job is missing from the bundle');
    }
    if (job.resultKey && !job.attemptKeys.includes(job.resultKey)) add(`${p}.resultKey`, 'is not one of the job’s attempts');
  }
  for (const id of expected.keys()) if (!seenJobs.has(id)) add('jobs', `job ${id} is missing`);
  b.judgments.forEach((j, i) => {
    if (!allowedKeys.has(j.cacheKey)) add(`judgments[${i}].cacheKey`, 'is not the key of any attempt in this bundle');
  });
  return issues;
}

/**
 * Imports a bundle as a new run (its own id, so importing twice gives two runs but never
 * duplicate judgments) and merges its judgments into the cache by key.
 */
export async function importRunBundle(db: PolluxDB, input: unknown, now: number = Date.now()): Promise<BundleImportResult> {
  const shaped = validateBundleShape(input);
  if (!shaped.ok) return shaped;
  const b = shaped.bundle;
  const errors = await checkMeaning(b);
  if (errors.length > 0) return { ok: false, errors };

  const runId = newRunId(now);
  const byId = new Map(b.instructions.map((r) => [r.prompt_id, r]));
  const unsettled = b.jobs.some((j) => j.status === 'pending' || j.status === 'running');
  const run: RunRecord = {
    id: runId,
    name: b.run.name,
    createdAt: b.run.createdAt,
    updatedAt: now,
    // Imported work never starts by itself: a run that was mid-way waits, paused, for the user.
    status: unsettled ? (b.run.status === 'cancelled' ? 'cancelled' : 'paused') : 'done',
    settings: b.run.settings,
    total: b.jobs.length,
    answerSource: b.run.answerSource,
  };
  const answers: AnswerRecord[] = b.answers.map((a) => ({
    runId,
    prompt_id: a.prompt_id,
    answer: a.answer,
    source: b.run.answerSource,
    instruction: byId.get(a.prompt_id),
    ...(a.stratum ? { stratum: a.stratum } : {}),
  }));
  const jobs: JobRecord[] = b.jobs.map((j) => ({
    ...j,
    runId,
    status: j.status === 'running' ? 'pending' : j.status,
    updatedAt: now,
  }));
  const unique = new Map<string, JudgmentRecord>();
  for (const j of b.judgments) if (!unique.has(j.cacheKey)) unique.set(j.cacheKey, { ...j });
  let duplicates = b.judgments.length - unique.size;
  let merged = 0;
  await db.transaction('rw', [db.runs, db.answers, db.jobs, db.judgments], async () => {
    const keys = [...unique.keys()];
    const existing = await db.judgments.bulkGet(keys);
    const fresh = keys.flatMap((k, i) => (existing[i] ? [] : [unique.get(k) as JudgmentRecord]));
    duplicates += keys.length - fresh.length;
    merged = fresh.length;
    await db.judgments.bulkAdd(fresh);
    await db.runs.add(run);
    await db.answers.bulkAdd(answers);
    await db.jobs.bulkAdd(jobs);
  });
  return { ok: true, runId, merged, duplicates };
}
