import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LazyReader } from '../../../src/lib/data/lazy-reader.ts';
import type { DataReader } from '../../../src/lib/data/reader.ts';
import { DEFAULT_READ_OPTIONS, type ReadOptions } from '../../../src/lib/data/options.ts';

function fakeReader(log: string[]): DataReader {
  return {
    storesChunks: false,
    setOptions: (o: ReadOptions) => log.push(`options ${o.concurrency}`),
    open: async () => {
      log.push('open');
      return { layout: { kind: 'other', name: 'f', size: 1, columns: [], numRows: 0, rowGroups: [] }, tail: { start: 0, bytes: new ArrayBuffer(0), size: 1 } } as unknown as Awaited<ReturnType<DataReader['open']>>;
    },
    instructions: async () => (log.push('instructions'), []),
    experts: async () => void log.push('experts'),
    details: async () => (log.push('details'), []),
  };
}

describe('LazyReader', () => {
  it('loads its reader on the first call, once, with the options set before', async () => {
    const log: string[] = [];
    let loads = 0;
    const r = new LazyReader(async () => (loads++, fakeReader(log)));
    r.setOptions({ ...DEFAULT_READ_OPTIONS, concurrency: 3 });
    expect(loads).toBe(0);
    await r.instructions({ kind: 'url', name: 'a', url: 'u' });
    await r.details({ kind: 'url', name: 'a', url: 'u' }, undefined, []);
    r.setOptions({ ...DEFAULT_READ_OPTIONS, concurrency: 5 });
    await Promise.resolve();
    await Promise.resolve();
    expect(loads).toBe(1);
    expect(log).toEqual(['options 3', 'instructions', 'details', 'options 5']);
  });

  it('says whether the reader it will make stores chunks, before making it (the expert worker started on first read)', async () => {
    const log: string[] = [];
    let made = 0;
    const r = new LazyReader(async () => (made++, { ...fakeReader(log), storesChunks: true }), { storesChunks: true });
    expect(r.storesChunks).toBe(true);
    expect(new LazyReader(async () => fakeReader(log)).storesChunks).toBe(false);
    expect(made).toBe(0);
    await r.experts([], () => undefined);
    expect(made).toBe(1);
    expect(log).toEqual(['experts']);
  });

  it('tries the import again after it failed', async () => {
    let loads = 0;
    const r = new LazyReader(async () => {
      loads++;
      if (loads === 1) throw new Error('chunk missing');
      return fakeReader([]);
    });
    await expect(r.instructions({ kind: 'url', name: 'a', url: 'u' })).rejects.toThrow('chunk missing');
    await expect(r.instructions({ kind: 'url', name: 'a', url: 'u' })).resolves.toEqual([]);
    expect(loads).toBe(2);
  });
});

describe('src/lib/data/index.ts', () => {
  it('exports the parquet readers as types only, so the page start-up script carries no hyparquet', () => {
    const barrel = readFileSync(new URL('../../../src/lib/data/index.ts', import.meta.url), 'utf8');
    for (const m of ['reader', 'decode', 'parquet-file', 'stream', 'pieces']) {
      const lines = barrel.split('\n').filter((l) => l.includes(`'./${m}.ts'`));
      for (const l of lines) expect(l, l).toMatch(/^export type /);
    }
  });
});
