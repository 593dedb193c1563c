/**
 * Byte-accurate load progress. Every range is counted as planned before it is requested and as
 * received as it arrives (a failed attempt's bytes are taken back), so received ≤ planned always
 * and the two are equal when the load ends: the bar ends at 100 %, footers and the instructions
 * file included. The bar is indeterminate until the expert table's plan is known (before that the
 * total is still growing). The ETA comes from the byte rate since then. Pure; the clock is a
 * parameter.
 */
export interface DataProgress {
  /** Bytes received and planned so far (footers, the instructions file and the expert table). */
  bytes: number;
  totalBytes: number;
  /** False until the expert table's plan is known: the bar is then indeterminate. */
  determinate: boolean;
  rows: number;
  totalRows: number;
  /** Seconds left, from the byte rate so far; null until it can be estimated. */
  etaS: number | null;
}

export const IDLE_PROGRESS: DataProgress = { bytes: 0, totalBytes: 0, determinate: false, rows: 0, totalRows: 0, etaS: null };

export class ProgressMeter {
  #now: () => number;
  #planned = 0;
  #received = 0;
  #rows = 0;
  #totalRows = 0;
  #from: { t: number; bytes: number; planned: number; fetching: boolean } | null = null;

  constructor(now: () => number) {
    this.#now = now;
  }

  reset(): void {
    this.#planned = 0;
    this.#received = 0;
    this.#rows = 0;
    this.#totalRows = 0;
    this.#from = null;
  }

  planned(n: number): void {
    this.#planned += n;
  }

  received(n: number): void {
    this.#received += n;
  }

  rows(rows: number, totalRows: number): void {
    this.#rows = rows;
    this.#totalRows = totalRows;
  }

  /**
   * The expert table's ranges are about to be requested (`fetching`; false when every row group
   * is cached): once their plan has been counted, the total is complete.
   */
  expertsStart(fetching: boolean): void {
    this.#from = { t: this.#now(), bytes: this.#received, planned: this.#planned, fetching };
  }

  get determinate(): boolean {
    return this.#from !== null && (!this.#from.fetching || this.#planned > this.#from.planned);
  }

  snapshot(): DataProgress {
    let etaS: number | null = null;
    if (this.#from && this.determinate) {
      const done = this.#received - this.#from.bytes;
      const dt = this.#now() - this.#from.t;
      if (done > 0 && dt >= 500) etaS = Math.max(0, Math.round(((this.#planned - this.#received) / done) * (dt / 1000)));
    }
    return { bytes: this.#received, totalBytes: this.#planned, determinate: this.determinate, rows: this.#rows, totalRows: this.#totalRows, etaS };
  }
}
