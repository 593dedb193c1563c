/** Types of stub-model-host.mjs. */
export interface StubModelHost {
  url: string;
  log(): string[];
  close(): Promise<void>;
}
export declare function startStubModelHost(opts?: { port?: number }): Promise<StubModelHost>;
