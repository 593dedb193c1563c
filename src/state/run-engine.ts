/**
 * The bridge between runs and the shared judge: a run gets its engine through
 * `judgeState.ensureEngine`, so the model the user loaded on the Models page is reused (one
 * model on the GPU, never two), its load progress shows in the header, and its measured speed
 * feeds the planner. The run machinery calls `load()` on what it gets and `unload()` after a
 * lost device or a hang; here load is already done by ensureEngine, and unload goes through
 * judgeState so the next ensureEngine builds a fresh engine.
 */
import type { JudgeEngine } from '../lib/judge/engine.ts';
import type { JudgeSpec } from '../lib/judge/spec.ts';
import { judgeState } from './judge.svelte.ts';

export async function sharedEngineFor(spec: JudgeSpec): Promise<JudgeEngine> {
  const engine = await judgeState.ensureEngine(spec);
  return {
    // A getter: an endpoint learns what it can do (constraints, context) when it loads.
    get info() {
      return engine.info;
    },
    maxConcurrency: engine.maxConcurrency,
    load: async () => undefined,
    generate: async (req, opts) => {
      const result = await engine.generate(req, opts);
      judgeState.recordUsage(result.usage);
      return result;
    },
    unload: () => judgeState.unload(),
  };
}
