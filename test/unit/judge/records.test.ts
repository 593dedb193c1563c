import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APP_MODELS } from '../../../src/lib/judge/catalog.ts';
import { MODEL_LIB_URL_PREFIX, MODEL_VERSION, WEBLLM_VERSION } from '../../../src/lib/judge/webllm/version.ts';

const bundle = readFileSync('node_modules/@mlc-ai/web-llm/lib/index.js', 'utf8');
const pkg = JSON.parse(readFileSync('node_modules/@mlc-ai/web-llm/package.json', 'utf8')) as { version: string };
const config = (id: string): Record<string, unknown> =>
  JSON.parse(readFileSync(`model-configs/configs/${id}/mlc-chat-config.json`, 'utf8')) as Record<string, unknown>;

describe('pinned web-llm', () => {
  it('is the version the constants were copied from', () => {
    expect(pkg.version).toBe(WEBLLM_VERSION);
    expect(bundle).toContain(`const modelVersion = "${MODEL_VERSION}";`);
    expect(bundle).toContain(`const modelLibURLPrefix = "${MODEL_LIB_URL_PREFIX}";`);
  });
});

describe('the libraries the site serves', () => {
  it('are exactly the records’ libraries, from the pinned version’s folder', () => {
    const pin = JSON.parse(readFileSync('model-configs/webgpu-libs.json', 'utf8')) as { folder: string; sha256: Record<string, string | null> };
    expect(pin.folder).toBe(`web-llm-models/${MODEL_VERSION}`);
    expect(Object.keys(pin.sha256).sort()).toEqual([...new Set(APP_MODELS.map((m) => m.app.libFile))].sort());
    for (const v of Object.values(pin.sha256)) if (v !== null) expect(v).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('app model records', () => {
  it('has the 7B and 4B judges in f16 and f32', () => {
    expect(APP_MODELS.map((m) => m.record.model_id).sort()).toEqual([
      'Pollux-4B-Judge-q4f16_1-MLC',
      'Pollux-4B-Judge-q4f32_1-MLC',
      'pollux-judge-7b-q4f16_1-MLC',
      'pollux-judge-7b-q4f32_1-MLC',
    ]);
  });

  for (const m of APP_MODELS) {
    const { record: r, app } = m;
    describe(r.model_id, () => {
      it('reuses a prebuilt library of the pinned version, matching quantization', () => {
        // The upstream location the Pages build copies the library from (the site serves its own copy).
        expect(r.model_lib).toBe(`${MODEL_LIB_URL_PREFIX}${MODEL_VERSION}/${app.libFile}`);
        expect(app.libFile).toContain(app.quantization);
        // The same lib file is what web-llm's own prebuilt record of the base model uses.
        expect(bundle).toContain(`/${app.libFile}"`);
        const base = app.family === 'pollux-judge-7b' ? 'Qwen2-7B-Instruct' : 'Qwen3-4B';
        expect(app.libFile.startsWith(`${base}-`)).toBe(true);
        expect(app.libFile.endsWith('_cs1k-webgpu.wasm')).toBe(true);
      });

      it('requires shader-f16 exactly when f16', () => {
        if (app.quantization === 'q4f16_1') expect(r.required_features).toEqual(['shader-f16']);
        else expect(r.required_features).toBeUndefined();
      });

      it('overrides the context window and every sampling default', () => {
        expect(r.overrides).toEqual({
          context_window_size: 8192,
          temperature: 0,
          top_p: 1,
          repetition_penalty: 1,
          presence_penalty: 0,
          frequency_penalty: 0,
        });
        expect(r.vram_required_MB).toBeGreaterThan(3000);
        // Unpublished: the repository's main; published: pinned to the weights' commit.
        if (app.weightsCommit === null) {
          expect(r.model).toMatch(/^https:\/\/huggingface\.co\/[^/]+\/[^/]+-MLC$/);
          expect(r.model.endsWith(r.model_id)).toBe(true);
          expect(app.weightsRevision).toBe(`${r.model_id}@unpublished`);
        } else {
          expect(app.weightsCommit).toMatch(/^[0-9a-f]{40}$/);
          expect(r.model).toBe(`https://huggingface.co/pollux-web/${r.model_id}/resolve/${app.weightsCommit}/`);
          expect(app.weightsRevision).toBe(`${r.model_id}@${app.weightsCommit}`);
        }
      });

      it('records the chat template’s thinking switch (the 4B judge reasons first) and the KV size per token', () => {
        expect(app.enableThinking).toBe(app.family === 'Pollux-4B-Judge' ? true : null);
        const layers = app.family === 'pollux-judge-7b' ? 28 : 36;
        const kvHeads = app.family === 'pollux-judge-7b' ? 4 : 8;
        expect(app.kvBytesPerToken).toBe(layers * 2 * kvHeads * 128 * (app.quantization === 'q4f16_1' ? 2 : 4));
      });

      it('declares the output format of its judge', () => {
        expect(app.outputFormat).toBe(app.family === 'Pollux-4B-Judge' ? 'bare-number' : 'tagged');
        expect(app.polluxTrained).toBe(true);
      });

      it('ships a matching mlc-chat-config.json', () => {
        const c = config(r.model_id);
        const mc = c['model_config'] as Record<string, unknown>;
        const want = app.family === 'pollux-judge-7b' ? 152064 : 151936;
        expect(c['vocab_size']).toBe(want);
        expect(mc['vocab_size']).toBe(want);
        expect(c['quantization']).toBe(app.quantization);
        expect(c['context_window_size']).toBe(8192);
        expect(c['prefill_chunk_size']).toBe(1024);
        expect(c['tokenizer_info']).toMatchObject({ token_postproc_method: 'byte_level' });
        expect(c['tokenizer_files']).toContain('tokenizer.json');
        const conv = c['conv_template'] as Record<string, unknown>;
        expect(conv['name']).toBe('qwen2');
        expect(conv['stop_token_ids']).toEqual([151643, 151645]);
        expect(c).toMatchObject({ temperature: 0, top_p: 1, repetition_penalty: 1, presence_penalty: 0, frequency_penalty: 0 });
        // The embedding q_weight (vocab × hidden/8 uint32) is the largest buffer preflight compares.
        expect(app.maxBufferBytes).toBe(want * ((mc['hidden_size'] as number) / 8) * 4);
      });
    });
  }
});
