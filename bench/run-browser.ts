/** Browser entry of the run pipeline benchmark: real IndexedDB, driven by run-chromium.mjs. */
import { openPolluxDB } from '../src/lib/store/db.ts';
import { runBench, type BenchResult } from './run-bench-core.ts';

declare global {
  var runPolluxBench: (size: number) => Promise<BenchResult[]>;
}

globalThis.runPolluxBench = (size: number) =>
  runBench((name) => openPolluxDB(`${name}-${Date.now()}`), (line) => console.log(line), size);
