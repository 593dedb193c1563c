/**
 * The current route as reactive state, synced with location.hash. Views read `router.route`
 * and write view state with `router.setQuery` (replaceState, so filters don't flood history)
 * or move with `router.go` (a new history entry).
 */
import { formatHash, parseHash, type Route } from '../lib/router/route.ts';

class Router {
  #route = $state.raw<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        this.#route = parseHash(location.hash);
      });
    }
  }

  get route(): Route {
    return this.#route;
  }

  /** The first segment, i.e. the page ('explore' when empty). */
  get page(): string {
    return this.#route.segments[0] ?? 'explore';
  }

  go(segments: readonly string[], query: Record<string, string | undefined | null> = {}): void {
    location.hash = formatHash(segments, query);
  }

  /**
   * Merge into the current query without adding a history entry. `page`: the page the query
   * belongs to; when the user has already left it (a late callback, a page still mounted while
   * the next one loads), the write is dropped, so one page's query never follows the user to
   * the next. The route is read from location.hash first: hashchange arrives asynchronously, and
   * writing over a newer hash would undo the navigation.
   */
  setQuery(patch: Record<string, string | undefined | null>, page?: string): void {
    const now = parseHash(location.hash);
    if (formatHash(now.segments, now.query) !== formatHash(this.#route.segments, this.#route.query)) this.#route = now;
    if (page !== undefined && this.page !== page) return;
    const query: Record<string, string | undefined | null> = { ...this.#route.query, ...patch };
    const hash = formatHash(this.#route.segments, query);
    history.replaceState(history.state, '', hash);
    this.#route = parseHash(hash);
  }

  href(segments: readonly string[], query: Record<string, string | undefined | null> = {}): string {
    return formatHash(segments, query);
  }
}

export const router = new Router();
