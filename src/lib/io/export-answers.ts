/**
 * answers.json exactly as POLLUX's answer.py writes it: `{model, dataset, split, num_samples,
 * answers: [{prompt_id, answer}]}`, pretty-printed like `json.dump(..., ensure_ascii=False,
 * indent=2)` (JSON.stringify with 2 spaces produces the same bytes for these shapes: Cyrillic
 * kept as is, control characters escaped the same way).
 */
import type { AnswerEntry, AnswersFile } from '../pollux/types.ts';

export const POLLUX_INSTRUCTIONS_DATASET = 'ai-forever/POLLUX-instructions';
export const POLLUX_INSTRUCTIONS_SPLIT = 'train';

export interface AnswersExportOptions {
  dataset?: string;
  split?: string;
}

export function buildAnswersFile(model: string, answers: readonly AnswerEntry[], opts: AnswersExportOptions = {}): AnswersFile {
  return {
    model,
    dataset: opts.dataset ?? POLLUX_INSTRUCTIONS_DATASET,
    split: opts.split ?? POLLUX_INSTRUCTIONS_SPLIT,
    num_samples: answers.length,
    // Fresh objects with only the two fields, in answer.py's key order.
    answers: answers.map((a) => ({ prompt_id: a.prompt_id, answer: a.answer })),
  };
}

export function answersJson(model: string, answers: readonly AnswerEntry[], opts: AnswersExportOptions = {}): string {
  return JSON.stringify(buildAnswersFile(model, answers, opts), null, 2);
}

/** answer.py's result folder name: `results/<model with "/"→"-">/answers.json`. */
export function modelDirName(model: string): string {
  return model.replaceAll('/', '-');
}
