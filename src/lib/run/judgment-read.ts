/**
 * Reading many cached judgments by key, for the runner's cache pass and the Results page.
 *
 * IndexedDB has no multi-key get: dexie's bulkGet is one request per key, and in Chromium each
 * costs about 0.1 ms (IPC plus a lookup). A replayed run, or a run reading back its own results,
 * wants most of the cache entries in its key range, and one getAll over that range returns them
 * several times faster. So the keys are sorted and read in slices; each slice first counts the
 * cache entries in its range and reads the whole range only when at most DENSITY of them are
 * unwanted — otherwise (a small run against a big cache) it falls back to per-key gets. The result
 * is the same either way: a key is found exactly when the cache holds it.
 */
import type { PolluxDB } from '../store/db.ts';
import type { JudgmentRecord } from '../store/run-records.ts';

/** Keys per slice: big enough that the per-slice requests are negligible, small enough to bound a wasted range read. */
const SLICE = 2000;
/** A range read may return up to this many records per wanted key (getAll costs a fraction of a get per record). */
const DENSITY = 2;

/** The cached judgments of `keys` (duplicates allowed), by key; keys not in the cache are absent. */
export async function readJudgments(db: PolluxDB, keys: readonly string[]): Promise<Map<string, JudgmentRecord>> {
  const sorted = [...new Set(keys)].sort();
  const slices: string[][] = [];
  for (let i = 0; i < sorted.length; i += SLICE) slices.push(sorted.slice(i, i + SLICE));
  const found = new Map<string, JudgmentRecord>();
  const read = await Promise.all(slices.map((slice) => readSlice(db, slice)));
  read.forEach((records, s) => {
    const wanted = slices[s];
    if (Array.isArray(records)) {
      // Per-key result: aligned with `wanted`.
      records.forEach((r, k) => {
        if (r) found.set(wanted[k], r);
      });
    } else {
      for (const key of wanted) {
        const r = records.get(key);
        if (r) found.set(key, r);
      }
    }
  });
  return found;
}

/** One sorted slice: the records of its range (a map) when dense, else per-key gets (an array aligned with `slice`). */
async function readSlice(db: PolluxDB, slice: string[]): Promise<Map<string, JudgmentRecord> | (JudgmentRecord | undefined)[]> {
  const range = db.judgments.where('cacheKey').between(slice[0], slice[slice.length - 1], true, true);
  const inRange = await range.count();
  if (inRange > DENSITY * slice.length) return db.judgments.bulkGet(slice);
  const records = inRange === 0 ? [] : await range.toArray();
  return new Map(records.map((r) => [r.cacheKey, r]));
}
