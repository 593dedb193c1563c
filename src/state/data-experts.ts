/**
 * The expert table for the Metrics page: every expert row's aggregate score as typed columns.
 * After a cold load it is already in memory; after a reload it is one cached columnar record (not
 * every row group). It is never turned into row objects: the metrics read the columns.
 */
import { expertTableFromCache, type DataCache, type ExpertTable, type LoadedDataset, type OpenedDataset } from '../lib/data/index.ts';

export interface ExpertsDeps {
  whenExperts: () => Promise<OpenedDataset>;
  cache: () => DataCache;
  mark?: (name: string) => void;
}

export class ExpertTableState {
  #deps: ExpertsDeps;
  #table: { key: string; table: Promise<ExpertTable> } | null = null;

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


  clear(): void {
    this.#table = null;
  }
}
