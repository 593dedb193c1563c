/**
 * Builds the one web-llm AppConfig the app uses everywhere (engine, cache queries, deletion,
 * folder import): the app's POLLUX records with the user's URL overrides, then web-llm's
 * prebuilt records as generic judges, with the IndexedDB cache backend. Cache utilities must
 * get this same object, or they look in the wrong backend and the wrong URLs (web-llm 0.2.86 keys
 * its caches by the record URLs of the AppConfig it is given: node_modules/@mlc-ai/web-llm/lib/index.js).
 * Pure: the prebuilt list is passed in by the caller that imported web-llm.
 */
import { APP_MODELS, applyUrlOverrides, type UrlOverrides, type WebLLMModelRecord } from '../catalog.ts';

export interface AppConfigLike {
  model_list: WebLLMModelRecord[];
  cacheBackend: 'indexeddb';
}

export function buildAppConfig(prebuilt: readonly WebLLMModelRecord[], overrides?: UrlOverrides): AppConfigLike {
  const ours = APP_MODELS.map((m) => applyUrlOverrides(m.record, overrides));
  const ids = new Set(ours.map((r) => r.model_id));
  return {
    model_list: [...ours, ...prebuilt.filter((r) => !ids.has(r.model_id))],
    cacheBackend: 'indexeddb',
  };
}

/** web-llm's cleanModelUrl: the base every model file URL is resolved against. */
export function modelBaseUrl(model: string): string {
  let u = model.endsWith('/') ? model : `${model}/`;
  if (!/.+\/resolve\/.+\//.test(u)) u += 'resolve/main/';
  return new URL(u).href;
}

/** Only text-generation (LLM) prebuilt records can judge; embeddings and VLMs are left out. */
export function isGenericJudgeCandidate(r: { model_id: string; model_type?: number }): boolean {
  return (r.model_type === undefined || r.model_type === 0) && !/embed/i.test(r.model_id);
}
