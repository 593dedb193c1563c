/**
 * Where the chosen data source and the read settings are remembered. A source chosen in Settings
 * is permanent (localStorage); a source from a link (`?source=`) applies to this visit only
 * (sessionStorage: it survives a reload of the tab, not a new visit), so a stranger's link cannot
 * switch the data for later visits. Making a linked source permanent is an explicit choice in
 * Settings. Storage that is disabled (private mode) simply remembers nothing.
 */
import { formatSourceQuery, parseReadOptions, parseSourceQuery, type DataSource, type ReadOptions } from '../lib/data/index.ts';

export interface SourceStore {
  permanent(): DataSource | null;
  setPermanent(src: DataSource | null): void;
  visit(): DataSource | null;
  setVisit(src: DataSource | null): void;
  readOptions(): ReadOptions;
  setReadOptions(o: ReadOptions): void;
}

const PERMANENT = 'pollux-web:data-source';
const VISIT = 'pollux-web:data-source-visit';
const OPTIONS = 'pollux-web:data-read-options';

function get(storage: () => Storage, key: string): string | null {
  try {
    return storage().getItem(key);
  } catch {
    return null;
  }
}

function put(storage: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) storage().removeItem(key);
    else storage().setItem(key, value);
  } catch {
    // not remembered; the choice still applies now
  }
}

export function browserSourceStore(): SourceStore {
  const local = () => localStorage;
  const session = () => sessionStorage;
  return {
    permanent: () => parseSourceQuery(get(local, PERMANENT) ?? undefined),
    setPermanent: (src) => put(local, PERMANENT, src ? formatSourceQuery(src) : null),
    visit: () => parseSourceQuery(get(session, VISIT) ?? undefined),
    setVisit: (src) => put(session, VISIT, src ? formatSourceQuery(src) : null),
    readOptions: () => {
      try {
        return parseReadOptions(JSON.parse(get(local, OPTIONS) ?? 'null'));
      } catch {
        return parseReadOptions(null);
      }
    },
    setReadOptions: (o) => put(local, OPTIONS, JSON.stringify(o)),
  };
}

/** For tests: the same behaviour over plain variables. */
export function memorySourceStore(init: { permanent?: DataSource; visit?: DataSource; options?: ReadOptions } = {}): SourceStore {
  let permanent = init.permanent ?? null;
  let visit = init.visit ?? null;
  let options = init.options ?? parseReadOptions(null);
  return {
    permanent: () => permanent,
    setPermanent: (s) => (permanent = s),
    visit: () => visit,
    setVisit: (s) => (visit = s),
    readOptions: () => options,
    setReadOptions: (o) => (options = o),
  };
}

/**
 * The source this page view starts with: a `?source=` in the link (remembered for the visit),
 * else the visit's linked source, else the permanent choice, else the default.
 */
export function startingSource(store: SourceStore, query: string | undefined, fallback: DataSource): { source: DataSource; linked: boolean } {
  const fromUrl = parseSourceQuery(query);
  if (fromUrl) {
    store.setVisit(fromUrl);
    return { source: fromUrl, linked: true };
  }
  const visit = store.visit();
  if (visit) return { source: visit, linked: true };
  return { source: store.permanent() ?? fallback, linked: false };
}
