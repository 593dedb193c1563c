/**
 * Cache queries the Models page needs, always against the same URLs the engine uses (record
 * with the user's overrides applied). Status and size read IndexedDB directly (cache-size.ts),
 * so showing the page does not pull in the web-llm bundle; deletion goes through web-llm's own
 * deleteModelAllInfoInCache with the app's one AppConfig (weights, tokenizer, config, wasm).
 */
import { applyUrlOverrides, type UrlOverrides, type WebLLMModelRecord } from '../catalog.ts';
import { loadWebLLM, webllmAppConfig } from './lazy.ts';
import { modelCacheSize, type ModelCacheSize } from './cache-size.ts';
import { cachedUrls } from './cache-idb.ts';

export interface ModelCacheStatus extends ModelCacheSize {
  /** Every shard listed in tensor-cache.json is stored (what web-llm's hasModelInCache checks). */
  complete: boolean;
}

export async function modelCacheStatus(record: WebLLMModelRecord, overrides?: UrlOverrides): Promise<ModelCacheStatus> {
  const r = applyUrlOverrides(record, overrides);
  try {
    const size = await modelCacheSize(indexedDB, r.model);
    return { ...size, complete: size.totalShards !== null && size.cachedShards === size.totalShards };
  } catch {
    return { complete: false, cachedBytes: 0, totalBytes: null, cachedShards: 0, totalShards: null };
  }
}

/** `siteBase`: the page's base URL, so the library cached from the site's own copy is deleted too. */
export async function deleteModelFromCache(modelId: string, overrides?: UrlOverrides, siteBase?: string): Promise<void> {
  const webllm = await loadWebLLM();
  await webllm.deleteModelAllInfoInCache(modelId, webllmAppConfig(webllm, overrides, { siteBase }));
}

/** Whether web-llm's config cache already holds `url` (then the weights were reachable before). */
export async function isConfigCached(url: string): Promise<boolean> {
  try {
    return (await cachedUrls(indexedDB, 'webllm/config', url)).includes(url);
  } catch {
    return false;
  }
}
