/**
 * The page's side of the data worker: a `Decoder` whose calls become messages. Byte counts and
 * rate-limit waits are forwarded to callbacks; `cancel()` aborts the worker's in-flight fetches.
 */
import type { FileSpec } from './config.ts';
import type { ListChunk } from './chunk.ts';
import type { Decoder, DetailRow, FileLayout } from './decode.ts';
import { DataLoadError } from './errors.ts';
import type { InstructionRow } from '../pollux/types.ts';
import type { WorkerRequest, WorkerResponse, WorkerResult } from './worker-protocol.ts';

type Pending = { resolve: (r: WorkerResult) => void; reject: (e: DataLoadError) => void };
type Req = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface WorkerDecoderHooks {
  onBytes?: (n: number) => void;
  onWait?: (waitS: number, attempt: number, url: string) => void;
}

export class WorkerDecoder implements Decoder {
  #worker: Worker;
  #next = 1;
  #pending = new Map<number, Pending>();
  hooks: WorkerDecoderHooks;

  constructor(worker: Worker, hooks: WorkerDecoderHooks = {}) {
    this.#worker = worker;
    this.hooks = hooks;
    worker.onmessage = (ev: MessageEvent<WorkerResponse>) => {
      const m = ev.data;
      if ('op' in m) {
        if (m.op === 'bytes') this.hooks.onBytes?.(m.n);
        else this.hooks.onWait?.(m.waitS, m.attempt, m.url);
        return;
      }
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(DataLoadError.fromInfo(m.error));
    };
    worker.onerror = (ev) => {
      const err = new DataLoadError('corrupt', `The data worker failed: ${ev.message}`);
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
    };
  }

  #call(req: Req): Promise<WorkerResult> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...req, id } as WorkerRequest);
    });
  }

  cancel(): void {
    this.#worker.postMessage({ op: 'cancel' } satisfies WorkerRequest);
  }

  async layout(file: FileSpec): Promise<FileLayout> {
    const r = await this.#call({ op: 'layout', file });
    if (r.op !== 'layout') throw new DataLoadError('corrupt', 'Unexpected worker reply');
    return r.layout;
  }

  async listChunk(file: FileSpec, rowGroup: number): Promise<ListChunk> {
    const r = await this.#call({ op: 'list', file, rowGroup });
    if (r.op !== 'list') throw new DataLoadError('corrupt', 'Unexpected worker reply');
    return r.chunk;
  }

  async instructions(file: FileSpec): Promise<InstructionRow[]> {
    const r = await this.#call({ op: 'instructions', file });
    if (r.op !== 'instructions') throw new DataLoadError('corrupt', 'Unexpected worker reply');
    return r.rows;
  }

  async details(file: FileSpec, ranges: readonly (readonly [number, number])[]): Promise<DetailRow[]> {
    const r = await this.#call({ op: 'details', file, ranges: ranges.map(([a, b]) => [a, b]) });
    if (r.op !== 'details') throw new DataLoadError('corrupt', 'Unexpected worker reply');
    return r.rows;
  }
}
