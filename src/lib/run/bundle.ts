/**
 * Run bundles: a whole run as one JSON value (RunBundle) that another machine imports.
 *
 * A bundle is foreign data. After the shape check (bundle-validate.ts) every job's cache key is
 * recomputed from the bundle's own instructions, answers and settings, and every judgment must
 * be the result of one of the bundle's attempts — but a key only proves which work a judgment
 * claims to be, not that the text is what a judge wrote: edited outputs keep intact keys. So the
 * imported judgments are stored apart (importedKey: per imported run), shown with their
 * provenance, and never answer this machine's own jobs unless the user trusts them
 * (trustImportedRun copies them into the cache). A run that judges through an endpoint names
 * that endpoint in the bundle: nothing is sent there before the user confirms it
 * (confirmImportedEndpoint). The import is one transaction: all of it lands, or none.
 */
import type { PolluxDB } from '../store/db.ts';
import type { AnswerRecord, AttemptMode, JobRecord, JudgmentRecord, RunRecord } from '../store/run-records.ts';
import { attemptKey, importedKey } from './cache-key.ts';
import { storedAttemptRequests } from './attempts.ts';
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
  // An imported run's own judgments live under importedKey; they travel under their content key.
  const stored = (j: JobRecord, k: string): string => (j.imported === true ? importedKey(runId, k) : k);
  const keys = new Map<string, string>();
  for (const j of jobs) {
    for (const k of j.attemptKeys ?? []) keys.set(stored(j, k), k);
    if (j.resultKey) keys.set(stored(j, j.resultKey), j.resultKey);
  }
  const storedKeys = [...keys.keys()];
  const found = await db.judgments.bulkGet(storedKeys);
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
    judgments: found.flatMap((j, i) =>
      j
        ? [
            {
              cacheKey: keys.get(storedKeys[i]) ?? j.cacheKey,
              raw: j.raw,
              createdAt: j.createdAt,
              ...(j.usage ? { usage: j.usage } : {}),
              ...(j.finish ? { finish: j.finish } : {}),
            },
          ]
        : [],
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
    ...(j.attemptModes ? { attemptModes: j.attemptModes } : {}),
    ...(j.resultKey ? { resultKey: j.resultKey } : {}),
    ...(j.cached !== undefined ? { cached: j.cached } : {}),
    ...(j.truncated ? { truncated: j.truncated } : {}),
    ...(j.error ? { error: j.error } : {}),
  };
}

const MODES: readonly AttemptMode[] = ['free', 'grammar', 'regex', 'temperature'];
const CUTS = ['length', 'no-finish'];

/** Fields this module relies on that the shape check leaves to it (they carry meaning, not just shape). */
function checkModes(b: RunBundle, add: (path: string, message: string) => void): void {
  const s = b.run.settings as unknown as Record<string, unknown>;
  if (s['constrainAll'] !== undefined && typeof s['constrainAll'] !== 'boolean') add('run.settings.constrainAll', 'expected true or false');
  const stop = s['precisionStop'];
  if (stop !== undefined && !(typeof stop === 'number' && stop > 0 && stop < 1)) add('run.settings.precisionStop', 'expected a number between 0 and 1');
  b.jobs.forEach((job, i) => {
    const modes: unknown = job.attemptModes;
    if (modes !== undefined) {
      if (!Array.isArray(modes) || modes.length !== job.attemptKeys.length || !modes.every((m) => MODES.includes(m as AttemptMode))) {
        add(`jobs[${i}].attemptModes`, `expected one of ${MODES.join(', ')} per attempt key`);
      }
    }
    if (job.truncated !== undefined && !CUTS.includes(job.truncated)) add(`jobs[${i}].truncated`, 'expected "length" or "no-finish"');
  });
  b.judgments.forEach((j, i) => {
    if (j.finish !== undefined && !CUTS.includes(j.finish)) add(`judgments[${i}].finish`, 'expected "length" or "no-finish"');
  });
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
  checkModes(b, add);
  if (issues.length > 0) return issues;

  const strata: Record<number, string> = {};
  for (const a of b.answers) if (a.stratum) strata[a.prompt_id] = a.stratum;
  const expanded = await expandRun({ settings: b.run.settings, instructions: b.instructions, answers: b.answers, strata });
  const expected = new Map<string, ExpandedJob>(expanded.jobs.map((j) => [j.jobId, j]));
  const judgmentKeys = new Set(b.judgments.map((j) => j.cacheKey));
  const allowedKeys = new Set<string>();
  const seenJobs = new Set<string>();
  const s = b.run.settings;
  const byId = new Map(b.instructions.map((r) => [r.prompt_id, r]));
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
    // Bundles made before decoding modes existed decoded every attempt freely.
    const modes = job.attemptModes ?? job.attemptKeys.map((): AttemptMode => 'free');
    const rubrics = byId.get(job.prompt_id)?.criteria[job.criterionIndex]?.rubrics;
    const requests = storedAttemptRequests(s, rubrics, modes);
    for (const [k, key] of job.attemptKeys.entries()) {
      const r = requests[k];
      const want = r === undefined ? '' : await attemptKey(s, e.prompt, r.sampling, r.constraint);
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

export interface ImportOptions {
  /** Where the bundle came from (a file name), shown as its provenance. */
  from?: string;
  now?: number;
}

/**
 * Imports a bundle as a new run (its own id, so importing twice gives two runs) with its
 * judgments stored apart, as that run's own (see BundleImportResult for what it reports).
 */
export async function importRunBundle(db: PolluxDB, input: unknown, opts: ImportOptions | number = {}): Promise<BundleImportResult> {
  const shaped = validateBundleShape(input);
  if (!shaped.ok) return shaped;
  const errors = await checkMeaning(shaped.bundle);
  if (errors.length > 0) return { ok: false, errors };
  return storeRunBundle(db, shaped.bundle, opts);
}

/**
 * Stores a bundle as a new run without checking it: only for a bundle this code built from
 * already-validated input (a scores.json: its jobs and keys come from expandRun itself), where
 * recomputing every key a second time doubled the import of a full-size file. A file from
 * elsewhere always goes through importRunBundle.
 */
export async function storeRunBundle(db: PolluxDB, b: RunBundle, opts: ImportOptions | number = {}): Promise<BundleImportResult> {
  const { from = 'a run bundle', now = Date.now() } = typeof opts === 'number' ? { now: opts } : opts;
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
    imported: { from, at: now, exportedAt: b.exportedAt },
  };
  const answers: AnswerRecord[] = b.answers.map((a) => ({
    runId,
    prompt_id: a.prompt_id,
    answer: a.answer,
    source: b.run.answerSource,
    instruction: byId.get(a.prompt_id),
    ...(a.stratum ? { stratum: a.stratum } : {}),
  }));
  // Only the fields a job has are taken from the file (never a stray one such as `runId`).
  const jobs: JobRecord[] = b.jobs.map((j) => ({
    runId,
    jobId: j.jobId,
    order: j.order,
    prompt_id: j.prompt_id,
    criterionIndex: j.criterionIndex,
    criteria_name: j.criteria_name,
    status: j.status === 'running' ? 'pending' : j.status,
    cacheKey: j.cacheKey,
    attempts: j.attempts,
    attemptKeys: j.attemptKeys,
    updatedAt: now,
    ...(j.attemptModes ? { attemptModes: j.attemptModes } : {}),
    ...(j.resultKey ? { resultKey: j.resultKey } : {}),
    ...(j.cached !== undefined ? { cached: j.cached } : {}),
    ...(j.truncated ? { truncated: j.truncated } : {}),
    ...(j.error ? { error: { code: j.error.code, message: j.error.message } } : {}),
    // Its judgments (if any) are the bundle's, read from importedKey.
    ...(j.attemptKeys.length > 0 ? { imported: true } : {}),
  }));
  const unique = new Map<string, JudgmentRecord>();
  for (const j of b.judgments) {
    if (unique.has(j.cacheKey)) continue;
    unique.set(j.cacheKey, {
      cacheKey: importedKey(runId, j.cacheKey),
      raw: j.raw,
      createdAt: j.createdAt,
      ...(j.usage ? { usage: { promptTokens: j.usage.promptTokens, completionTokens: j.usage.completionTokens } } : {}),
      ...(j.finish ? { finish: j.finish } : {}),
      importedFrom: from,
    });
  }
  let duplicates = b.judgments.length - unique.size;
  let earlier: string | undefined;
  await db.transaction('rw', [db.runs, db.answers, db.jobs, db.judgments], async () => {
    const local = await db.judgments.bulkGet([...unique.keys()]);
    duplicates += local.filter((x) => x !== undefined).length;
    const before = await db.runs.filter((r) => r.imported?.exportedAt === b.exportedAt && r.createdAt === b.run.createdAt && r.name === b.run.name).first();
    earlier = before?.name;
    await db.judgments.bulkAdd([...unique.values()]);
    await db.runs.add(run);
    await db.answers.bulkAdd(answers);
    await db.jobs.bulkAdd(jobs);
  });
  return { ok: true, runId, stored: unique.size, duplicates, ...(earlier !== undefined ? { earlier } : {}) };
}

/**
 * The user's choice to let an imported run's judgments answer this machine's own jobs: they are
 * copied into the cache under their content keys (where this machine has none of its own).
 * Returns how many were added.
 */
export async function trustImportedRun(db: PolluxDB, runId: string): Promise<number> {
  return db.transaction('rw', db.runs, db.judgments, async () => {
    const run = await db.runs.get(runId);
    if (!run?.imported) return 0;
    const prefix = importedKey(runId, '');
    const mine = await db.judgments.where('cacheKey').between(prefix, `${prefix}\uffff`).toArray();
    const plain = mine.map((j) => ({ ...j, cacheKey: j.cacheKey.slice(prefix.length) }));
    const existing = await db.judgments.bulkGet(plain.map((j) => j.cacheKey));
    const fresh = plain.filter((_, i) => existing[i] === undefined);
    await db.judgments.bulkAdd(fresh);
    await db.runs.update(runId, { imported: { ...run.imported, trustedAsCache: true } });
    return fresh.length;
  });
}

/** The user confirmed that an imported run may send its prompts to the endpoint it names. */
export async function confirmImportedEndpoint(db: PolluxDB, runId: string): Promise<void> {
  await db.transaction('rw', db.runs, async () => {
    const run = await db.runs.get(runId);
    if (run?.imported) await db.runs.update(runId, { imported: { ...run.imported, endpointConfirmed: true } });
  });
}

/** Whether starting this run would send prompts to an endpoint the user has not confirmed. */
export function needsEndpointConfirmation(run: RunRecord): boolean {
  return run.imported !== undefined && run.imported.endpointConfirmed !== true && run.settings.judge.kind === 'openai';
}
