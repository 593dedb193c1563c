/** vitest config of the run benchmarks (bench/run-pipeline.ts, bench/run-retry-cost.ts); not part of the unit suite. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['bench/run-pipeline.ts', 'bench/run-retry-cost.ts'],
    environment: 'node',
    testTimeout: 600_000,
    // One file, and the numbers must not share the CPU with other test files.
    fileParallelism: false,
  },
});
