/** Shared builders for the run machinery tests: synthetic instructions, settings and an isolated DB. */
import 'fake-indexeddb/auto';
import { openPolluxDB, type PolluxDB } from '../../../src/lib/store/db.ts';
import type { InstructionRow } from '../../../src/lib/pollux/types.ts';
import type { CreateRunInput } from '../../../src/lib/run/index.ts';
import type { RunSettings } from '../../../src/lib/store/run-records.ts';

let counter = 0;
export function freshDB(): PolluxDB {
  counter++;
  return openPolluxDB(`pollux-test-run-${process.pid}-${counter}-${Math.random().toString(36).slice(2)}`);
}

const RUBRIC_3 = '0: Плохо.\n\n1: Средне.\n\n2: Хорошо.';
const RUBRIC_BIN = '0: Нет нарушения.\n\n1: Есть нарушение.';

export const TASK_TYPES = ['Creative', 'QA', 'Code', 'Summarize'];
export const DIFFICULTIES = ['Easy', 'Medium', 'Hard'];

/** `n` instructions over task types × difficulties (skewed so strata differ in size), `criteria` criteria each. */
export function makeInstructions(n: number, criteria = 3, startId = 1): InstructionRow[] {
  return Array.from({ length: n }, (_, i) => {
    const id = startId + i;
    return {
      prompt_id: id,
      instruction: `Напишите текст номер ${id} о погоде.`,
      reference_answer: i % 2 === 0 ? `Эталон ${id}` : null,
      meta: TASK_TYPES[i % 4] === 'Code' ? 'Technical Problems' : 'Creative Generation',
      // Skewed: task type cycles every 4, difficulty by a slower cycle, so strata sizes differ.
      task_type: TASK_TYPES[(i * 7) % 4 === 0 ? 0 : i % 4],
      difficulty: DIFFICULTIES[Math.floor(i / 5) % 3],
      criteria: Array.from({ length: criteria }, (_, c) => ({
        criteria_name: c === 0 ? 'Есть ли критичное нарушение формата?' : `Критерий ${c}`,
        rubrics: c === 0 ? RUBRIC_BIN : RUBRIC_3,
      })),
    };
  });
}

export function makeSettings(over: Partial<RunSettings> = {}): RunSettings {
  return {
    judge: { kind: 'webllm', modelId: 'scripted-valid', weightsRevision: 'rev-1', outputFormat: 'tagged', polluxTrained: true },
    sampling: { temperature: 0, top_p: 1, max_tokens: 512, seed: 42 },
    maxParseRetries: 2,
    answersFrom: { kind: 'candidate', model: 'test-model' },
    datasetKey: 'sample@1',
    orderSeed: 7,
    ...over,
  };
}

export function makeInput(instructions: InstructionRow[], over: Partial<CreateRunInput> = {}): CreateRunInput {
  return {
    name: 'Test run',
    settings: makeSettings(),
    instructions,
    answers: instructions.map((r) => ({ prompt_id: r.prompt_id, answer: `Ответ модели на задание ${r.prompt_id}.` })),
    answerSource: 'import',
    ...over,
  };
}
