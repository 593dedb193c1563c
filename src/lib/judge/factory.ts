/**
 * createEngine: the one way the app turns a JudgeSpec (what a run stores) back into a live
 * engine — after a page reload, a device loss or a dead worker. Creating is cheap and does no
 * I/O; call `load()` on the result. The API key and URL overrides are passed in, never stored
 * in the spec, so a run record never carries a secret.
 */
import type { JudgeSpec } from './spec.ts';
import type { JudgeEngine } from './engine.ts';
import type { UrlOverrides } from './catalog.ts';
import { OpenAICompatibleEngine } from './openai.ts';
import { WebLLMEngine } from './webllm/webllm-engine.ts';

export interface CreateEngineOptions {
  /** For 'openai' specs; held in memory only. */
  apiKey?: string;
  /** Idle timeout of endpoint requests (ms). */
  timeoutMs?: number;
  /** Weight/lib URL overrides per web-llm model id (Settings). */
  urlOverrides?: UrlOverrides;
  /** The page's base URL: where the site serves the WebGPU libraries (web-llm judges). */
  siteBase?: string;
  /** Whether web-llm's cache already holds a URL (skips the "are the weights published?" probe). */
  isCached?: (url: string) => Promise<boolean>;
  /** Injected in tests. */
  fetch?: typeof fetch;
  createWorker?: () => Worker;
}

export function createEngine(spec: JudgeSpec, opts: CreateEngineOptions = {}): JudgeEngine {
  switch (spec.kind) {
    case 'openai':
      return new OpenAICompatibleEngine({
        baseUrl: spec.baseUrl,
        model: spec.model,
        apiKey: opts.apiKey,
        concurrency: spec.concurrency,
        timeoutMs: opts.timeoutMs,
        outputFormat: spec.outputFormat,
        polluxTrained: spec.polluxTrained,
        fetch: opts.fetch,
      });
    case 'webllm':
      return new WebLLMEngine({
        modelId: spec.modelId,
        weightsRevision: spec.weightsRevision,
        outputFormat: spec.outputFormat,
        polluxTrained: spec.polluxTrained,
        contextWindow: spec.contextWindow,
        urlOverrides: opts.urlOverrides,
        siteBase: opts.siteBase,
        isCached: opts.isCached,
        fetch: opts.fetch,
        createWorker: opts.createWorker,
      });
  }
}

/** The spec of a loaded engine (what a run stores to rebuild it). */
export function specOf(engine: JudgeEngine, extra: { baseUrl?: string; concurrency?: number } = {}): JudgeSpec | null {
  const i = engine.info;
  if (i.kind === 'webllm') {
    return {
      kind: 'webllm',
      modelId: i.modelId,
      weightsRevision: i.weightsRevision,
      outputFormat: i.outputFormat,
      polluxTrained: i.polluxTrained,
      ...(i.contextWindow !== undefined ? { contextWindow: i.contextWindow } : {}),
    };
  }
  if (i.kind === 'openai' && extra.baseUrl !== undefined) {
    return {
      kind: 'openai',
      baseUrl: extra.baseUrl,
      model: i.modelId,
      outputFormat: i.outputFormat,
      polluxTrained: i.polluxTrained,
      concurrency: extra.concurrency ?? engine.maxConcurrency,
    };
  }
  return null;
}
