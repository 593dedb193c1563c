/**
 * The metrics worker's side of its bootstrap helper thread: a SliceRunner (bootstrap-split.ts)
 * over a port the caller opens (a nested dedicated Worker in the browser, a fake in tests).
 * Requests by id; a port that fails or is abandoned is closed and everything in flight rejected;
 * the next request opens a fresh one, up to MAX_PORT_FAILURES times, after which the helper is
 * off and the bootstrap runs on one thread. Pure apart from the injected port.
 */
import type { BootstrapOptions, FactoredSums } from '../stats/index.ts';
import type { HelperRequest, HelperResponse } from './bootstrap-protocol.ts';
import type { SliceRunner } from './bootstrap-split.ts';

const MAX_PORT_FAILURES = 3;

export interface HelperPort {
  post(msg: HelperRequest): void;
  close(): void;
}

/** Opens a port whose replies go to onMessage and failures to onFail; null where none can be opened. */
export type OpenHelperPort = (onMessage: (msg: HelperResponse) => void, onFail: (message: string) => void) => HelperPort | null;

export class BootstrapHelper implements SliceRunner {
  #open: OpenHelperPort;
  #port: HelperPort | null = null;
  #failures = 0;
  #nextId = 1;
  #pending = new Map<number, { resolve: (stats: Float64Array) => void; reject: (e: Error) => void }>();

  constructor(open: OpenHelperPort) {
    this.#open = open;
  }

  /** False once the port failed MAX_PORT_FAILURES times (or could not be opened at all). */
  get available(): boolean {
    return this.#failures < MAX_PORT_FAILURES;
  }

  #ensure(): HelperPort | null {
    if (this.#port || !this.available) return this.#port;
    let port: HelperPort | null = null;
    try {
      port = this.#open(
        (msg) => this.#receive(port, msg),
        (message) => this.#fail(port, message),
      );
    } catch {
      port = null;
    }
    // Not openable here (no nested Worker): don't try again.
    if (!port) this.#failures = MAX_PORT_FAILURES;
    this.#port = port;
    return port;
  }

  #receive(from: HelperPort | null, msg: HelperResponse): void {
    if (from !== this.#port) return; // a reply from an abandoned port
    const p = this.#pending.get(msg.id);
    if (!p) return;
    this.#pending.delete(msg.id);
    if (msg.kind === 'stats' && msg.stats instanceof Float64Array) p.resolve(msg.stats);
    else p.reject(new Error(msg.kind === 'error' ? msg.message : 'bootstrap helper: malformed reply'));
  }

  #fail(from: HelperPort | null, message: string): void {
    if (from !== this.#port || from === null) return;
    this.#failures++;
    this.#close(message);
  }

  #close(message: string): void {
    const port = this.#port;
    this.#port = null;
    try {
      port?.close();
    } catch {
      // Already gone.
    }
    for (const p of this.#pending.values()) p.reject(new Error(message));
    this.#pending.clear();
  }

  run(data: FactoredSums, options: BootstrapOptions, from: number, to: number): Promise<Float64Array> | null {
    const port = this.#ensure();
    if (!port) return null;
    const id = this.#nextId++;
    const reply = new Promise<Float64Array>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    try {
      port.post({ id, data, options, from, to });
    } catch (e) {
      this.#pending.delete(id);
      this.#fail(port, e instanceof Error ? e.message : String(e));
      return null;
    }
    return reply;
  }

  abandon(): void {
    if (!this.#port) return;
    this.#failures++;
    this.#close('bootstrap helper abandoned');
  }
}
