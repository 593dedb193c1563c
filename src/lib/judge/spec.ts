/**
 * JudgeSpec: which judge a run uses, as stored with the run — enough to rebuild the engine after
 * a reload (factory.ts) and to key its judgments (run/cache-key.ts). The judge's id and label are
 * named here once, so every page that shows or stores a judge says the same thing.
 */
import type { OutputFormat } from './engine.ts';

export type JudgeSpec =
  | {
      kind: 'webllm';
      modelId: string;
      weightsRevision: string;
      outputFormat: OutputFormat;
      polluxTrained: boolean;
      /** Context window to load with (tokens); absent: the record's own (8192 for the POLLUX judges). */
      contextWindow?: number;
    }
  | { kind: 'openai'; baseUrl: string; model: string; outputFormat: OutputFormat; polluxTrained: boolean; concurrency: number };

/**
 * The judge's model id: the web-llm model id, or the model name an endpoint serves. Keys the
 * judge's typical error (`judge-error:<id>`) and is what the UI shows as the judge.
 */
export function judgeId(spec: JudgeSpec): string {
  return spec.kind === 'openai' ? spec.model : spec.modelId;
}

/** The judge as the UI names it: the model id, with the endpoint's host for endpoints. */
export function judgeLabel(spec: JudgeSpec): string {
  if (spec.kind === 'webllm') return spec.modelId;
  let host = spec.baseUrl;
  try {
    host = new URL(spec.baseUrl).host;
  } catch {
    // not a URL (old records): show it as stored
  }
  return `${spec.model} @ ${host}`;
}

/**
 * max_tokens a judge gets by default, the same in runs and in the try-out: the tagged judges
 * write a few sentences of feedback (POLLUX's score.py uses 1024); the bare-number 4B judge
 * reasons in <think> first and needs more room.
 */
export function defaultMaxTokens(format: OutputFormat): number {
  return format === 'bare-number' ? 2048 : 1024;
}
