/**
 * The one place the page imports web-llm, always dynamically: the bundle (~6 MB) becomes its
 * own chunk, fetched only when a model is loaded, a cache is queried or the prebuilt list is
 * shown. Also builds the app's AppConfig from web-llm's prebuilt list.
 */
import type { AppConfig } from '@mlc-ai/web-llm';
import type { UrlOverrides, WebLLMModelRecord } from '../catalog.ts';
import { buildAppConfig, isGenericJudgeCandidate } from './app-config.ts';

export type WebLLMModule = typeof import('@mlc-ai/web-llm');

let pending: Promise<WebLLMModule> | null = null;

export function loadWebLLM(): Promise<WebLLMModule> {
  pending ??= import('@mlc-ai/web-llm').catch((e: unknown) => {
    pending = null; // let a later call retry after a failed chunk fetch
    throw e;
  });
  return pending;
}

/** web-llm's prebuilt LLM records (generic judges). */
export function prebuiltRecords(webllm: WebLLMModule): WebLLMModelRecord[] {
  return webllm.prebuiltAppConfig.model_list.filter(isGenericJudgeCandidate).map((r) => ({
    model: r.model,
    model_id: r.model_id,
    model_lib: r.model_lib,
    ...(r.required_features ? { required_features: r.required_features } : {}),
    ...(r.vram_required_MB !== undefined ? { vram_required_MB: r.vram_required_MB } : {}),
    ...(r.low_resource_required !== undefined ? { low_resource_required: r.low_resource_required } : {}),
    ...(r.overrides?.context_window_size !== undefined ? { overrides: { context_window_size: r.overrides.context_window_size } } : {}),
  }));
}

export function webllmAppConfig(webllm: WebLLMModule, overrides?: UrlOverrides): AppConfig {
  return buildAppConfig(prebuiltRecords(webllm), overrides);
}
