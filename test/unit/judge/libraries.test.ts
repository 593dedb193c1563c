import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  fetchLibraryManifest,
  manifestUrlFor,
  parseLibraryManifest,
  siteLibraryUrl,
  sriFromHex,
  verifyLibraryBytes,
  withLibraryIntegrity,
} from '../../../src/lib/judge/webllm/libraries.ts';
import { fileStateError, probeFile } from '../../../src/lib/judge/webllm/diagnose.ts';
import { findAppModel } from '../../../src/lib/judge/catalog.ts';
import { appRecordFor, buildAppConfig } from '../../../src/lib/judge/webllm/app-config.ts';
import { mapWebLLMError } from '../../../src/lib/judge/webllm/errors-map.ts';

// A local stand-in for the site's webgpu-libs/ folder: one small file and its manifest.
const dir = new URL('../../fixtures/webgpu-libs/', import.meta.url);
const LIB = 'Qwen3-4B-q4f16_1_cs1k-webgpu.wasm';
const bytes = readFileSync(new URL(LIB, dir));
const manifest = parseLibraryManifest(JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')))!;
const SITE = 'https://me.github.io/pollux-web/';
const libUrl = siteLibraryUrl(LIB, SITE);

describe('the site’s WebGPU libraries', () => {
  it('are served under webgpu-libs/ with a manifest next to them', () => {
    expect(libUrl).toBe(`${SITE}webgpu-libs/${LIB}`);
    expect(manifestUrlFor(libUrl)).toBe(`${SITE}webgpu-libs/manifest.json`);
    expect(manifest.files[LIB]?.bytes).toBe(bytes.length);
  });

  it('accepts the bytes the manifest recorded', async () => {
    expect(await verifyLibraryBytes(libUrl, bytes, manifest)).toBeNull();
  });

  it('refuses other bytes with a message naming the file and what to do', async () => {
    const changed = Uint8Array.from(bytes);
    changed[changed.length - 2] ^= 1;
    const err = await verifyLibraryBytes(libUrl, changed, manifest);
    expect(err?.code).toBe('integrity');
    expect(err?.message).toContain(LIB);
    expect(err?.message).toContain(libUrl);
    expect(err?.message).toMatch(/Reload the page/);
  });

  it('gives web-llm the SRI of the recorded hash, so web-llm itself refuses other bytes on every load', () => {
    const m = findAppModel('Pollux-4B-Judge-q4f16_1-MLC')!;
    const rec = appRecordFor(m, undefined, SITE);
    expect(rec.model_lib).toBe(libUrl);
    const withSri = withLibraryIntegrity(rec, manifest, true);
    if ('code' in withSri) throw withSri;
    expect(withSri.integrity).toEqual({ model_lib: sriFromHex(manifest.files[LIB]!.sha256), onFailure: 'error' });
    expect(sriFromHex('00ff')).toBe('sha256-AP8=');
    // web-llm's IntegrityError comes back as a message naming the library.
    const mapped = mapWebLLMError(`IntegrityError: Integrity verification failed for ${libUrl}\n  Expected: a\n  Actual: b`);
    expect(mapped.code).toBe('integrity');
    expect(mapped.message).toContain(libUrl);
  });

  it('the site’s own library must be in the manifest; a library the user chose runs unverified', () => {
    const other = appRecordFor(findAppModel('pollux-judge-7b-q4f16_1-MLC')!, undefined, SITE);
    const missing = withLibraryIntegrity(other, manifest, true);
    expect('code' in missing && missing.code).toBe('integrity');
    expect('message' in missing && missing.message).toContain('Qwen2-7B-Instruct-q4f16_1_cs1k-webgpu.wasm');
    const chosen = { ...other, model_lib: 'https://mirror.example/libs/x.wasm' };
    expect(withLibraryIntegrity(chosen, null, false)).toEqual(chosen);
  });

  it('reads the manifest through the fetch it is given, and says why when there is none', async () => {
    const served = await fetchLibraryManifest((async () => new Response(JSON.stringify(manifest))) as typeof fetch, libUrl);
    expect(served.manifest?.files[LIB]).toBeDefined();
    const none = await fetchLibraryManifest((async () => new Response('nope', { status: 404 })) as typeof fetch, libUrl);
    expect(none).toEqual({ manifest: null, why: 'HTTP 404' });
  });

  it('app config: POLLUX records use the site’s libraries; web-llm’s prebuilt records pass through whole', () => {
    const mistral = {
      model: 'https://huggingface.co/mlc-ai/Mistral-7B-Instruct-v0.3-q4f16_1-MLC',
      model_id: 'Mistral-7B-Instruct-v0.3-q4f16_1-MLC',
      model_lib: 'https://x/Mistral.wasm',
      overrides: { context_window_size: 4096, sliding_window_size: -1 },
      model_manifest: 'mlc-model-manifest.json',
    };
    const cfg = buildAppConfig([mistral], undefined, { siteBase: SITE });
    expect(cfg.model_list.find((r) => r.model_id === 'Pollux-4B-Judge-q4f16_1-MLC')?.model_lib).toBe(libUrl);
    expect(cfg.model_list.find((r) => r.model_id === mistral.model_id)).toEqual(mistral);
  });
});

describe('download diagnosis', () => {
  const url = 'https://huggingface.co/pollux-web/pollux-judge-7b-q4f16_1-MLC/resolve/main/mlc-chat-config.json';
  const answering = (status: number) => (async () => new Response(null, { status })) as typeof fetch;
  const failing = (opaque: boolean) =>
    (async (_u: RequestInfo | URL, init?: RequestInit) => {
      if (init?.mode === 'no-cors' && opaque) return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;

  it('a 404 or 401 on the weights is "not published yet", not a network error', async () => {
    for (const status of [404, 401]) {
      const err = fileStateError('pollux-judge-7b-q4f16_1-MLC', url, await probeFile(answering(status), url), false);
      expect(err?.code).toBe('not-published');
      expect(err?.message).toContain(url);
      expect(err?.message).toContain('endpoint');
    }
  });
  it('tells offline from CORS, and a present file is no error', async () => {
    expect(fileStateError('m', url, await probeFile(failing(false), url), false)?.message).toMatch(/offline/);
    expect(fileStateError('m', url, await probeFile(failing(true), url), false)?.code).toBe('cors');
    expect(fileStateError('m', url, await probeFile(answering(200), url), false)).toBeNull();
    expect(fileStateError('m', url, await probeFile(answering(404), url), true)?.code).toBe('not-found');
  });
});
