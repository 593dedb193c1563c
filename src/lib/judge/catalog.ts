/**
 * The app's own web-llm model records (model-configs/records/*.json, the single source of truth
 * shared with the conversion recipe and the publish workflow) and the metadata the app adds to
 * them: label, output format, download size, the largest single GPU buffer the model needs, the
 * commit of the published weights, the KV-cache size per token. Pure data; the URL overrides a
 * user sets in Settings are applied by `applyUrlOverrides`, never written back.
 */
import type { OutputFormat } from './engine.ts';
import j7f16 from '../../../model-configs/records/pollux-judge-7b-q4f16_1-MLC.json';
import j7f32 from '../../../model-configs/records/pollux-judge-7b-q4f32_1-MLC.json';
import j4f16 from '../../../model-configs/records/Pollux-4B-Judge-q4f16_1-MLC.json';
import j4f32 from '../../../model-configs/records/Pollux-4B-Judge-q4f32_1-MLC.json';

/**
 * web-llm's ModelRecord, kept local so this module never imports web-llm. The fields the app
 * writes are typed; web-llm's prebuilt records carry more (sliding_window_size in `overrides`,
 * `model_manifest`, `integrity`, …), and those pass through untouched.
 */
export interface WebLLMModelRecord {
  model: string;
  model_id: string;
  model_lib: string;
  required_features?: string[];
  low_resource_required?: boolean;
  vram_required_MB?: number;
  buffer_size_required_bytes?: number;
  model_type?: number;
  model_manifest?: string;
  integrity?: { config?: string; model_lib?: string; tokenizer?: Record<string, string>; onFailure?: 'error' | 'warn' };
  overrides?: Record<string, unknown>;
}

export interface AppModelMeta {
  family: string;
  label: string;
  quantization: 'q4f16_1' | 'q4f32_1';
  /** The Hugging Face model the weights were converted from. */
  source: string;
  outputFormat: OutputFormat;
  polluxTrained: boolean;
  downloadMB: number;
  /** The commit of the published weights repository; null until the publish workflow has run. */
  weightsCommit: string | null;
  /** `<model_id>@<commit>` (or `@unpublished`): what the judgment cache keys carry. */
  weightsRevision: string;
  libFile: string;
  /** Largest single GPU buffer (the embedding's q_weight); compared with web-llm's requested limits in preflight. */
  maxBufferBytes: number;
  /** KV cache per token of context (layers × 2 × KV heads × head dim × bytes): the memory a larger window costs. */
  kvBytesPerToken: number;
  /** The chat template's `enable_thinking` as the recipe recorded it; null: the template has no such switch. */
  enableThinking: boolean | null;
}

export interface AppModel {
  record: WebLLMModelRecord;
  app: AppModelMeta;
}

type RecordFile = {
  record: WebLLMModelRecord;
  app: Omit<AppModelMeta, 'quantization' | 'outputFormat' | 'weightsRevision' | 'weightsCommit' | 'enableThinking'> & {
    quantization: string;
    outputFormat: string;
    weightsCommit: string | null;
    enableThinking: boolean | null;
  };
};

function asAppModel(json: RecordFile): AppModel {
  const { quantization, outputFormat, weightsCommit } = json.app;
  if (quantization !== 'q4f16_1' && quantization !== 'q4f32_1') throw new Error(`bad quantization ${quantization}`);
  if (outputFormat !== 'tagged' && outputFormat !== 'bare-number') throw new Error(`bad output format ${outputFormat}`);
  const weightsRevision = `${json.record.model_id}@${weightsCommit ?? 'unpublished'}`;
  return { record: json.record, app: { ...json.app, quantization, outputFormat, weightsRevision } };
}

/** POLLUX-trained judges, f16 before f32 within each family. */
export const APP_MODELS: readonly AppModel[] = [j7f16, j7f32, j4f16, j4f32].map((j) => asAppModel(j as RecordFile));

export function findAppModel(modelId: string): AppModel | undefined {
  return APP_MODELS.find((m) => m.record.model_id === modelId);
}

/** The two records (f16, f32) of a family. */
export function familyRecords(family: string): { f16?: AppModel; f32?: AppModel } {
  const of = APP_MODELS.filter((m) => m.app.family === family);
  return { f16: of.find((m) => m.app.quantization === 'q4f16_1'), f32: of.find((m) => m.app.quantization === 'q4f32_1') };
}

/** Context sizes offered per local judge; the first is the default the records are built for. */
export const CONTEXT_SIZES = [8192, 16384, 32768] as const;
export const DEFAULT_CONTEXT = CONTEXT_SIZES[0];

/** Extra GPU memory a context of `tokens` needs over the default one, in bytes. */
export function extraContextBytes(model: AppModel, tokens: number): number {
  return Math.max(0, tokens - DEFAULT_CONTEXT) * model.app.kvBytesPerToken;
}

/** Per-record URL overrides from Settings; empty strings mean "use the default". */
export interface UrlOverride {
  model?: string;
  model_lib?: string;
}
export type UrlOverrides = Record<string, UrlOverride>;

function overrideOf(o: string | undefined): string | null {
  return o !== undefined && o.trim() !== '' ? o.trim() : null;
}

export function applyUrlOverrides(record: WebLLMModelRecord, overrides: UrlOverrides | undefined): WebLLMModelRecord {
  const o = overrides?.[record.model_id];
  if (o === undefined) return record;
  return {
    ...record,
    model: overrideOf(o.model) ?? record.model,
    model_lib: overrideOf(o.model_lib) ?? record.model_lib,
  };
}

/** Whether the user points this record's library somewhere else than the site's own copy. */
export function hasLibOverride(modelId: string, overrides: UrlOverrides | undefined): boolean {
  return overrideOf(overrides?.[modelId]?.model_lib) !== null;
}

/**
 * The weights revision a run records: the published commit, or — when the user points the
 * weights at another URL — that URL, so other weights never share cache keys.
 */
export function weightsRevisionOf(model: AppModel, overrides: UrlOverrides | undefined): string {
  const url = overrideOf(overrides?.[model.record.model_id]?.model);
  return url !== null ? `${model.record.model_id}@url:${url}` : model.app.weightsRevision;
}
