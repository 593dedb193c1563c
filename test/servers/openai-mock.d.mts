/** Types of openai-mock.mjs (the scripted OpenAI-compatible test server). */
import type { Server } from 'node:http';

export interface OpenAIMockOptions {
  apiKey?: string;
  /** `owned_by` of the listed models; 'vllm' (default) also serves GET /version and honours structured outputs. */
  ownedBy?: string;
}
export declare function createOpenAIMock(opts?: OpenAIMockOptions): { server: Server; closeHung(): void };
export interface RunningOpenAIMock {
  url: string;
  port: number;
  close(): Promise<void>;
}
export declare function startOpenAIMock(opts?: OpenAIMockOptions & { port?: number }): Promise<RunningOpenAIMock>;
