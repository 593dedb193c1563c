import { describe, expect, it } from 'vitest';
import { DataView } from '../../../src/state/data-view.svelte.ts';
import { joinDataset } from '../../../src/lib/data/join.ts';

describe('DataView notices', () => {
  const joined = joinDataset([], null, 'no file');

  it('says "bundled sample" with the first rows, before the expert table is in', () => {
    const v = new DataView();
    v.show(joined, false, 'sample', 'k', true);
    expect(v.notice).toEqual({ key: 'sample' });
    v.show(joined, true, 'sample', 'k', true);
    expect(v.notice).toEqual({ key: 'sample' });
  });

  it('says "no POLLUX-instructions" only once the report is complete, and keeps a fallback notice', () => {
    const v = new DataView();
    v.show(joined, false, 'mirror', 'k', true);
    expect(v.notice).toBeNull();
    v.show(joined, true, 'mirror', 'k', true);
    expect(v.notice).toEqual({ key: 'noInstructions', reason: 'no file' });
    const fallback = new DataView();
    fallback.notice = { key: 'hfFallback', reason: 'offline' };
    fallback.show(joined, false, 'sample', 'k', true);
    expect(fallback.notice).toEqual({ key: 'hfFallback', reason: 'offline' });
  });
});
