/**
 * The typed message union between the page and the data worker (worker.ts). Requests carry an
 * id; the worker answers each with a result or a serialised DataLoadError, and streams byte
 * counts and rate-limit waits as they happen.
 */
import type { FileSpec } from './config.ts';
import type { DataLoadErrorInfo } from './errors.ts';
import type { ListChunk } from './chunk.ts';
import type { DetailRow, FileLayout } from './decode.ts';
import type { InstructionRow } from '../pollux/types.ts';

export type WorkerRequest =
  | { id: number; op: 'layout'; file: FileSpec }
  | { id: number; op: 'list'; file: FileSpec; rowGroup: number }
  | { id: number; op: 'instructions'; file: FileSpec }
  | { id: number; op: 'details'; file: FileSpec; ranges: [number, number][] }
  | { op: 'cancel' };

export type WorkerResult =
  | { op: 'layout'; layout: FileLayout }
  | { op: 'list'; chunk: ListChunk }
  | { op: 'instructions'; rows: InstructionRow[] }
  | { op: 'details'; rows: DetailRow[] };

export type WorkerResponse =
  | { id: number; ok: true; result: WorkerResult }
  | { id: number; ok: false; error: DataLoadErrorInfo }
  | { op: 'bytes'; n: number }
  | { op: 'wait'; waitS: number; attempt: number; url: string };
