/**
 * Import of a converted model folder (the output of model-configs/convert) from disk into
 * web-llm's IndexedDB cache, under exactly the URLs web-llm will request for the record — so
 * the model then loads with no network at all. `planFolderImport` is the pure URL mapping;
 * `runFolderImport` writes the files one by one (never all in memory), with progress.
 *
 * Mapping (bundle: reloadInternal, asyncLoadTokenizer, fetchTensorCache):
 *   mlc-chat-config.json   → webllm/config  <base>mlc-chat-config.json   (ArrayBuffer)
 *   tensor-cache.json      → webllm/model   <base>tensor-cache.json      (parsed JSON)
 *   tokenizer.json         → webllm/model   <base>tokenizer.json         (ArrayBuffer)
 *   each records[].dataPath→ webllm/model   <base><dataPath>             (ArrayBuffer)
 *   *.wasm (optional)      → webllm/wasm    <record.model_lib>           (ArrayBuffer)
 * where <base> is web-llm's cleanModelUrl(record.model).
 */
import type { WebLLMModelRecord } from '../catalog.ts';
import { modelBaseUrl } from './app-config.ts';
import { putCached, type CacheScope } from './cache-idb.ts';
import { tensorRecords } from './cache-size.ts';

export interface FolderFile {
  /** Path inside the folder, e.g. `params_shard_0.bin` (the top folder name already stripped). */
  path: string;
  size: number;
}

export interface ImportEntry {
  path: string;
  scope: CacheScope;
  url: string;
  as: 'arraybuffer' | 'json';
  size: number;
}

export type ImportPlan =
  | { kind: 'ok'; entries: ImportEntry[]; totalBytes: number }
  | { kind: 'error'; missing: string[]; message: string };

/** `pollux-judge-7b-q4f16_1-MLC/params_shard_0.bin` → `params_shard_0.bin` (webkitRelativePath). */
export function stripTopFolder(relativePath: string): string {
  const i = relativePath.indexOf('/');
  return i === -1 ? relativePath : relativePath.slice(i + 1);
}

export function planFolderImport(
  files: readonly FolderFile[],
  tensorCacheJson: unknown,
  record: WebLLMModelRecord,
): ImportPlan {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const records = tensorRecords(tensorCacheJson);
  if (records === null) {
    return { kind: 'error', missing: ['tensor-cache.json'], message: 'tensor-cache.json is missing or has no `records` list.' };
  }
  const base = modelBaseUrl(record.model);
  const need: Array<Omit<ImportEntry, 'size'>> = [
    { path: 'mlc-chat-config.json', scope: 'webllm/config', url: new URL('mlc-chat-config.json', base).href, as: 'arraybuffer' },
    { path: 'tensor-cache.json', scope: 'webllm/model', url: new URL('tensor-cache.json', base).href, as: 'json' },
    { path: 'tokenizer.json', scope: 'webllm/model', url: new URL('tokenizer.json', base).href, as: 'arraybuffer' },
    ...records.map((r) => ({ path: r.dataPath, scope: 'webllm/model' as const, url: new URL(r.dataPath, base).href, as: 'arraybuffer' as const })),
  ];
  const missing = need.filter((n) => !byPath.has(n.path)).map((n) => n.path);
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ` (+${missing.length - 5})` : '');
    return { kind: 'error', missing, message: `The folder lacks files of the converted model: ${shown}.` };
  }
  const entries: ImportEntry[] = need.map((n) => ({ ...n, size: byPath.get(n.path)?.size ?? 0 }));
  const wasm = files.find((f) => f.path.endsWith('.wasm') && !f.path.includes('/'));
  if (wasm !== undefined) entries.push({ path: wasm.path, scope: 'webllm/wasm', url: record.model_lib, as: 'arraybuffer', size: wasm.size });
  return { kind: 'ok', entries, totalBytes: entries.reduce((n, e) => n + e.size, 0) };
}

export async function runFolderImport(
  idb: IDBFactory,
  plan: Extract<ImportPlan, { kind: 'ok' }>,
  read: (path: string) => Promise<ArrayBuffer>,
  onProgress?: (doneBytes: number, totalBytes: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  let done = 0;
  for (const e of plan.entries) {
    if (signal?.aborted) throw new DOMException('Import cancelled', 'AbortError');
    const buf = await read(e.path);
    const data: ArrayBuffer | object = e.as === 'json' ? (JSON.parse(new TextDecoder().decode(buf)) as object) : buf;
    await putCached(idb, e.scope, e.url, data);
    done += e.size;
    onProgress?.(done, plan.totalBytes);
  }
}
