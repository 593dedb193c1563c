/**
 * The data worker's API over the shared protocol (src/lib/worker/rpc.ts): one method per read,
 * plus events for progress (throttled byte counts), rate-limit waits, the instruction list's heads
 * and the expert table's row groups as they are decoded (tagged with the call they belong to).
 */
import type { FileSpec } from './config.ts';
import type { ListChunk } from './chunk.ts';
import type { DetailRow } from './decode.ts';
import type { ReadOptions } from './options.ts';
import type { FileTail } from './parquet-file.ts';
import type { ChunkStore, ExpertFileRequest, OpenedFile } from './reader.ts';
import type { InstructionExtras, InstructionHead } from './types.ts';

export type DataMethods = {
  open: { params: { file: FileSpec; tail?: FileTail }; result: OpenedFile };
  /** The rows' heads come first as an event (tagged with the call); the result is the rest of each row, in order. */
  instructions: { params: { tag: number; file: FileSpec; tail?: FileTail }; result: InstructionExtras[] };
  experts: { params: { tag: number; files: ExpertFileRequest[]; store?: ChunkStore }; result: null };
  details: { params: { file: FileSpec; tail?: FileTail; ranges: [number, number][] }; result: DetailRow[] };
  setOptions: { params: ReadOptions; result: null };
};

export type DataEvent =
  | { type: 'bytes'; planned: number; received: number }
  | { type: 'wait'; waitS: number; attempt: number; url: string }
  | { type: 'chunk'; tag: number; chunk: ListChunk }
  | { type: 'heads'; tag: number; heads: InstructionHead[] };
