/**
 * Creating a run: the input is expanded into jobs (expand.ts) and the run, its answers (with the
 * instruction snapshots) and its jobs are written in one transaction — a run exists whole or not
 * at all.
 */
import type { PolluxDB } from '../store/db.ts';
import type { AnswerRecord, JobRecord, RunRecord, RunSettings } from '../store/run-records.ts';
import { expandRun } from './expand.ts';
import { newRunId } from './ids.ts';
import type { CreateRunInput } from './types.ts';

export class RunInputError extends Error {
  override readonly name = 'RunInputError';
}

/**
 * The settings to store: a planner sample (`sampleIds`) that left out chosen instructions records
 * how many were chosen (`sampledFrom`), so Results and Metrics can say the estimates come from a
 * sample of n of N — the stored run holds only the n sampled instructions.
 */
function withSampledFrom(input: CreateRunInput, kept: number): RunSettings {
  if (!input.sampleIds) return input.settings;
  // Counted here, from the input itself, rather than trusted from the caller.
  const { sampledFrom: _given, ...settings } = input.settings;
  const answered = new Set(input.answers.map((a) => a.prompt_id));
  const chosen = new Set(input.instructions.filter((r) => answered.has(r.prompt_id)).map((r) => r.prompt_id)).size;
  return chosen > kept ? { ...settings, sampledFrom: chosen } : settings;
}

export async function createRun(db: PolluxDB, input: CreateRunInput, now: number = Date.now()): Promise<string> {
  const expanded = await expandRun(input);
  if (expanded.jobs.length === 0) {
    throw new RunInputError(
      expanded.skippedNoAnswer.length > 0
        ? `No instruction has an answer (${expanded.skippedNoAnswer.length} without one).`
        : 'Nothing to judge: no instruction with criteria was chosen.',
    );
  }
  const runId = newRunId(now);
  const run: RunRecord = {
    id: runId,
    name: input.name,
    createdAt: now,
    updatedAt: now,
    status: 'queued',
    settings: withSampledFrom(input, expanded.instructions.length),
    total: expanded.jobs.length,
    skippedNoAnswer: expanded.skippedNoAnswer,
    answerSource: input.answerSource,
  };
  const answers: AnswerRecord[] = expanded.instructions.map((i) => ({
    runId,
    prompt_id: i.row.prompt_id,
    answer: i.answer,
    source: input.answerSource,
    instruction: i.row,
    stratum: i.stratum,
  }));
  const jobs: JobRecord[] = expanded.jobs.map((j) => ({
    runId,
    jobId: j.jobId,
    order: j.order,
    status: 'pending',
    cacheKey: j.cacheKey,
    attempts: 0,
    updatedAt: now,
    prompt_id: j.prompt_id,
    criterionIndex: j.criterionIndex,
    criteria_name: j.criteria_name,
    attemptKeys: [],
  }));
  await db.transaction('rw', db.runs, db.answers, db.jobs, async () => {
    await db.runs.add(run);
    await db.answers.bulkAdd(answers);
    await db.jobs.bulkAdd(jobs);
  });
  return runId;
}
