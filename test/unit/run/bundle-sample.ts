/** A small well-formed run bundle for the validation and fuzz tests (no database needed). */
import { expandRun, RUN_BUNDLE_FORMAT, RUN_BUNDLE_VERSION, type RunBundle } from '../../../src/lib/run/index.ts';
import { makeInstructions, makeSettings } from './fixtures.ts';

/** A well-formed bundle of `n` instructions × `criteria` criteria, built without a database. */
export async function sampleBundle(n = 3, criteria = 2, answer = (id: number) => `ответ ${id}`): Promise<RunBundle> {
  const settings = makeSettings();
  const instructions = makeInstructions(n, criteria);
  const answers = instructions.map((i) => ({ prompt_id: i.prompt_id, answer: answer(i.prompt_id) }));
  const expanded = await expandRun({ settings, instructions, answers });
  return {
    format: RUN_BUNDLE_FORMAT,
    version: RUN_BUNDLE_VERSION,
    exportedAt: new Date(0).toISOString(),
    run: { id: 'r1', name: 'run', createdAt: 1, status: 'done', settings, answerSource: 'import' },
    instructions,
    answers,
    jobs: expanded.jobs.map((j) => ({
      jobId: j.jobId,
      order: j.order,
      prompt_id: j.prompt_id,
      criterionIndex: j.criterionIndex,
      criteria_name: j.criteria_name,
      status: 'done',
      cacheKey: j.cacheKey,
      attempts: 1,
      attemptKeys: [j.cacheKey],
      resultKey: j.cacheKey,
    })),
    judgments: expanded.jobs.map((j) => ({ cacheKey: j.cacheKey, raw: '[FEEDBACK] ok [RESULT] 1 [END]', createdAt: 1 })),
  };
}

