/**
 * The pinned web-llm version and where its prebuilt WebGPU libraries live. The values are
 * copied from the bundle of @mlc-ai/web-llm 0.2.86 (`modelLibURLPrefix`, `modelVersion`); a unit
 * test reads them back from node_modules so an upgrade that changes them fails loudly instead of
 * silently pointing the records at libraries built for another runtime.
 */
export const WEBLLM_VERSION = '0.2.86';
export const MODEL_LIB_URL_PREFIX = 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/web-llm-models/';
export const MODEL_VERSION = 'v0_2_86/base';
