/**
 * Loads a source's data in two phases. First the instruction list, from POLLUX-instructions (a few
 * MB, only the columns the app uses), published as soon as it is decoded. Then the expert table,
 * row group by row group from the shards in the background: each group is folded into the join as
 * it lands (the list fills in model counts) and written to IndexedDB in batches, so an interrupted
 * load resumes at row-group granularity. When the last group is in, the joined list (snapshot) and
 * the columnar expert table are stored once, with the dataset record, in one transaction.
 *
 * A complete dataset opens from the cache with no network at all (`openFromCache`: two records).
 * Everything the loader touches comes in through `LoaderDeps`.
 */
import type { DatasetRecord } from '../store/data-records.ts';
import type { InstructionRow } from '../pollux/types.ts';
import type { InstructionHead, ListInstruction } from './types.ts';
import type { DataCache } from './cache.ts';
import { ChunkWriter } from './chunk-writer.ts';
import type { FileSpec } from './config.ts';
import type { FileLayout } from './decode.ts';
import { DataLoadError, storageError, toDataLoadError } from './errors.ts';
import { buildExpertTable, type ExpertTable } from './expert-table.ts';
import { ExpertJoiner, joinDataset, type JoinedDataset, type JoinReport } from './join.ts';
import type { FileTail } from './parquet-file.ts';
import type { DataReader, ExpertFileRequest } from './reader.ts';
import { decodeSnapshot, encodeSnapshot } from './snapshot.ts';
import type { ResolvedSource } from './source.ts';
import { throttle } from './throttle.ts';

export interface LoadProgress {
  rows: number;
  totalRows: number;
  chunks: number;
  totalChunks: number;
}

export interface LoaderDeps {
  reader: DataReader;
  cache: DataCache;
  signal?: AbortSignal;
  /**
   * The list so far: from POLLUX-instructions alone first, then as expert rows land (at most every
   * `listEveryMs`), and `complete` once the expert table is in.
   */
  onList?: (joined: JoinedDataset, complete: boolean) => void;
  /**
   * The list from POLLUX-instructions' heads, before their criteria and reference answers are
   * decoded (a fresh load with one instructions file only). `onList` follows with whole rows.
   */
  onHeads?: (list: ListInstruction[]) => void;
  /** Row groups of the expert table, once the footers are read and after each group. */
  onProgress?: (p: LoadProgress) => void;
  /** Called just before the expert table's ranges are requested (`fetching`: any left to fetch; its byte plan follows). */
  onExpertsStart?: (fetching: boolean) => void;
  listEveryMs?: number;
  now?: () => number;
  /** Names the phases for timing (the bench reads them as performance marks). */
  mark?: (phase: string) => void;
  /**
   * Resolves once the list just published has had its chance to paint. Storing the instruction
   * rows (a structured clone of ~1 s on the main thread for the full dataset) and the complete
   * dataset's records wait for it, so the screen never waits for the writes. Default: at once.
   */
  afterList?: () => Promise<void>;
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
  /** The record's `updatedAt`: the expert table and snapshot written with it carry the same stamp. */
  stamp: number;
}

/** A dataset loaded cold: its expert table is in memory already. */
export interface LoadedDataset extends OpenedDataset {
  table: ExpertTable;
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
export async function openFromCache(key: string, cache: DataCache, files?: FileSpec[], mark: (phase: string) => void = () => {}): Promise<OpenedDataset | null> {
  await cache.open();
  mark('db-open');
  const { record, snapshot } = await cache.openWarm(key);
  mark('snapshot-read');
  if (!record || record.status !== 'complete' || !isDatasetInfo(record.info)) return null;
  const info = record.info;
  let joined: JoinedDataset;
  if (snapshot) joined = decodeSnapshot(snapshot);
  else {
    const chunks = await cache.listChunks(key);
    if (chunks.length !== record.totalChunks) return null;
    joined = joinDataset(chunks, await cache.instructions(key), info.report?.instructionsError);
    // Next time the list opens from this one record. Not fatal: the join can always be redone.
    await cache.putSnapshot(key, encodeSnapshot(joined, record.updatedAt)).catch(() => undefined);
  }
  mark('snapshot-decoded');
  return { key, joined, experts: withSizes(files ?? info.experts, info.layouts), layouts: info.layouts, fromCache: true, synthetic: info.synthetic === true, stamp: record.updatedAt };
}

/** The cached expert table of a complete dataset, built once from its row groups if it predates the table. */
export async function expertTableFromCache(ds: OpenedDataset, cache: DataCache): Promise<ExpertTable> {
  const hit = await cache.expertTable(ds.key, ds.stamp);
  if (hit) return hit;
  const table = buildExpertTable(await cache.listChunks(ds.key), ds.joined.idByText, ds.stamp);
  await cache.putExpertTable(ds.key, table).catch(() => undefined);
  return table;
}

/** POLLUX-instructions rows: cached, else read. A missing or unreadable file means "none" (ids become synthetic). */
async function instructionRows(
  src: ResolvedSource,
  deps: LoaderDeps,
  cached: InstructionRow[] | null,
  signal: AbortSignal,
  onHeads: (heads: InstructionHead[]) => void,
): Promise<{ rows: InstructionRow[] | null; error?: string; files: FileSpec[] | null; fresh?: { file: string; rows: InstructionRow[] }[] }> {
  const { reader } = deps;
  const files = await src.instructions;
  if (cached) return { rows: cached, files };
  if (!files) return { rows: null, files };
  try {
    const all: InstructionRow[] = [];
    const fresh: { file: string; rows: InstructionRow[] }[] = [];
    for (const f of files) {
      // Heads make a list only when they are all of it (one file, the usual case).
      const part = await reader.instructions(f, undefined, signal, files.length === 1 ? onHeads : undefined);
      fresh.push({ file: f.name, rows: part });
      all.push(...part);
    }
    return { rows: all, files, fresh };
  } catch (err) {
    const e = toDataLoadError(err);
    // Only a missing or unreadable file means "no POLLUX-instructions here"; a dropped connection
    // or a 429 is transient and must not freeze synthetic ids into the cache.
    if (e.code !== 'not-found' && e.code !== 'corrupt') throw e;
    return { rows: null, error: e.message, files };
  }
}

export async function loadDataset(src: ResolvedSource, deps: LoaderDeps): Promise<LoadedDataset> {
  const { reader, cache } = deps;
  const now = deps.now ?? Date.now;
  // One controller for both phases: a failure in one stops the other's requests.
  const inner = new AbortController();
  const stop = () => inner.abort();
  deps.signal?.addEventListener('abort', stop, { once: true });
  const signal = inner.signal;
  const check = () => {
    if (signal.aborted) throw new DataLoadError('aborted', 'Loading was cancelled');
  };

  let listError: unknown = null;
  const resume = await cache.resumeState(src.key);
  const prev = resume.record;
  const record: DatasetRecord = {
    key: src.key,
    source: src.kind,
    label: src.label,
    status: 'loading',
    doneChunks: prev?.doneChunks ?? 0,
    totalChunks: prev?.totalChunks ?? 0,
    bytesFetched: prev?.bytesFetched ?? 0,
    updatedAt: now(),
  };
  if (prev?.status === 'complete') {
    // A complete record whose snapshot failed to open (older shape): load again over the cached chunks.
    record.doneChunks = 0;
  }
  // Record writes go in order behind the reads; nothing waits for them until the end.
  let writes: Promise<unknown> = cache.putDataset({ ...record, info: prev?.info });
  const store = (write: () => Promise<unknown>) => {
    writes = writes.then(write);
    writes.catch(() => undefined);
  };

  try {
    const { tails, chunks } = resume;
    // The expert files are opened (footers) while the instruction list is read.
    const opening = Promise.all(src.experts.map((f) => reader.open(f, tails.get(f.name), signal)));
    opening.catch(() => undefined);
    const joiner = new ExpertJoiner();
    for (const c of chunks) joiner.add(c);

    // The instruction list (the first screen) is read while the expert files' footers are; the
    // expert table starts once the list is on screen, so its decoding never delays the list.
    let instr: Awaited<ReturnType<typeof instructionRows>> | null = null;
    const list = throttle(() => {
      if (instr) deps.onList?.(joiner.result(instr.rows, instr.error), false);
    }, deps.listEveryMs ?? 500);
    // Heads are listed only before any expert row is in: with resumed row groups the joined list
    // (model counts, expert facets) would change under them a moment later.
    const onHeads = (heads: InstructionHead[]) => {
      deps.mark?.('heads-read');
      if (!signal.aborted && chunks.length === 0) deps.onHeads?.(joiner.listFromHeads(heads));
    };
    const reading = instructionRows(src, deps, resume.instructions, signal, onHeads).then((r) => {
      instr = r;
      deps.mark?.('instructions-read');
      if (!signal.aborted && (r.rows || chunks.length > 0)) deps.onList?.(joiner.result(r.rows, r.error), false);
      // Cached once the list is on screen (in order with the record writes, before the expert
      // phase starts): a reload during the expert phase then shows the list without the network.
      const fresh = r.fresh;
      if (fresh) {
        store(async () => {
          await deps.afterList?.();
          for (const p of fresh) await cache.putInstructions(src.key, p.file, p.rows);
        });
      }
    });
    reading.catch((err: unknown) => {
      // The list failed: that is the load's error (the expert reads are stopped, and report "aborted").
      listError ??= err;
      inner.abort();
    });

    const opened = await opening;
    deps.mark?.('footers-read');
    check();
    const layouts = opened.map((o, i) => {
      if (o.layout.kind !== 'experts') {
        throw new DataLoadError('corrupt', `${src.experts[i].name}: not the ai-forever/POLLUX (test) schema (columns: ${o.layout.columns.join(', ')})`, { file: src.experts[i].name });
      }
      return o.layout;
    });
    const newTails = new Map<string, FileTail>();
    opened.forEach((o, i) => {
      if (!tails.has(src.experts[i].name)) newTails.set(src.experts[i].name, o.tail);
    });
    if (newTails.size > 0) store(() => cache.putTails(src.key, newTails));
    const experts = withSizes(src.experts, layouts);
    const totalChunks = layouts.reduce((s, l) => s + l.rowGroups.length, 0);
    const totalRows = layouts.reduce((s, l) => s + l.numRows, 0);
    const info = (files: FileSpec[] | null): DatasetInfo => ({ experts: storable(experts) ?? [], instructions: storable(files), layouts, synthetic: src.synthetic });
    const have = new Set(chunks.map((c) => `${c.file}#${c.rowGroup}`));
    let rows = chunks.reduce((s, c) => s + c.n, 0);
    store(() => cache.putDataset({ ...record, totalChunks, doneChunks: chunks.length, info: info(null) }));
    deps.onProgress?.({ rows, totalRows, chunks: chunks.length, totalChunks });

    const requests: ExpertFileRequest[] = [];
    layouts.forEach((l, i) => {
      const rowGroups = l.rowGroups.map((_, g) => g).filter((g) => !have.has(`${l.name}#${g}`));
      if (rowGroups.length > 0) requests.push({ file: experts[i], tail: opened[i].tail, rowGroups });
    });
    await reading;
    check();
    const done = instr as Awaited<ReturnType<typeof instructionRows>> | null;
    if (!done) throw new DataLoadError('aborted', 'Loading was cancelled');
    // The expert worker stores the groups it streams itself; an in-process reader leaves it to us.
    const writer = reader.storesChunks ? null : new ChunkWriter(cache, src.key, chunks.length, { after: writes });
    if (reader.storesChunks) {
      // Its batches update the dataset record: that must be written first.
      await writes.catch((err: unknown) => {
        throw storageError(err);
      });
    }
    deps.onExpertsStart?.(requests.length > 0);
    try {
      if (requests.length > 0) {
        await reader.experts(
          requests,
          (chunk) => {
            chunks.push(chunk);
            joiner.add(chunk);
            writer?.add(chunk);
            rows += chunk.n;
            deps.onProgress?.({ rows, totalRows, chunks: chunks.length, totalChunks });
            list.poke();
          },
          signal,
          { datasetKey: src.key, doneBefore: chunks.length },
        );
      }
    } finally {
      // What arrived is kept even when the load fails: that is what resumes.
      await writer?.close();
    }
    await writes.catch((err: unknown) => {
      throw storageError(err);
    });
    check();
    deps.mark?.('experts-read');
    const joined = joiner.result(done.rows, done.error);
    const stamp = now();
    const table = buildExpertTable(chunks, joined.idByText, stamp);
    // Stored after the complete list has painted: the snapshot's encoding and the records' writes
    // are a task of their own, not part of the one that renders the list.
    deps.onList?.(joined, true);
    await deps.afterList?.();
    await cache
      .complete(
        { ...record, status: 'complete', totalChunks, doneChunks: totalChunks, updatedAt: stamp, info: { ...info(done.files), report: joined.report } },
        encodeSnapshot(joined, stamp),
        table,
      )
      .catch((err: unknown) => {
        throw storageError(err);
      });
    deps.mark?.('stored');
    return { key: src.key, joined, table, experts, layouts, fromCache: false, synthetic: src.synthetic === true, stamp };
  } catch (err) {
    inner.abort();
    const e = toDataLoadError(listError ?? err);
    await cache.patchDataset(src.key, { status: 'failed' }).catch(() => undefined);
    throw e;
  } finally {
    deps.signal?.removeEventListener('abort', stop);
  }
}
