/**
 * Builds the one web-llm AppConfig the app uses everywhere (engine, cache queries, deletion,
 * folder import): the app's POLLUX records with the user's URL overrides and the site's own copy
 * of each library, then web-llm's prebuilt records — unchanged — as generic judges, with the
 * IndexedDB cache backend. Cache utilities must get this same object, or they look in the wrong
 * backend and at the wrong URLs. Pure: the prebuilt list is passed in by the caller that
 * imported web-llm. (web-llm 0.2.86 keys its caches by the record URLs of the AppConfig it is
 * given: node_modules/@mlc-ai/web-llm/lib/index.js.)
 */
import { APP_MODELS, applyUrlOverrides, hasLibOverride, type AppModel, type UrlOverrides, type WebLLMModelRecord } from '../catalog.ts';
import { siteLibraryUrl } from './libraries.ts';

export interface AppConfigLike {
  model_list: WebLLMModelRecord[];
  cacheBackend: 'indexeddb';
}

/**
 * A POLLUX record as web-llm loads it: the user's URLs where set; otherwise, when the site's
 * base URL is known, the library copy the site serves (libraries.ts).
 */
export function appRecordFor(m: AppModel, overrides: UrlOverrides | undefined, siteBase: string | undefined): WebLLMModelRecord {
  const r = applyUrlOverrides(m.record, overrides);
  if (siteBase === undefined || hasLibOverride(m.record.model_id, overrides)) return r;
  return { ...r, model_lib: siteLibraryUrl(m.app.libFile, siteBase) };
}

export interface AppConfigOptions {
  siteBase?: string;
  /** A record to use instead of the app's own one of the same id (the engine's, with its library SRI). */
  replace?: WebLLMModelRecord;
}

export function buildAppConfig(prebuilt: readonly WebLLMModelRecord[], overrides?: UrlOverrides, opts: AppConfigOptions = {}): AppConfigLike {
  const ours = APP_MODELS.map((m) => (opts.replace?.model_id === m.record.model_id ? opts.replace : appRecordFor(m, overrides, opts.siteBase)));
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
