/**
 * The current route as reactive state, synced with location.hash. Views read `router.route`
 * and write view state with `router.setQuery` (replaceState, so filters don't flood history)
 * or move with `router.go` (a new history entry).
 */
import { formatHash, parseHash, type Route } from '../lib/router/route.ts';

class Router {
  #route = $state.raw<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));
  /** The last query each page had (pages with one segment), so a page's view survives a visit elsewhere. */
  #remembered = $state.raw<Record<string, Record<string, string>>>({});

  constructor() {
    this.#remember(this.#route);
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        this.#set(parseHash(location.hash));
      });
    }
  }

  #set(route: Route): void {
    this.#route = route;
    this.#remember(route);
  }

  #remember(route: Route): void {
    const [page, ...rest] = route.segments;
    if (page !== undefined && rest.length === 0) this.#remembered = { ...this.#remembered, [page]: route.query };
  }

  /** The query `page` had when the user last saw it ({} if never). */
  remembered(page: string): Record<string, string> {
    return this.#remembered[page] ?? {};
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
   * Merge into the current query without adding a history entry. `page` (required, so no caller
   * forgets it): the page the query belongs to; when the user has already left it (a late
   * callback, a page still mounted while the next one loads), the write is dropped, so one
   * page's query never follows the user to the next. The route is read from location.hash
   * first: hashchange arrives asynchronously, and writing over a newer hash would undo the
   * navigation.
   */
  setQuery(patch: Record<string, string | undefined | null>, page: string): void {
    const now = parseHash(location.hash);
    if (formatHash(now.segments, now.query) !== formatHash(this.#route.segments, this.#route.query)) this.#route = now;
    if (this.page !== page) return;
    const query: Record<string, string | undefined | null> = { ...this.#route.query, ...patch };
    const hash = formatHash(this.#route.segments, query);
    history.replaceState(history.state, '', hash);
    this.#set(parseHash(hash));
  }

  href(segments: readonly string[], query: Record<string, string | undefined | null> = {}): string {
    return formatHash(segments, query);
  }
}

export const router = new Router();
