/**
 * An AsyncBuffer over byte ranges already fetched (the coalesced ranges of a read, and the cached
 * tail): hyparquet decodes from memory and never triggers a request of its own. A slice outside
 * every piece is a planning bug; it is served by the fallback reader (counted in `misses`, which
 * tests assert to be zero) rather than failing the user's read.
 */
import type { AsyncBufferLike } from './range-fetch.ts';

interface Piece {
  start: number;
  bytes: ArrayBuffer;
}

export class PieceBuffer implements AsyncBufferLike {
  readonly byteLength: number;
  #pieces: Piece[] = [];
  #fallback: AsyncBufferLike | null;
  misses = 0;

  constructor(byteLength: number, fallback: AsyncBufferLike | null = null) {
    this.byteLength = byteLength;
    this.#fallback = fallback;
  }

  add(start: number, bytes: ArrayBuffer): this {
    this.#pieces.push({ start, bytes });
    this.#pieces.sort((a, b) => a.start - b.start);
    return this;
  }

  /** Whether [start, end) is held (possibly across touching pieces). */
  covers(start: number, end: number): boolean {
    let at = start;
    for (const p of this.#pieces) {
      if (p.start > at) break;
      at = Math.max(at, p.start + p.bytes.byteLength);
      if (at >= end) return true;
    }
    return at >= end;
  }

  async slice(start: number, end: number = this.byteLength): Promise<ArrayBuffer> {
    for (const p of this.#pieces) {
      if (start >= p.start && end <= p.start + p.bytes.byteLength) {
        return start === p.start && end === p.start + p.bytes.byteLength ? p.bytes : p.bytes.slice(start - p.start, end - p.start);
      }
    }
    if (this.covers(start, end)) {
      // A slice across touching pieces (a range that runs into the cached tail).
      const out = new Uint8Array(end - start);
      for (const p of this.#pieces) {
        const a = Math.max(start, p.start);
        const b = Math.min(end, p.start + p.bytes.byteLength);
        if (a < b) out.set(new Uint8Array(p.bytes, a - p.start, b - a), a - start);
      }
      return out.buffer;
    }
    if (!this.#fallback) throw new Error(`bytes ${start}-${end} were not fetched`);
    this.misses++;
    return this.#fallback.slice(start, end);
  }
}
