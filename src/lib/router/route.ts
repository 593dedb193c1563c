/**
 * Hash routes, pure. The app lives behind `#/…` so GitHub Pages (no server rewrites) can serve
 * any view from index.html, and so view state in the URL (filters, selections) is never sent
 * to a server. A route is `#/<segments>?<query>`.
 */
export interface Route {
  /** Path segments, decoded: `#/explore/i/12` → ['explore', 'i', '12']. */
  segments: string[];
  /** Query parameters of the hash; the last value wins for repeated keys. */
  query: Record<string, string>;
}

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const pathPart = q === -1 ? body : body.slice(0, q);
  const queryPart = q === -1 ? '' : body.slice(q + 1);
  const segments = pathPart
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(queryPart)) query[k] = v;
  return { segments, query };
}

export function formatHash(segments: readonly string[], query: Record<string, string | undefined | null> = {}): string {
  const path = segments.map((s) => encodeURIComponent(s)).join('/');
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, v);
  const qs = params.toString();
  return `#/${path}${qs ? `?${qs}` : ''}`;
}
