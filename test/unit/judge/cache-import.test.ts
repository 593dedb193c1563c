import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { planFolderImport, runFolderImport, stripTopFolder } from '../../../src/lib/judge/webllm/import-folder.ts';
import { modelCacheSize } from '../../../src/lib/judge/webllm/cache-size.ts';
import { getCached } from '../../../src/lib/judge/webllm/cache-idb.ts';
import { buildAppConfig, modelBaseUrl } from '../../../src/lib/judge/webllm/app-config.ts';
import { findAppModel } from '../../../src/lib/judge/catalog.ts';

const rec = findAppModel('pollux-judge-7b-q4f32_1-MLC')!.record;
const tensorCache = { metadata: {}, records: [{ dataPath: 'params_shard_0.bin', nbytes: 10 }, { dataPath: 'params_shard_1.bin', nbytes: 6 }] };
const files = ['mlc-chat-config.json', 'tensor-cache.json', 'tokenizer.json', 'params_shard_0.bin', 'params_shard_1.bin', 'lib.wasm'].map((path) => ({ path, size: 8 }));

describe('web-llm model URLs', () => {
  it('resolves the model base like cleanModelUrl', () => {
    expect(modelBaseUrl('https://huggingface.co/u/m')).toBe('https://huggingface.co/u/m/resolve/main/');
    expect(modelBaseUrl('http://127.0.0.1:5/models/m/resolve/main/')).toBe('http://127.0.0.1:5/models/m/resolve/main/');
  });
  it('builds one AppConfig with overrides applied and the IndexedDB backend', () => {
    const cfg = buildAppConfig([{ model: 'https://x/y', model_id: 'Other-MLC', model_lib: 'https://x/l.wasm' }], {
      [rec.model_id]: { model: 'http://127.0.0.1:9/m', model_lib: '' },
    });
    expect(cfg.cacheBackend).toBe('indexeddb');
    const mine = cfg.model_list.find((r) => r.model_id === rec.model_id)!;
    expect(mine.model).toBe('http://127.0.0.1:9/m');
    expect(mine.model_lib).toBe(rec.model_lib); // empty override = default
    expect(cfg.model_list.map((r) => r.model_id)).toContain('Other-MLC');
  });
});

describe('folder import', () => {
  it('maps every file to the URL and store web-llm reads', () => {
    const plan = planFolderImport(files, tensorCache, rec);
    if (plan.kind !== 'ok') throw new Error(plan.message);
    const base = 'https://huggingface.co/pollux-web/pollux-judge-7b-q4f32_1-MLC/resolve/main/';
    expect(plan.entries.map((e) => [e.path, e.scope, e.url, e.as])).toEqual([
      ['mlc-chat-config.json', 'webllm/config', `${base}mlc-chat-config.json`, 'arraybuffer'],
      ['tensor-cache.json', 'webllm/model', `${base}tensor-cache.json`, 'json'],
      ['tokenizer.json', 'webllm/model', `${base}tokenizer.json`, 'arraybuffer'],
      ['params_shard_0.bin', 'webllm/model', `${base}params_shard_0.bin`, 'arraybuffer'],
      ['params_shard_1.bin', 'webllm/model', `${base}params_shard_1.bin`, 'arraybuffer'],
      ['lib.wasm', 'webllm/wasm', rec.model_lib, 'arraybuffer'],
    ]);
    expect(stripTopFolder('pollux-judge-7b-q4f32_1-MLC/params_shard_0.bin')).toBe('params_shard_0.bin');
  });
  it('names the missing files', () => {
    const plan = planFolderImport(files.filter((f) => f.path !== 'params_shard_1.bin'), tensorCache, rec);
    expect(plan).toMatchObject({ kind: 'error', missing: ['params_shard_1.bin'] });
    expect(planFolderImport(files, { nope: 1 }, rec).kind).toBe('error');
  });
  it('writes into IndexedDB so the cache size and content are what web-llm expects', async () => {
    const plan = planFolderImport(files, tensorCache, rec);
    if (plan.kind !== 'ok') throw new Error(plan.message);
    const enc = new TextEncoder();
    const content: Record<string, string> = { 'tensor-cache.json': JSON.stringify(tensorCache) };
    const seen: number[] = [];
    await runFolderImport(indexedDB, plan, async (p) => enc.encode(content[p] ?? `bytes of ${p}`).buffer as ArrayBuffer, (d) => seen.push(d));
    expect(seen.at(-1)).toBe(plan.totalBytes);
    const base = modelBaseUrl(rec.model);
    expect(await getCached(indexedDB, 'webllm/model', `${base}tensor-cache.json`)).toEqual(tensorCache);
    const shard = await getCached(indexedDB, 'webllm/model', `${base}params_shard_1.bin`);
    expect(new TextDecoder().decode(shard as ArrayBuffer)).toBe('bytes of params_shard_1.bin');
    expect(await modelCacheSize(indexedDB, rec.model)).toEqual({ cachedBytes: 16, totalBytes: 16, cachedShards: 2, totalShards: 2 });
    expect(await modelCacheSize(indexedDB, 'https://huggingface.co/u/absent')).toMatchObject({ cachedBytes: 0, totalBytes: null });
  });
});
