/**
 * The one message protocol between the page and its workers (data decoding, metrics): typed
 * calls by id, per-call cancellation, typed events from the worker, errors that keep their type.
 *
 * A worker module describes its API as a map of methods (`{ name: { params; result } }`) and
 * an event union, calls `serve(scope, handlers)`, and the page holds an `RpcClient` for it. The
 * protocol is small on purpose: every worker speaks it the same way, so a new worker is a
 * handler map and a client, never another hand-rolled switch over message shapes.
 */

/** Method name → its parameters and result, e.g. `{ layout: { params: FileSpec; result: FileLayout } }`. */
export type MethodMap = Record<string, { params: unknown; result: unknown }>;

/** What travels: anything structured clone accepts. Results may list buffers to transfer. */
export type CallMessage<M extends MethodMap> = { [K in keyof M & string]: { t: 'call'; id: number; method: K; params: M[K]['params'] } }[keyof M & string];
export type ControlMessage = { t: 'cancel'; id: number };
export type ReplyMessage<E> =
  | { t: 'result'; id: number; value: unknown }
  | { t: 'error'; id: number; error: unknown }
  | { t: 'event'; event: E };

/** The part of a Worker, a worker scope or a MessagePort that the protocol uses. */
export interface Endpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
}

export interface HandlerContext<E> {
  /** Aborts when the caller cancels this call (or cancels everything). */
  signal: AbortSignal;
  /** Sends an event to the page (progress, byte counts…). */
  emit(event: E): void;
  /** Buffers of the result to transfer instead of copying. */
  transfer(buffers: Transferable[]): void;
}

export type Handlers<M extends MethodMap, E> = {
  [K in keyof M]: (params: M[K]['params'], ctx: HandlerContext<E>) => Promise<M[K]['result']> | M[K]['result'];
};

export interface ServeOptions {
  /** Turns a thrown value into something structured clone can carry (e.g. a typed error's info). */
  serializeError?: (e: unknown) => unknown;
  /** Run calls one at a time in arrival order (a worker whose state later calls depend on). */
  sequential?: boolean;
}

function defaultSerialize(e: unknown): unknown {
  return { message: e instanceof Error ? e.message : String(e) };
}

/** Serves `handlers` on a worker scope (or any endpoint). */
export function serve<M extends MethodMap, E = never>(scope: Endpoint, handlers: Handlers<M, E>, options: ServeOptions = {}): void {
  const running = new Map<number, AbortController>();
  const serialize = options.serializeError ?? defaultSerialize;
  let queue: Promise<void> = Promise.resolve();
  const emit = (event: E) => scope.postMessage({ t: 'event', event } satisfies ReplyMessage<E>);

  async function handle(msg: CallMessage<M>): Promise<void> {
    const controller = new AbortController();
    running.set(msg.id, controller);
    let transfer: Transferable[] = [];
    try {
      const handler = handlers[msg.method];
      if (!handler) throw new Error(`Unknown worker method: ${msg.method}`);
      const value = await handler(msg.params, { signal: controller.signal, emit, transfer: (b) => (transfer = b) });
      scope.postMessage({ t: 'result', id: msg.id, value } satisfies ReplyMessage<E>, transfer);
    } catch (e) {
      scope.postMessage({ t: 'error', id: msg.id, error: serialize(e) } satisfies ReplyMessage<E>);
    } finally {
      running.delete(msg.id);
    }
  }

  scope.addEventListener('message', (ev: MessageEvent) => {
    const msg = ev.data as CallMessage<M> | ControlMessage;
    if (msg.t === 'cancel') {
      if (msg.id < 0) for (const c of running.values()) c.abort();
      else running.get(msg.id)?.abort();
      return;
    }
    if (options.sequential) queue = queue.then(() => handle(msg));
    else void handle(msg);
  });
}

export interface RpcClientOptions<E> {
  /** Rebuilds the error a handler threw from what serializeError sent. */
  reviveError?: (error: unknown) => Error;
  /** Events the worker emits. */
  onEvent?: (event: E) => void;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** The page's side: `call('method', params)` resolves with that method's typed result. */
export class RpcClient<M extends MethodMap, E = never> {
  #endpoint: Endpoint;
  #next = 1;
  #pending = new Map<number, Pending>();
  #revive: (error: unknown) => Error;
  onEvent: ((event: E) => void) | undefined;

  constructor(endpoint: Endpoint, options: RpcClientOptions<E> = {}) {
    this.#endpoint = endpoint;
    this.#revive = options.reviveError ?? ((e) => new Error((e as { message?: string } | null)?.message ?? String(e)));
    this.onEvent = options.onEvent;
    endpoint.addEventListener('message', (ev: MessageEvent) => {
      const msg = ev.data as ReplyMessage<E>;
      if (msg.t === 'event') {
        this.onEvent?.(msg.event);
        return;
      }
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      if (msg.t === 'result') p.resolve(msg.value);
      else p.reject(this.#revive(msg.error));
    });
  }

  /** Calls `method`; an aborted `signal` cancels it in the worker and rejects with its reason. */
  call<K extends keyof M & string>(method: K, params: M[K]['params'], options: { signal?: AbortSignal; transfer?: Transferable[] } = {}): Promise<M[K]['result']> {
    const id = this.#next++;
    const { signal } = options;
    return new Promise<M[K]['result']>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
      const onAbort = () => {
        this.#endpoint.postMessage({ t: 'cancel', id } satisfies ControlMessage);
        this.#pending.delete(id);
        reject(signal?.reason instanceof Error ? signal.reason : new DOMException('Aborted', 'AbortError'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(id, {
        resolve: (v) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(v as M[K]['result']);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      });
      const msg = { t: 'call', id, method, params } as CallMessage<M>;
      this.#endpoint.postMessage(msg, options.transfer ?? []);
    });
  }

  /** Aborts every call in flight in the worker (their promises reject with what the worker reports). */
  cancelAll(): void {
    this.#endpoint.postMessage({ t: 'cancel', id: -1 } satisfies ControlMessage);
  }

  /** Fails every call in flight: the worker is gone (crashed or terminated). */
  failAll(error: Error): void {
    for (const p of this.#pending.values()) p.reject(error);
    this.#pending.clear();
  }

  get inFlight(): number {
    return this.#pending.size;
  }
}
