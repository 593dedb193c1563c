/**
 * The four WebGPU libraries (the prebuilt Qwen2-7B / Qwen3-4B wasm files, f16 and f32) are served
 * by this site itself, so a rebuild upstream can never change what the app runs. The Pages build
 * downloads them once (scripts/fetch-webgpu-libs.mjs) into `webgpu-libs/` next to a
 * `manifest.json` with each file's SHA-256; the app hands web-llm the matching SRI string
 * (`record.integrity.model_lib`), and web-llm checks the bytes every time it loads them, from the
 * network or from its cache. A mismatch is refused with the file's name (errors-map.ts).
 *
 * A library URL the user sets in Settings is looked up in a `manifest.json` next to it; without
 * one it runs unverified (the user chose that file). Pure except `fetchLibraryManifest`, which
 * takes the fetch to use.
 */
import * as v from 'valibot';
import { EngineError } from '../errors.ts';
import type { WebLLMModelRecord } from '../catalog.ts';

export const LIBRARY_DIR = 'webgpu-libs/';
export const MANIFEST_FILE = 'manifest.json';

const ManifestSchema = v.object({
  files: v.record(
    v.string(),
    v.object({ sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)), bytes: v.optional(v.number()) }),
  ),
  source: v.optional(v.string()),
  webllm: v.optional(v.string()),
});
export type LibraryManifest = v.InferOutput<typeof ManifestSchema>;

export function parseLibraryManifest(json: unknown): LibraryManifest | null {
  const r = v.safeParse(ManifestSchema, json);
  return r.success ? r.output : null;
}

/** Where the site serves a library file, e.g. `https://me.github.io/pollux-web/webgpu-libs/Qwen3-4B-q4f16_1_cs1k-webgpu.wasm`. */
export function siteLibraryUrl(libFile: string, siteBase: string): string {
  return new URL(`${LIBRARY_DIR}${libFile}`, siteBase).href;
}

/** The manifest that vouches for a library: `manifest.json` in the same folder. */
export function manifestUrlFor(libUrl: string): string {
  return new URL(MANIFEST_FILE, libUrl).href;
}

export function fileNameOf(url: string): string {
  return new URL(url).pathname.split('/').pop() ?? url;
}

/** Hex SHA-256 → the SRI string web-llm verifies (`sha256-<base64>`). */
export function sriFromHex(hex: string): string {
  let bin = '';
  for (let i = 0; i < hex.length; i += 2) bin += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return `sha256-${btoa(bin)}`;
}

export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Checks bytes against the manifest; the error names the file and what to do. */
export async function verifyLibraryBytes(libUrl: string, bytes: ArrayBuffer | Uint8Array, manifest: LibraryManifest): Promise<EngineError | null> {
  const name = fileNameOf(libUrl);
  const want = manifest.files[name]?.sha256;
  if (want === undefined) return missingEntryError(libUrl);
  const got = await sha256Hex(bytes);
  return got === want ? null : mismatchError(libUrl, want, got);
}

export function mismatchError(libUrl: string, want: string, got: string): EngineError {
  return new EngineError(
    'integrity',
    `The WebGPU library ${fileNameOf(libUrl)} (${libUrl}) does not have the bytes this site recorded for it ` +
      `(SHA-256 ${got.slice(0, 12)}… instead of ${want.slice(0, 12)}…), so it was not run. Reload the page; ` +
      'if it persists, delete the model on the Models page and load it again, or report it.',
    'check-endpoint',
    `expected ${want}, got ${got}`,
  );
}

export function missingEntryError(libUrl: string): EngineError {
  return new EngineError(
    'integrity',
    `The site's library manifest (${manifestUrlFor(libUrl)}) has no entry for ${fileNameOf(libUrl)}, so its bytes cannot be ` +
      'checked and it was not run. The site was built without its WebGPU libraries; set a library URL in Settings → Judge, or use an endpoint.',
    'use-endpoint',
  );
}

export function noManifestError(libUrl: string, why: string): EngineError {
  return new EngineError(
    'not-found',
    `This site does not serve the WebGPU library ${fileNameOf(libUrl)}: ${manifestUrlFor(libUrl)} could not be read (${why}). ` +
      'The build did not run scripts/fetch-webgpu-libs.mjs. Set a library URL in Settings → Judge, or use an endpoint.',
    'use-endpoint',
  );
}

/** Reads a manifest; null when there is none (404 or unreadable), with the reason. */
export async function fetchLibraryManifest(
  fetchFn: typeof fetch,
  libUrl: string,
): Promise<{ manifest: LibraryManifest } | { manifest: null; why: string }> {
  const url = manifestUrlFor(libUrl);
  try {
    const res = await fetchFn(url, { cache: 'no-cache' });
    if (!res.ok) return { manifest: null, why: `HTTP ${res.status}` };
    const manifest = parseLibraryManifest(JSON.parse(await res.text()));
    return manifest ? { manifest } : { manifest: null, why: 'not a library manifest' };
  } catch (e) {
    return { manifest: null, why: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The record with its library's SRI. `ownLibrary`: the site's own copy, which must be in the
 * manifest; a user's URL without a manifest entry runs unverified.
 */
export function withLibraryIntegrity(
  record: WebLLMModelRecord,
  manifest: LibraryManifest | null,
  ownLibrary: boolean,
): WebLLMModelRecord | EngineError {
  const entry = manifest?.files[fileNameOf(record.model_lib)];
  if (entry === undefined) return ownLibrary ? missingEntryError(record.model_lib) : record;
  return { ...record, integrity: { ...record.integrity, model_lib: sriFromHex(entry.sha256), onFailure: 'error' } };
}
