/**
 * The worker side of the data protocol: serves a reader's four reads and its options over an
 * endpoint (the worker scope; a MessagePort in tests), sends byte counts at most every 100 ms
 * (always before a read's result, so the page's totals are final), rate-limit waits and streamed
 * row groups as events, and DataLoadErrors as their info (the client revives them).
 */
import { serve, type Endpoint } from '../worker/rpc.ts';
import type { PolluxDB } from '../store/db.ts';
import { DataCache } from './cache.ts';
import { ChunkWriter } from './chunk-writer.ts';
import { serializeDataError } from './errors.ts';
import type { DataReader, ReaderHooks } from './reader.ts';
import { throttle } from './throttle.ts';
import type { DataEvent, DataMethods } from './worker-protocol.ts';

/**
 * `db`: the worker's own connection to the app's database, when it stores the row groups it
 * streams (a batch per transaction, with the resume count), so the page never clones them for
 * IndexedDB on its main thread.
 */
export function hostReader(scope: Endpoint, makeReader: (hooks: ReaderHooks) => DataReader, db?: () => PolluxDB): void {
  let cache: DataCache | null = null;
  const emit = (e: DataEvent) => scope.postMessage({ t: 'event', event: e });
  const counts = { planned: 0, received: 0 };
  const bytes = throttle(() => {
    const e: DataEvent = { type: 'bytes', ...counts };
    counts.planned = 0;
    counts.received = 0;
    emit(e);
  }, 100);
  const reader = makeReader({
    onPlanned: (n) => {
      counts.planned += n;
      bytes.poke();
    },
    onBytes: (n) => {
      counts.received += n;
      bytes.poke();
    },
    onWait: (waitS, attempt, url) => emit({ type: 'wait', waitS, attempt, url }),
  });
  const counted = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } finally {
      bytes.flush();
    }
  };
  serve<DataMethods, DataEvent>(
    scope,
    {
      open: ({ file, tail }, ctx) => counted(reader.open(file, tail, ctx.signal)),
      instructions: async ({ tag, file, tail }, ctx) => {
        // The heads went to the page already: only the rest of each row is sent again.
        const rows = await counted(reader.instructions(file, tail, ctx.signal, (heads) => ctx.emit({ type: 'heads', tag, heads })));
        return rows.map((r) => ({ reference_answer: r.reference_answer, criteria: r.criteria }));
      },
      experts: async ({ tag, files, store }, ctx) => {
        const writer = store && db ? new ChunkWriter((cache ??= new DataCache(db())), store.datasetKey, store.doneBefore) : null;
        try {
          await counted(
            reader.experts(
              files,
              (chunk) => {
                ctx.emit({ type: 'chunk', tag, chunk });
                writer?.add(chunk);
              },
              ctx.signal,
            ),
          );
        } finally {
          // What arrived is stored even when the read fails: that is what resumes.
          await writer?.close();
        }
        return null;
      },
      details: ({ file, tail, ranges }, ctx) => counted(reader.details(file, tail, ranges, ctx.signal)),
      setOptions: (options) => {
        reader.setOptions(options);
        return null;
      },
    },
    { serializeError: serializeDataError },
  );
}
