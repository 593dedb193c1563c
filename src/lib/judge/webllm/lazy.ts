/**
 * The one place the page imports web-llm, always dynamically: the bundle (~6 MB) becomes its
 * own chunk, fetched only when a model is loaded, a cache is queried or the prebuilt list is
 * shown. Also builds the app's AppConfig from web-llm's prebuilt list.
 */
import type { AppConfig } from '@mlc-ai/web-llm';
import type { UrlOverrides, WebLLMModelRecord } from '../catalog.ts';
import { buildAppConfig, isGenericJudgeCandidate, type AppConfigOptions } from './app-config.ts';

export type WebLLMModule = typeof import('@mlc-ai/web-llm');

let pending: Promise<WebLLMModule> | null = null;

export function loadWebLLM(): Promise<WebLLMModule> {
  pending ??= import('@mlc-ai/web-llm').catch((e: unknown) => {
    pending = null; // let a later call retry after a failed chunk fetch
    throw e;
  });
  return pending;
}

/**
 * web-llm's prebuilt LLM records (generic judges), exactly as web-llm defines them: every field
 * (`overrides.sliding_window_size`, `model_manifest`, `integrity`, …) passes through, or a
 * model loses settings it needs (Mistral without sliding_window_size -1 fails to load).
 */
export function prebuiltRecords(webllm: WebLLMModule): WebLLMModelRecord[] {
  return webllm.prebuiltAppConfig.model_list.filter(isGenericJudgeCandidate).map((r) => ({ ...r }) as WebLLMModelRecord);
}

export function webllmAppConfig(webllm: WebLLMModule, overrides?: UrlOverrides, opts: AppConfigOptions = {}): AppConfig {
  return buildAppConfig(prebuiltRecords(webllm), overrides, opts) as AppConfig;
}
