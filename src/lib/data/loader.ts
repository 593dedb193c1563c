/**
 * Loads the instruction list of a source: from the cache when a previous visit completed it (no
 * network at all, so it opens offline; the list itself from one joined snapshot, see
 * snapshot.ts), otherwise row group by row group through the decoder, caching each decoded group
 * before the next, so an interrupted load resumes where it stopped. Then loads
 * POLLUX-instructions (failure is reported, not fatal), joins, and stores the joined snapshot.
 * Everything it touches comes in through `LoaderDeps`.
 */
import type { DatasetRecord } from '../store/data-records.ts';
import type { InstructionRow } from '../pollux/types.ts';
import type { DataCache } from './cache.ts';
import type { ListChunk } from './chunk.ts';
import type { FileSpec } from './config.ts';
import type { Decoder, FileLayout } from './decode.ts';
import { DataLoadError, toDataLoadError } from './errors.ts';
import { joinDataset, type JoinedDataset, type JoinReport } from './join.ts';
import { decodeSnapshot, encodeSnapshot } from './snapshot.ts';
import type { ResolvedSource } from './source.ts';

export interface LoadProgress {
  rows: number;
  totalRows: number;
  chunks: number;
  totalChunks: number;
}

export interface LoaderDeps {
  decoder: Decoder;
  cache: DataCache;
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
  /** Called once the footers are read: sizes and the projected bytes a cold load will fetch. */
  onLayouts?: (layouts: FileLayout[]) => void;
}

/** What DatasetRecord.info holds for this loader. */
export interface DatasetInfo {
  experts: FileSpec[];
  instructions: FileSpec[] | null;
  layouts: FileLayout[];
  report?: JoinReport;
  synthetic?: boolean;
}

export function isDatasetInfo(x: unknown): x is DatasetInfo {
  return typeof x === 'object' && x !== null && Array.isArray((x as { experts?: unknown }).experts) && Array.isArray((x as { layouts?: unknown }).layouts);
}

/** What the list and instruction pages need; a warm open gives this from one snapshot record. */
export interface OpenedDataset {
  key: string;
  joined: JoinedDataset;
  /** Expert files with sizes filled in (for lazy detail reads without re-probing). */
  experts: FileSpec[];
  layouts: FileLayout[];
  fromCache: boolean;
  synthetic: boolean;
}

/** An opened dataset with its list chunks in memory (expert scores are computed from them). */
export interface LoadedDataset extends OpenedDataset {
  chunks: ListChunk[];
}

/** Blobs can't go into IndexedDB records meaningfully; URL specs can. */
function storable(files: FileSpec[] | null): FileSpec[] | null {
  return files ? files.filter((f) => f.kind === 'url') : null;
}

function withSizes(files: FileSpec[], layouts: FileLayout[]): FileSpec[] {
  return files.map((f) => {
    const l = layouts.find((x) => x.name === f.name);
    return f.kind === 'url' && l ? { ...f, size: l.size } : f;
  });
}

/**
 * The warm path for the first screen: the dataset record and the joined snapshot, two records in
 * one transaction, no chunks and no join. A complete dataset cached before snapshots existed is
 * joined once from its chunks (and its snapshot written). Null when nothing complete is cached.
 * `mark` names the phases for timing (the bench reads them as performance marks).
 */
export async function openFromCache(key: string, cache: DataCache, files?: FileSpec[], mark: (phase: string) => void = () => {}): Promise<OpenedDataset | LoadedDataset | null> {
  await cache.open();
  mark('db-open');
  const { record, snapshot } = await cache.openWarm(key);
  mark('snapshot-read');
  if (!record || record.status !== 'complete' || !isDatasetInfo(record.info)) return null;
  if (!snapshot) return loadFromCache(key, cache, files);
  const info = record.info;
  const joined = decodeSnapshot(snapshot);
  mark('snapshot-decoded');
  return { key, joined, experts: withSizes(files ?? info.experts, info.layouts), layouts: info.layouts, fromCache: true, synthetic: info.synthetic === true };
}

/** A completed dataset with its list chunks straight from IndexedDB, or null if not complete. */
export async function loadFromCache(key: string, cache: DataCache, files?: FileSpec[]): Promise<LoadedDataset | null> {
  const { record: rec, snapshot } = await cache.openWarm(key);
  if (!rec || rec.status !== 'complete' || !isDatasetInfo(rec.info)) return null;
  const chunks = await cache.listChunks(key);
  if (chunks.length !== rec.totalChunks) return null;
  const info = rec.info;
  let joined: JoinedDataset;
  if (snapshot) joined = decodeSnapshot(snapshot);
  else {
    joined = joinDataset(chunks, await cache.instructions(key), info.report?.instructionsError);
    // Next time the list opens from this one record. Not fatal: the join can always be redone.
    await cache.putSnapshot(key, encodeSnapshot(joined, rec.updatedAt)).catch(() => undefined);
  }
  const experts = files ?? info.experts;
  return { key, joined, chunks, experts: withSizes(experts, info.layouts), layouts: info.layouts, fromCache: true, synthetic: info.synthetic === true };
}

export async function loadDataset(src: ResolvedSource, deps: LoaderDeps): Promise<LoadedDataset> {
  const { decoder, cache, signal } = deps;
  const check = () => {
    if (signal?.aborted) throw new DataLoadError('aborted', 'Loading was cancelled');
  };
  const warm = await loadFromCache(src.key, cache, src.experts.some((f) => f.kind === 'blob') ? src.experts : undefined);
  if (warm) return warm;

  const prev = await cache.getDataset(src.key);
  const record: DatasetRecord = {
    key: src.key,
    source: src.kind,
    label: src.label,
    status: 'loading',
    doneChunks: 0,
    totalChunks: 0,
    bytesFetched: prev?.bytesFetched ?? 0,
    updatedAt: Date.now(),
  };
  try {
    const layouts: FileLayout[] = [];
    for (const f of src.experts) {
      check();
      const l = await decoder.layout(f);
      if (l.kind !== 'experts') {
        throw new DataLoadError('corrupt', `${f.name}: not the ai-forever/POLLUX (test) schema (columns: ${l.columns.join(', ')})`);
      }
      layouts.push(l);
    }
    deps.onLayouts?.(layouts);
    const experts = withSizes(src.experts, layouts);
    const totalChunks = layouts.reduce((s, l) => s + l.rowGroups.length, 0);
    const totalRows = layouts.reduce((s, l) => s + l.numRows, 0);
    const info: DatasetInfo = { experts: storable(experts) ?? [], instructions: storable(src.instructions), layouts, synthetic: src.synthetic };
    const cached = await cache.cachedListKeys(src.key);
    let chunks = 0;
    let rows = 0;
    for (const l of layouts) for (const [i, g] of l.rowGroups.entries()) if (cached.has(`${l.name}#${i}`)) { chunks++; rows += g.numRows; }
    await cache.putDataset({ ...record, totalChunks, doneChunks: chunks, info });
    deps.onProgress?.({ rows, totalRows, chunks, totalChunks });

    for (const [fi, l] of layouts.entries()) {
      for (const [i, g] of l.rowGroups.entries()) {
        if (cached.has(`${l.name}#${i}`)) continue;
        check();
        const chunk = await decoder.listChunk(experts[fi], i);
        check();
        await cache.putListChunk(src.key, chunk);
        chunks++;
        rows += g.numRows;
        await cache.patchDataset(src.key, { doneChunks: chunks });
        deps.onProgress?.({ rows, totalRows, chunks, totalChunks });
      }
    }

    let instructionRows = await cache.instructions(src.key);
    let instructionsError: string | undefined;
    if (!instructionRows && src.instructions) {
      try {
        const all: InstructionRow[] = [];
        for (const f of src.instructions) {
          check();
          const part = await decoder.instructions(f);
          await cache.putInstructions(src.key, f.name, part);
          all.push(...part);
        }
        instructionRows = all;
      } catch (err) {
        const e = toDataLoadError(err);
        // Only a missing or unreadable file means "no POLLUX-instructions here"; a dropped
        // connection or a 429 is transient and must not freeze synthetic ids into the cache.
        if (e.code !== 'not-found' && e.code !== 'corrupt') throw e;
        // The list still works without it: ids become synthetic and the Explorer says so.
        instructionsError = e.message;
        instructionRows = null;
      }
    }
    const all = await cache.listChunks(src.key);
    const joined = joinDataset(all, instructionRows, instructionsError);
    // The snapshot first, stamped with the completed record's time: a crash in between leaves an
    // incomplete record, and a snapshot with another stamp is never used.
    const stamp = Date.now();
    await cache.putSnapshot(src.key, encodeSnapshot(joined, stamp)).catch(() => undefined);
    await cache.putDataset({ ...record, status: 'complete', totalChunks, doneChunks: totalChunks, updatedAt: stamp, info: { ...info, report: joined.report } });
    return { key: src.key, joined, chunks: all, experts, layouts, fromCache: false, synthetic: src.synthetic === true };
  } catch (err) {
    const e = toDataLoadError(err);
    await cache.patchDataset(src.key, { status: 'failed' }).catch(() => undefined);
    throw e;
  }
}
