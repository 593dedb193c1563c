/**
 * router.setQuery keeps a page's query on that page: a write from a page the user has left (a
 * late callback, a page still mounted while the next one loads) is dropped, and a write made
 * before the (asynchronous) hashchange never undoes the navigation.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

let hash = '';
beforeEach(() => {
  hash = '#/metrics';
  vi.stubGlobal('location', {
    get hash() {
      return hash;
    },
    set hash(v: string) {
      hash = v;
    },
  });
  vi.stubGlobal('history', { state: null, replaceState: (_s: unknown, _t: string, url: string) => (hash = url) });
  vi.resetModules();
});
afterEach(() => vi.unstubAllGlobals());

async function router() {
  return (await import('../../../src/state/router.svelte.ts')).router;
}

describe('router.setQuery', () => {
  it('merges into the current page query without a history entry', async () => {
    const r = await router();
    r.setQuery({ run: 'a' }, 'metrics');
    r.setQuery({ gate: 'critical-only' }, 'metrics');
    expect(hash).toBe('#/metrics?run=a&gate=critical-only');
    expect(r.route.query).toEqual({ run: 'a', gate: 'critical-only' });
  });

  it("drops a page's write once the user is on another page, even before hashchange arrives", async () => {
    const r = await router();
    r.setQuery({ run: 'a' }, 'metrics');
    // The user follows a link to a run's results; hashchange has not been dispatched yet.
    hash = '#/results/X';
    r.setQuery({ run: 'Y' }, 'metrics');
    expect(hash).toBe('#/results/X');
    expect(r.page).toBe('results');
    expect(r.route.query).toEqual({});
  });

  it('never writes an old route over a newer hash', async () => {
    const r = await router();
    hash = '#/explore?group=x';
    r.setQuery({ q: 'word' }, 'explore');
    expect(hash).toBe('#/explore?group=x&q=word');
  });

  it('always names its page: a write without one does not compile', async () => {
    const r = await router();
    // @ts-expect-error -- the page is required, so no caller can forget it (svelte-check fails if it becomes optional).
    r.setQuery({ q: 'word' });
    // Whatever a caller forced through, a write that names no page names none the user is on.
    expect(hash).toBe('#/metrics');
  });
});
