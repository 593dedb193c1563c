/**
 * The metrics worker's copy of the expert table: received once per dataset (as ExpertColumns),
 * decoded once, then substituted into every request that names it by key — so a request carries
 * only the run and the settings, not 161k rows. Holds one table (the current dataset's) to
 * bound the worker's memory. Pure; the worker and the main-thread fallback both use it.
 */
import type { ExpertScore } from '../data/types.ts';
import { fromExpertColumns, type ExpertColumns } from './expert-columns.ts';
import type { MetricsTask } from './tasks.ts';

export class ExpertStore {
  #key: string | null = null;
  #rows: ExpertScore[] = [];

  get key(): string | null {
    return this.#key;
  }

  put(key: string, columns: ExpertColumns): void {
    this.#key = null;
    this.#rows = fromExpertColumns(columns);
    this.#key = key;
  }

  putRows(key: string, rows: ExpertScore[]): void {
    this.#rows = rows;
    this.#key = key;
  }

  /** The task with its experts filled in from the stored table; throws when the key is not the stored one. */
  resolve(task: MetricsTask, expertsKey: string | undefined): MetricsTask {
    if (expertsKey === undefined) return task;
    if (expertsKey !== this.#key) throw new Error(`metrics worker: expert table "${expertsKey}" was not received`);
    const experts = this.#rows;
    switch (task.type) {
      case 'report':
        return { type: 'report', input: { ...task.input, experts } };
      case 'agreement':
        return { type: 'agreement', input: { ...task.input, experts } };
      case 'compare':
        return { type: 'compare', input: { ...task.input, experts } };
    }
  }
}
