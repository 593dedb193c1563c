/** Public surface of the judge engines: contract, errors, factory, catalog, preflight. */
export * from './engine.ts';
export * from './errors.ts';
export { createEngine, specOf, type CreateEngineOptions } from './factory.ts';
export { OpenAICompatibleEngine, normalizeBaseUrl, type OpenAIEngineOptions } from './openai.ts';
export { WebLLMEngine, type WebLLMEngineOptions } from './webllm/webllm-engine.ts';
export { APP_MODELS, findAppModel, familyRecords, applyUrlOverrides } from './catalog.ts';
export type { AppModel, AppModelMeta, UrlOverride, UrlOverrides, WebLLMModelRecord } from './catalog.ts';
export { mapWebLLMError } from './webllm/errors-map.ts';
export { parseInitProgress, EtaTracker } from './webllm/progress.ts';
