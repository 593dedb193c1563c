/**
 * One instruction's answers, expert scores and comments, read when its page opens: from the
 * cache, else only that instruction's rows (the reader picks pages or column chunks), with the
 * files' tails from the cache so no footer is read again. Each instruction is read at most once
 * per dataset: a second caller (the page re-rendering, leaving and re-entering it, the Evaluate
 * page) gets the same promise, and a failure is remembered until the user asks to retry, so
 * nothing on a page can turn into a stream of requests.
 */
import { groupDetails, toDataLoadError, type DataCache, type DataReader, type FileSpec, type FileTail, type OpenedDataset } from '../lib/data/index.ts';
import type { InstructionDetails } from '../lib/data/types.ts';

export interface DetailsDeps {
  /** The loaded dataset once its expert table (and so every instruction's row ranges) is complete. */
  whenExperts: () => Promise<OpenedDataset>;
  /** The key of the dataset being shown (null before any), to tell reads of different datasets apart. */
  datasetKey: () => string | null;
  reader: () => DataReader;
  cache: () => DataCache;
}

export class InstructionDetailsState {
  #deps: DetailsDeps;
  #memo = new Map<string, Promise<InstructionDetails>>();
  #tails = new Map<string, Promise<Map<string, FileTail>>>();

  constructor(deps: DetailsDeps) {
    this.#deps = deps;
  }

  /**
   * The details of `prompt_id` in the loaded dataset: one read per dataset and instruction, and
   * the same promise for every caller, so a view can ask on every render.
   */
  details(prompt_id: number): Promise<InstructionDetails> {
    const key = `${this.#deps.datasetKey() ?? ''}\u0000${prompt_id}`;
    let d = this.#memo.get(key);
    if (!d) {
      d = this.#deps.whenExperts().then((ds) => this.#read(ds, prompt_id));
      d.catch(() => undefined);
      this.#memo.set(key, d);
    }
    return d;
  }

  /** Forgets a failed read of `prompt_id`, so the next call reads again. Successful reads stay. */
  async retry(prompt_id: number): Promise<void> {
    for (const [key, p] of this.#memo) {
      if (!key.endsWith(`\u0000${prompt_id}`)) continue;
      const failed = await p.then(
        () => false,
        () => true,
      );
      if (failed) this.#memo.delete(key);
    }
  }

  /** Forgets everything (the cache was cleared). */
  clear(): void {
    this.#memo.clear();
    this.#tails.clear();
  }

  #tailsOf(key: string): Promise<Map<string, FileTail>> {
    let t = this.#tails.get(key);
    if (!t) {
      t = this.#deps.cache().tails(key).catch(() => new Map<string, FileTail>());
      this.#tails.set(key, t);
    }
    return t;
  }

  async #read(ds: OpenedDataset, prompt_id: number): Promise<InstructionDetails> {
    const cache = this.#deps.cache();
    const hit = await cache.getDetails(ds.key, prompt_id).catch(() => null);
    if (hit) return hit;
    const inst = ds.joined.instructions.find((i) => i.prompt_id === prompt_id);
    const byFile = new Map<string, [number, number][]>();
    for (const r of ds.joined.rowIndex.get(prompt_id) ?? []) byFile.set(r.file, [...(byFile.get(r.file) ?? []), [r.start, r.end]]);
    const tails = await this.#tailsOf(ds.key);
    const reader = this.#deps.reader();
    const parts = await Promise.all(
      [...byFile].map(([name, ranges]) => {
        const file: FileSpec | undefined = ds.experts.find((f) => f.name === name);
        if (!file) throw toDataLoadError({ code: 'not-found', message: `The file ${name} is not available: local files must be chosen again in Settings.` });
        return reader.details(file, tails.get(name), ranges);
      }),
    );
    const details = groupDetails(prompt_id, parts.flat(), inst?.reference_answer);
    await cache.putDetails(ds.key, details).catch(() => undefined);
    return details;
  }
}
