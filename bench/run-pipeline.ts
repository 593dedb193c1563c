/**
 * Node runner of the run pipeline benchmark (fake-indexeddb, which is much slower than a
 * browser's IndexedDB — see run-chromium.mjs for the same benchmark in Chromium).
 *
 *   npx vitest run --config bench/run-vitest.config.ts
 */
import 'fake-indexeddb/auto';
import { expect, test } from 'vitest';
import { openPolluxDB } from '../src/lib/store/db.ts';
import { runBench } from './run-bench-core.ts';

test('run pipeline benchmark (Node, fake-indexeddb)', async () => {
  const size = Number(process.env.BENCH_SIZE ?? 10_000);
  const results = await runBench((name) => openPolluxDB(`${name}-${Date.now()}`), (line) => console.log(line), size);
  expect(results).toHaveLength(3);
});
