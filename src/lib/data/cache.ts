/**
 * The data cache over the app's dexie database (passed in, so tests use fake-indexeddb): one
 * DatasetRecord per dataset+revision, one DataChunk per decoded row group (the resume unit), the
 * POLLUX-instructions rows as one chunk, the joined list as one snapshot chunk (what a warm open
 * reads), the reference models' last report, and per-instruction details.
 */
import type { PolluxDB } from '../store/db.ts';
import type { DatasetRecord } from '../store/data-records.ts';
import type { InstructionRow } from '../pollux/types.ts';
import { isListChunk, type ListChunk } from './chunk.ts';
import { isInstructionDetails } from './details.ts';
import { isJoinedSnapshot, type JoinedSnapshot } from './snapshot.ts';
import { isExpertTable, type ExpertTable } from './expert-table.ts';
import type { FileTail } from './parquet-file.ts';
import type { InstructionDetails } from './types.ts';
import type { MetricsReport } from '../metrics/types.ts';
import { compareCodeUnits } from './text.ts';

/** Places in the chunks table no dataset file can have (file names never start with U+0000). */
const SNAPSHOT_FILE = '\u0000joined';
const EXPERTS_FILE = '\u0000experts';
const TAIL_PREFIX = '\u0000tail:';
const REPORT_FILE = '\u0000report';

function isFileTail(x: unknown): x is FileTail {
  const t = x as Partial<FileTail> | null;
  return typeof t === 'object' && t !== null && typeof t.start === 'number' && typeof t.size === 'number' && t.bytes instanceof ArrayBuffer;
}

export class DataCache {
  readonly db: PolluxDB;
  constructor(db: PolluxDB) {
    this.db = db;
  }

  /** Opens the database (idempotent); separate so a warm open can time it apart from the reads. */
  async open(): Promise<void> {
    await this.db.open();
  }

  getDataset(key: string): Promise<DatasetRecord | undefined> {
    return this.db.datasets.get(key);
  }

  async putDataset(rec: DatasetRecord): Promise<void> {
    await this.db.datasets.put(rec);
  }

  async patchDataset(key: string, patch: Partial<DatasetRecord>): Promise<void> {
    await this.db.datasets.update(key, { ...patch, updatedAt: Date.now() });
  }

  /** Which (file, rowGroup) list chunks are already cached. */
  async cachedListKeys(datasetKey: string): Promise<Set<string>> {
    const keys = await this.db.chunks.where('[datasetKey+kind]').equals([datasetKey, 'list']).primaryKeys();
    return new Set(keys.map(([, file, rg]) => `${file}#${rg}`));
  }

  async putListChunk(datasetKey: string, chunk: ListChunk): Promise<void> {
    await this.db.chunks.put({ datasetKey, file: chunk.file, rowGroup: chunk.rowGroup, kind: 'list', data: chunk });
  }

  /** A batch of row groups and the record's resume count, in one transaction. */
  async putListChunks(datasetKey: string, chunks: readonly ListChunk[], doneChunks: number): Promise<void> {
    await this.db.transaction('rw', this.db.chunks, this.db.datasets, async () => {
      await this.db.chunks.bulkPut(chunks.map((c) => ({ datasetKey, file: c.file, rowGroup: c.rowGroup, kind: 'list', data: c })));
      await this.db.datasets.update(datasetKey, { doneChunks, updatedAt: Date.now() });
    });
  }

  /**
   * Everything a load resumes from, in one read transaction (one round trip to the IndexedDB
   * backend, not five): the record, the files' tails, the cached row groups and instructions.
   */
  async resumeState(datasetKey: string): Promise<{ record: DatasetRecord | undefined; tails: Map<string, FileTail>; chunks: ListChunk[]; instructions: InstructionRow[] | null }> {
    return this.db.transaction('r', this.db.datasets, this.db.chunks, async () => {
      const [record, tails, chunks, instructions] = await Promise.all([this.getDataset(datasetKey), this.tails(datasetKey), this.listChunks(datasetKey), this.instructions(datasetKey)]);
      return { record, tails, chunks, instructions };
    });
  }

  /** Files' tails (footer + offset index), so a reload and instruction pages read no footer again. */
  async putTails(datasetKey: string, tails: ReadonlyMap<string, FileTail>): Promise<void> {
    await this.db.chunks.bulkPut([...tails].map(([file, tail]) => ({ datasetKey, file: `${TAIL_PREFIX}${file}`, rowGroup: 0, kind: 'tail', data: tail })));
  }

  async tails(datasetKey: string): Promise<Map<string, FileTail>> {
    const recs = await this.db.chunks.where('[datasetKey+kind]').equals([datasetKey, 'tail']).toArray();
    const out = new Map<string, FileTail>();
    for (const r of recs) if (isFileTail(r.data)) out.set(r.file.slice(TAIL_PREFIX.length), r.data);
    return out;
  }

  /** The expert table, or null when missing, of an older shape, or written for another load of the key. */
  async expertTable(datasetKey: string, stamp: number): Promise<ExpertTable | null> {
    const rec = await this.db.chunks.get([datasetKey, EXPERTS_FILE, 0]);
    return isExpertTable(rec?.data) && rec.data.stamp === stamp ? rec.data : null;
  }

  async putExpertTable(datasetKey: string, table: ExpertTable): Promise<void> {
    await this.db.chunks.put({ datasetKey, file: EXPERTS_FILE, rowGroup: 0, kind: 'experts', data: table });
  }

  /**
   * Marks a load complete: the snapshot, the expert table and the record in one transaction, so a
   * crash leaves either all three or the previous state (whose stamps then no longer match).
   */
  async complete(rec: DatasetRecord, snapshot: JoinedSnapshot, table: ExpertTable): Promise<void> {
    await this.db.transaction('rw', this.db.chunks, this.db.datasets, async () => {
      await this.db.chunks.bulkPut([
        { datasetKey: rec.key, file: SNAPSHOT_FILE, rowGroup: 0, kind: 'joined', data: snapshot },
        { datasetKey: rec.key, file: EXPERTS_FILE, rowGroup: 0, kind: 'experts', data: table },
      ]);
      await this.db.datasets.put(rec);
    });
  }

  /**
   * The reference models' report last computed for this load of the dataset, when it answered
   * exactly `request` (the caller's description of everything the report depends on); else null.
   * One record per dataset: a new request replaces it.
   */
  async report(datasetKey: string, stamp: number, request: string): Promise<MetricsReport | null> {
    const rec = await this.db.chunks.get([datasetKey, REPORT_FILE, 0]);
    const d = rec?.data as { stamp?: unknown; request?: unknown; report?: { systems?: unknown } } | undefined;
    return d && d.stamp === stamp && d.request === request && Array.isArray(d.report?.systems) ? (d.report as MetricsReport) : null;
  }

  async putReport(datasetKey: string, stamp: number, request: string, report: MetricsReport): Promise<void> {
    await this.db.chunks.put({ datasetKey, file: REPORT_FILE, rowGroup: 0, kind: 'report', data: { stamp, request, report } });
  }

  async listChunks(datasetKey: string): Promise<ListChunk[]> {
    const recs = await this.db.chunks.where('[datasetKey+kind]').equals([datasetKey, 'list']).toArray();
    const chunks = recs.map((r) => r.data).filter(isListChunk);
    // File order, then row order: keeps row ranges and "first row wins" facets deterministic.
    return chunks.sort((a, b) => compareCodeUnits(a.file, b.file) || a.rowGroup - b.rowGroup);
  }

  async putSnapshot(datasetKey: string, snapshot: JoinedSnapshot): Promise<void> {
    await this.db.chunks.put({ datasetKey, file: SNAPSHOT_FILE, rowGroup: 0, kind: 'joined', data: snapshot });
  }

  /**
   * The dataset record and its joined snapshot, read in one transaction (one round trip to the
   * IndexedDB backend instead of two). The snapshot is null when missing, of an older shape, or
   * written for an earlier load of the same key.
   */
  async openWarm(datasetKey: string): Promise<{ record: DatasetRecord | undefined; snapshot: JoinedSnapshot | null }> {
    const [record, snap] = await this.db.transaction('r', this.db.datasets, this.db.chunks, () =>
      Promise.all([this.db.datasets.get(datasetKey), this.db.chunks.get([datasetKey, SNAPSHOT_FILE, 0])]),
    );
    const data = snap?.data;
    const snapshot = isJoinedSnapshot(data) && record && data.stamp === record.updatedAt ? data : null;
    return { record, snapshot };
  }

  async putInstructions(datasetKey: string, file: string, rows: InstructionRow[]): Promise<void> {
    await this.db.chunks.put({ datasetKey, file, rowGroup: 0, kind: 'instructions', data: rows });
  }

  async instructions(datasetKey: string): Promise<InstructionRow[] | null> {
    const recs = await this.db.chunks.where('[datasetKey+kind]').equals([datasetKey, 'instructions']).toArray();
    if (recs.length === 0) return null;
    return recs.flatMap((r) => (Array.isArray(r.data) ? (r.data as InstructionRow[]) : []));
  }

  async getDetails(datasetKey: string, prompt_id: number): Promise<InstructionDetails | null> {
    const rec = await this.db.details.get([datasetKey, prompt_id]);
    return rec && isInstructionDetails(rec.data) ? rec.data : null;
  }

  async putDetails(datasetKey: string, details: InstructionDetails): Promise<void> {
    await this.db.details.put({ datasetKey, prompt_id: details.prompt_id, data: details, fetchedAt: Date.now() });
  }

  /** Drops every dataset, chunk and detail (taxonomy and runs stay). */
  async clear(): Promise<void> {
    await this.db.transaction('rw', this.db.datasets, this.db.chunks, this.db.details, async () => {
      await this.db.datasets.clear();
      await this.db.chunks.clear();
      await this.db.details.clear();
    });
  }
}
