/**
 * The POLLUX taxonomy (criteria.json, tasks.json) as reactive state: the CriterionIndex that gives
 * each criterion its category and English name, and the task tree. Loaded once per page from the
 * cache, else from the first candidate that answers (the site's own copy, the pinned GitHub URL,
 * the bundled excerpt). A candidate that failed is remembered for the visit, so a reload does not
 * repeat a request that cannot succeed (raw.githubusercontent.com from behind a firewall).
 */
import { TAXONOMY_COMMITS, taxonomyCandidates, type TaxonomyName, type TaxonomyOrigin } from '../lib/data/index.ts';
import { CriterionIndex, parseCriteriaJson, parseTasksJson, type TaskGroup } from '../lib/taxonomy/index.ts';
import type { PolluxDB } from '../lib/store/db.ts';

/** URLs that failed during this visit. */
export interface FailedUrls {
  has(url: string): boolean;
  add(url: string): void;
}

export interface TaxonomyDeps {
  db: () => PolluxDB;
  fetchJson: (url: string) => Promise<unknown>;
  baseUrl: string;
  failed: FailedUrls;
}

const FAILED_KEY = 'pollux-web:taxonomy-failed';

/** The visit's failed URLs in sessionStorage (nothing is remembered where storage is disabled). */
export function sessionFailedUrls(): FailedUrls {
  const read = (): string[] => {
    try {
      const v: unknown = JSON.parse(sessionStorage.getItem(FAILED_KEY) ?? '[]');
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  };
  return {
    has: (url) => read().includes(url),
    add: (url) => {
      try {
        sessionStorage.setItem(FAILED_KEY, JSON.stringify([...new Set([...read(), url])]));
      } catch {
        // not remembered beyond this page
      }
    },
  };
}

export class TaxonomyState {
  #criterionIndex = $state.raw<CriterionIndex | null>(null);
  #taskGroups = $state.raw<TaskGroup[]>([]);
  #origin = $state<TaxonomyOrigin | null>(null);
  #deps: TaxonomyDeps;
  #loading: Promise<void> | null = null;
  /** Failed this page view too (in case the visit's storage is unavailable). */
  #failedHere = new Set<string>();

  constructor(deps: TaxonomyDeps) {
    this.#deps = deps;
  }

  get criterionIndex(): CriterionIndex | null {
    return this.#criterionIndex;
  }
  get taskGroups(): TaskGroup[] {
    return this.#taskGroups;
  }
  get origin(): TaxonomyOrigin | null {
    return this.#origin;
  }

  /** Loads both files once per page; later calls share the first. */
  load(): Promise<void> {
    this.#loading ??= this.#load();
    return this.#loading;
  }

  /** After the cache was cleared: the next load reads again. */
  reset(): void {
    this.#loading = null;
  }

  async #get(name: TaxonomyName): Promise<{ json: unknown; origin: TaxonomyOrigin } | null> {
    const db = this.#deps.db();
    const key = `${name}@${TAXONOMY_COMMITS[name]}`;
    const rec = await db.taxonomy.get(key).catch(() => undefined);
    if (rec) return { json: rec.data, origin: rec.origin ?? 'site' };
    for (const c of taxonomyCandidates(name, this.#deps.baseUrl)) {
      if (c.origin !== 'excerpt' && (this.#failedHere.has(c.url) || this.#deps.failed.has(c.url))) continue;
      try {
        const json = await this.#deps.fetchJson(c.url);
        // Full files are cached; excerpts are bundled anyway and must not block a later full fetch.
        if (c.origin !== 'excerpt') await db.taxonomy.put({ key, data: json, fetchedAt: Date.now(), origin: c.origin }).catch(() => undefined);
        return { json, origin: c.origin };
      } catch {
        this.#failedHere.add(c.url);
        if (c.origin !== 'excerpt') this.#deps.failed.add(c.url);
      }
    }
    return null;
  }

  async #load(): Promise<void> {
    const [criteria, tasks] = await Promise.all([this.#get('criteria'), this.#get('tasks')]);
    if (criteria) {
      this.#criterionIndex = new CriterionIndex(parseCriteriaJson(criteria.json).entries);
      this.#origin = criteria.origin;
    }
    if (tasks) this.#taskGroups = parseTasksJson(tasks.json).groups;
  }
}
