/**
 * Size of one model in web-llm's IndexedDB cache. Reading every shard (4+ GB) to measure it is
 * out of the question, so: the cached `tensor-cache.json` lists each shard's `dataPath` and
 * `nbytes`; the shard keys present in `webllm/model` (a key-only query) say which are stored;
 * the size is the sum of `nbytes` over stored shards. This is exact for the weights and also
 * tells how far a partial download got (resume). Tokenizer, config and wasm (a few MB) are
 * not counted.
 */
import { cachedUrls, getCached } from './cache-idb.ts';
import { modelBaseUrl } from './app-config.ts';

export interface TensorCacheRecord {
  dataPath: string;
  nbytes: number;
}

export interface ModelCacheSize {
  /** Bytes of the shards already stored. */
  cachedBytes: number;
  /** Bytes of all shards, when tensor-cache.json is cached (else null: nothing known yet). */
  totalBytes: number | null;
  cachedShards: number;
  totalShards: number | null;
}

/** The `records` of a tensor-cache.json object, validated. */
export function tensorRecords(json: unknown): TensorCacheRecord[] | null {
  const recs = typeof json === 'object' && json !== null ? (json as { records?: unknown }).records : undefined;
  if (!Array.isArray(recs)) return null;
  const out: TensorCacheRecord[] = [];
  for (const r of recs) {
    if (typeof r !== 'object' || r === null) return null;
    const { dataPath, nbytes } = r as { dataPath?: unknown; nbytes?: unknown };
    if (typeof dataPath !== 'string' || typeof nbytes !== 'number') return null;
    out.push({ dataPath, nbytes });
  }
  return out;
}

export async function modelCacheSize(idb: IDBFactory, modelUrl: string): Promise<ModelCacheSize> {
  const base = modelBaseUrl(modelUrl);
  const present = new Set(await cachedUrls(idb, 'webllm/model', base));
  const records = tensorRecords(await getCached(idb, 'webllm/model', new URL('tensor-cache.json', base).href));
  if (records === null) return { cachedBytes: 0, totalBytes: null, cachedShards: 0, totalShards: null };
  let cachedBytes = 0;
  let cachedShards = 0;
  let totalBytes = 0;
  for (const r of records) {
    totalBytes += r.nbytes;
    if (present.has(new URL(r.dataPath, base).href)) {
      cachedBytes += r.nbytes;
      cachedShards += 1;
    }
  }
  return { cachedBytes, totalBytes, cachedShards, totalShards: records.length };
}
