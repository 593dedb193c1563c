/**
 * The data cache over the app's dexie database (passed in, so tests use fake-indexeddb): one
 * DatasetRecord per dataset+revision, one DataChunk per decoded row group (the resume unit), the
 * POLLUX-instructions rows as one chunk, the joined list as one snapshot chunk (what a warm open
 * reads), and per-instruction details.
 */
import type { PolluxDB } from '../store/db.ts';
import type { DatasetRecord } from '../store/data-records.ts';
import type { InstructionRow } from '../pollux/types.ts';
import { isListChunk, type ListChunk } from './chunk.ts';
import { isInstructionDetails } from './details.ts';
import { isJoinedSnapshot, type JoinedSnapshot } from './snapshot.ts';
import type { InstructionDetails } from './types.ts';

/** The snapshot's place in the chunks table: a file name no dataset file can have. */
const SNAPSHOT_FILE = '\u0000joined';

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

  async listChunks(datasetKey: string): Promise<ListChunk[]> {
    const recs = await this.db.chunks.where('[datasetKey+kind]').equals([datasetKey, 'list']).toArray();
    const chunks = recs.map((r) => r.data).filter(isListChunk);
    // File order, then row order: keeps row ranges and "first row wins" facets deterministic.
    return chunks.sort((a, b) => a.file.localeCompare(b.file) || a.rowGroup - b.rowGroup);
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
