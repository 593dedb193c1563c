/**
 * The one interface every model backend implements (web-llm in a worker, an OpenAI-compatible
 * endpoint, the scripted test engine). Everything that needs a model — the try-out, answer
 * generation, judging runs — talks to a JudgeEngine and nothing else, so backends are
 * interchangeable and the run machinery is tested without a GPU.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Sampling parameters; every field is sent explicitly so model-side defaults never leak in. */
export interface SamplingParams {
  temperature: number;
  top_p: number;
  max_tokens: number;
  seed?: number;
  stop?: string[];
}

/**
 * Constrained decoding for a retry: a grammar (web-llm's xgrammar, EBNF) or a regular expression
 * (vLLM structured output). Built from the rubric by run/constraint.ts.
 */
export type DecodingConstraint = { kind: 'grammar'; ebnf: string } | { kind: 'regex'; pattern: string };

export interface GenerateRequest {
  messages: ChatMessage[];
  sampling: SamplingParams;
  /** Absent: free decoding (how POLLUX runs its judges). Engines reject a kind they cannot honour. */
  constraint?: DecodingConstraint;
  /** The chat template's `enable_thinking` switch (Qwen3 templates); absent: not sent at all. */
  enableThinking?: boolean;
}

/**
 * Why generation ended. 'length': the window or max_tokens cut it; 'none': the stream ended
 * without saying why (a connection closed early) — both mean the text may be incomplete.
 */
export type FinishReason = 'stop' | 'length' | 'abort' | 'none' | 'other';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Measured by the backend when it reports it (web-llm does), else estimated from wall time. */
  prefillTokensPerS?: number;
  decodeTokensPerS?: number;
  latencyS?: number;
}

export interface GenerateResult {
  text: string;
  finishReason: FinishReason;
  usage: Usage;
}

export interface LoadProgress {
  /** download: fetching weights; upload: copying them to the GPU; ready: done. */
  phase: 'init' | 'download' | 'upload' | 'ready';
  /** 0..1 within the phase. */
  fraction: number;
  loadedBytes?: number;
  totalBytes?: number;
  /** Seconds until the phase ends, when it can be estimated. */
  etaS?: number;
  text: string;
}

/** How a judge writes its verdict: POLLUX 7B/32B `[FEEDBACK] … [RESULT] n [END]`, or the 4B judge's bare number. */
export type OutputFormat = 'tagged' | 'bare-number';

export interface EngineInfo {
  kind: 'webllm' | 'openai' | 'scripted';
  /** Model id as the backend knows it. */
  modelId: string;
  /** Weights revision (HF commit, URL, or endpoint-reported id) — part of every cache key. */
  weightsRevision: string;
  /** Human label for the UI. */
  label: string;
  /** False for generic models used as judges with the POLLUX prompt. */
  polluxTrained: boolean;
  outputFormat: OutputFormat;
  /** Constraint kinds generate() honours (absent or empty: none; retries then vary the sampling instead). */
  constraints?: readonly DecodingConstraint['kind'][];
  /** Tokens of prompt + output the model accepts, when known (web-llm: the context setting; vLLM: max_model_len). */
  contextWindow?: number;
}

export interface LoadOptions {
  signal?: AbortSignal;
  onProgress?: (p: LoadProgress) => void;
}

export interface GenerateOptions {
  signal?: AbortSignal;
  onToken?: (delta: string) => void;
}

export interface JudgeEngine {
  readonly info: EngineInfo;
  /** How many generate() calls may be in flight at once (1 for WebGPU; a setting for endpoints). */
  readonly maxConcurrency: number;
  load(opts?: LoadOptions): Promise<void>;
  /** Rejects with an EngineError (see errors.ts), never with a bare string. */
  generate(req: GenerateRequest, opts?: GenerateOptions): Promise<GenerateResult>;
  unload(): Promise<void>;
}
