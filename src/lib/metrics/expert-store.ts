/**
 * The metrics worker's copy of the expert table: received once per dataset (as ExpertColumns),
 * checked once, then substituted into every request that names it by key — so a request carries
 * only the run and the settings, not 161k rows. Reports read the columns directly
 * (expert-columnar*.ts); agreement and comparison still take rows, decoded on first use only.
 * Holds one table (the current dataset's) to bound the worker's memory. Pure; the worker and
 * the main-thread fallback both use it.
 */
import type { ExpertScore } from '../data/types.ts';
import { checkExpertColumns, fromExpertColumns, toExpertColumns, type ExpertColumns } from './expert-columns.ts';
import type { MetricsTask } from './tasks.ts';

export class ExpertStore {
  #key: string | null = null;
  #columns: ExpertColumns | null = null;
  #rows: ExpertScore[] | null = null;

  get key(): string | null {
    return this.#key;
  }

  put(key: string, columns: ExpertColumns): void {
    this.#key = null;
    checkExpertColumns(columns);
    this.#columns = columns;
    this.#rows = null;
    this.#key = key;
  }

  putRows(key: string, rows: ExpertScore[]): void {
    this.#rows = rows;
    this.#columns = null;
    this.#key = key;
  }

  #rowsOf(): ExpertScore[] {
    this.#rows ??= this.#columns ? fromExpertColumns(this.#columns) : [];
    return this.#rows;
  }

  #columnsOf(): ExpertColumns {
    this.#columns ??= toExpertColumns(this.#rows ?? []);
    return this.#columns;
  }

  /** The task with its experts filled in from the stored table; throws when the key is not the stored one. */
  resolve(task: MetricsTask, expertsKey: string | undefined): MetricsTask {
    if (expertsKey === undefined) return task;
    if (expertsKey !== this.#key) throw new Error(`metrics worker: expert table "${expertsKey}" was not received`);
    switch (task.type) {
      case 'report':
        return { type: 'report', input: { ...task.input, experts: [], expertColumns: this.#columnsOf() } };
      case 'agreement':
        return { type: 'agreement', input: { ...task.input, experts: this.#rowsOf() } };
      case 'compare':
        return { type: 'compare', input: { ...task.input, experts: this.#rowsOf() } };
    }
  }
}
