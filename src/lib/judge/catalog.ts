/**
 * The app's own web-llm model records (model-configs/records/*.json, the single source of truth
 * shared with the conversion recipe) and the metadata the app adds to them: label, output
 * format, download size, the largest single GPU buffer the model needs. Pure data; the URL
 * overrides a user sets in Settings are applied by `applyUrlOverrides`, never written back.
 */
import type { OutputFormat } from './engine.ts';
import j7f16 from '../../../model-configs/records/pollux-judge-7b-q4f16_1-MLC.json';
import j7f32 from '../../../model-configs/records/pollux-judge-7b-q4f32_1-MLC.json';
import j4f16 from '../../../model-configs/records/Pollux-4B-Judge-q4f16_1-MLC.json';
import j4f32 from '../../../model-configs/records/Pollux-4B-Judge-q4f32_1-MLC.json';

/** The subset of web-llm's ModelRecord the app writes (kept local so this module never imports web-llm). */
export interface WebLLMModelRecord {
  model: string;
  model_id: string;
  model_lib: string;
  required_features?: string[];
  low_resource_required?: boolean;
  vram_required_MB?: number;
  overrides?: Record<string, number>;
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
  weightsRevision: string;
  libFile: string;
  /** Largest single GPU buffer (the embedding's q_weight); compared with maxBufferSize in preflight. */
  maxBufferBytes: number;
}

export interface AppModel {
  record: WebLLMModelRecord;
  app: AppModelMeta;
}

function asAppModel(json: { record: WebLLMModelRecord; app: Omit<AppModelMeta, 'quantization' | 'outputFormat'> & { quantization: string; outputFormat: string } }): AppModel {
  const { quantization, outputFormat } = json.app;
  if (quantization !== 'q4f16_1' && quantization !== 'q4f32_1') throw new Error(`bad quantization ${quantization}`);
  if (outputFormat !== 'tagged' && outputFormat !== 'bare-number') throw new Error(`bad output format ${outputFormat}`);
  return { record: json.record, app: { ...json.app, quantization, outputFormat } };
}

/** POLLUX-trained judges, f16 before f32 within each family. */
export const APP_MODELS: readonly AppModel[] = [j7f16, j7f32, j4f16, j4f32].map(asAppModel);

export function findAppModel(modelId: string): AppModel | undefined {
  return APP_MODELS.find((m) => m.record.model_id === modelId);
}

/** The two records (f16, f32) of a family. */
export function familyRecords(family: string): { f16?: AppModel; f32?: AppModel } {
  const of = APP_MODELS.filter((m) => m.app.family === family);
  return { f16: of.find((m) => m.app.quantization === 'q4f16_1'), f32: of.find((m) => m.app.quantization === 'q4f32_1') };
}

/** Per-record URL overrides from Settings; empty strings mean "use the default". */
export interface UrlOverride {
  model?: string;
  model_lib?: string;
}
export type UrlOverrides = Record<string, UrlOverride>;

export function applyUrlOverrides(record: WebLLMModelRecord, overrides: UrlOverrides | undefined): WebLLMModelRecord {
  const o = overrides?.[record.model_id];
  if (o === undefined) return record;
  return {
    ...record,
    model: o.model !== undefined && o.model.trim() !== '' ? o.model.trim() : record.model,
    model_lib: o.model_lib !== undefined && o.model_lib.trim() !== '' ? o.model_lib.trim() : record.model_lib,
  };
}
