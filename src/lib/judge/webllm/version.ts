/**
 * The pinned web-llm version and where its prebuilt WebGPU libraries live. The values are
 * copied from the bundle of @mlc-ai/web-llm 0.2.86 (`modelLibURLPrefix`, `modelVersion`); a unit
 * test reads them back from node_modules so an upgrade that changes them fails loudly instead of
 * silently pointing the records at libraries built for another runtime.
 */
export const WEBLLM_VERSION = '0.2.86';
export const MODEL_LIB_URL_PREFIX = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/';
export const MODEL_VERSION = 'v0_2_86/base';

/** URL of a prebuilt library of the pinned version, e.g. `Qwen2-7B-Instruct-q4f16_1_cs1k-webgpu.wasm`. */
export function prebuiltLibUrl(file: string, prefix: string = MODEL_LIB_URL_PREFIX): string {
  return `${prefix.replace(/\/?$/, '/')}${MODEL_VERSION}/${file}`;
}
