/**
 * Direct access to web-llm's IndexedDB cache (cacheBackend 'indexeddb'): databases named after
 * the scopes (`webllm/model`, `webllm/config`, `webllm/wasm`), each with one object store
 * `urls` (keyPath `url`) of `{url, data}` where data is an ArrayBuffer, or the parsed JSON for
 * `tensor-cache.json` (ArtifactIndexedDBCache in node_modules/@mlc-ai/web-llm/lib/index.js, 0.2.86). Used to size a model's
 * cache and to import a converted folder. The IDBFactory is a parameter (fake-indexeddb in tests).
 */
export type CacheScope = 'webllm/model' | 'webllm/config' | 'webllm/wasm';

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** Opens a scope database at version 1, creating the `urls` store exactly as web-llm does. */
export function openScope(idb: IDBFactory, scope: CacheScope): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = idb.open(scope, 1);
    r.onupgradeneeded = () => {
      if (!r.result.objectStoreNames.contains('urls')) r.result.createObjectStore('urls', { keyPath: 'url' });
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error(`IndexedDB ${scope} is blocked by another tab`));
  });
}

/** All cached URLs that start with `prefix` (keys only: shards are never read into memory). */
export async function cachedUrls(idb: IDBFactory, scope: CacheScope, prefix: string): Promise<string[]> {
  const db = await openScope(idb, scope);
  try {
    const store = db.transaction('urls', 'readonly').objectStore('urls');
    const keys = await req(store.getAllKeys(IDBKeyRange.bound(prefix, `${prefix}\uffff`)));
    return keys.filter((k): k is string => typeof k === 'string');
  } finally {
    db.close();
  }
}

export async function getCached(idb: IDBFactory, scope: CacheScope, url: string): Promise<unknown> {
  const db = await openScope(idb, scope);
  try {
    const v: unknown = await req(db.transaction('urls', 'readonly').objectStore('urls').get(url));
    return typeof v === 'object' && v !== null && 'data' in v ? (v as { data: unknown }).data : undefined;
  } finally {
    db.close();
  }
}

export async function putCached(idb: IDBFactory, scope: CacheScope, url: string, data: ArrayBuffer | object): Promise<void> {
  const db = await openScope(idb, scope);
  try {
    const tx = db.transaction('urls', 'readwrite');
    tx.objectStore('urls').put({ url, data });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    });
  } finally {
    db.close();
  }
}
