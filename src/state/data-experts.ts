/**
 * The expert table for the Metrics page: every expert row's aggregate score. After a cold load it
 * is already in memory; after a reload it is one cached columnar record (not every row group),
 * turned into rows once per dataset and kept.
 */
import { expertScoresOf, expertTableFromCache, type DataCache, type ExpertTable, type LoadedDataset, type OpenedDataset } from '../lib/data/index.ts';
import type { ExpertScore } from '../lib/data/types.ts';

export interface ExpertsDeps {
  whenExperts: () => Promise<OpenedDataset>;
  cache: () => DataCache;
  mark?: (name: string) => void;
}

export class ExpertTableState {
  #deps: ExpertsDeps;
  #table: { key: string; table: Promise<ExpertTable> } | null = null;
  #rows: { key: string; rows: Promise<ExpertScore[]> } | null = null;

  constructor(deps: ExpertsDeps) {
    this.#deps = deps;
  }

  /** The columnar table (typed arrays + dictionaries), read once per dataset. */
  async table(): Promise<ExpertTable> {
    const ds = await this.#deps.whenExperts();
    const key = `${ds.key}@${ds.stamp}`;
    if (this.#table?.key !== key) {
      const table = ('table' in ds ? Promise.resolve((ds as LoadedDataset).table) : expertTableFromCache(ds, this.#deps.cache())).then((t) => {
        this.#deps.mark?.('data:expert-table');
        return t;
      });
      table.catch(() => (this.#table = null));
      this.#table = { key, table };
    }
    return this.#table.table;
  }

  /** Every expert row's aggregate score (161,076 on the full dataset), in table order. */
  async scores(): Promise<ExpertScore[]> {
    const ds = await this.#deps.whenExperts();
    const key = `${ds.key}@${ds.stamp}`;
    if (this.#rows?.key !== key) {
      const rows = this.table().then((t) => {
        const r = expertScoresOf(t);
        this.#deps.mark?.('data:expert-rows');
        return r;
      });
      rows.catch(() => (this.#rows = null));
      this.#rows = { key, rows };
    }
    return this.#rows.rows;
  }

  clear(): void {
    this.#table = null;
    this.#rows = null;
  }
}
