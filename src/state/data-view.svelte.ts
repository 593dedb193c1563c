/**
 * What the data pages show, as reactive state: the instruction list (on a cold load its heads
 * first; replaced as the expert table fills it in), the join report (once complete), which
 * dataset it is and the notice about its source. DataLoadState writes it; views read it through
 * dataState.
 */
import type { DataSource, JoinReport, JoinedDataset } from '../lib/data/index.ts';
import type { AppInstruction, ListInstruction } from '../lib/data/types.ts';

export type DataNotice = { key: 'hfFallback'; reason: string } | { key: 'sample' } | { key: 'noInstructions'; reason: string };

export class DataView {
  #instructions = $state.raw<AppInstruction[]>([]);
  #list = $state.raw<readonly ListInstruction[]>([]);
  #report = $state.raw<JoinReport | null>(null);
  #datasetKey = $state<string | null>(null);
  #kind = $state<DataSource['kind'] | null>(null);
  #synthetic = $state(false);
  #notice = $state.raw<DataNotice | null>(null);

  /** Whole instructions (criteria, reference answers): what pages other than the list work with. */
  get instructions(): AppInstruction[] {
    return this.#instructions;
  }
  /** What the list shows: the instructions, or on a cold load their heads for a moment before. */
  get list(): readonly ListInstruction[] {
    return this.#list;
  }
  /** The join report, once the expert table is complete (a partial one would mislead). */
  get report(): JoinReport | null {
    return this.#report;
  }
  get datasetKey(): string | null {
    return this.#datasetKey;
  }
  /** The kind of the data actually shown (the sample after a fallback). */
  get kind(): DataSource['kind'] | null {
    return this.#kind;
  }
  get synthetic(): boolean {
    return this.#synthetic;
  }
  get notice(): DataNotice | null {
    return this.#notice;
  }
  set notice(n: DataNotice | null) {
    this.#notice = n;
  }

  /** Shows a dataset's list (`complete`: its expert table is in). */
  show(joined: JoinedDataset, complete: boolean, kind: DataSource['kind'], key: string, synthetic: boolean): void {
    this.#instructions = joined.instructions;
    this.#list = joined.instructions;
    this.#dataset(kind, key, synthetic);
    if (kind !== 'sample' && joined.report.instructionsSource === 'unavailable') this.#notice ??= { key: 'noInstructions', reason: joined.report.instructionsError ?? '' };
    if (complete) this.#report = joined.report;
  }

  /** Lists instructions' heads (a cold load, before their criteria are decoded); `show` follows. */
  showHeads(list: readonly ListInstruction[], kind: DataSource['kind'], key: string, synthetic: boolean): void {
    this.#list = list;
    this.#dataset(kind, key, synthetic);
  }

  #dataset(kind: DataSource['kind'], key: string, synthetic: boolean): void {
    this.#datasetKey = key;
    this.#kind = kind;
    this.#synthetic = synthetic;
    // The notice comes with the first list, not with the complete table: it sits above the list,
    // so appearing later would push the list down under the user's eyes. Both are known by then
    // (the source's kind; whether POLLUX-instructions could be read, which heads imply).
    if (kind === 'sample') this.#notice ??= { key: 'sample' };
  }

  /** Nothing shown (a new load starts, or the cache was cleared). */
  clear(): void {
    this.#instructions = [];
    this.#list = [];
    this.#report = null;
    this.#notice = null;
  }

  /** A load failed before its list was complete: heads it listed go (its notice stays). */
  clearList(): void {
    this.#list = this.#instructions;
  }

  forgetKey(): void {
    this.#datasetKey = null;
  }
}
