import { describe, expect, it } from 'vitest';
import { assessDevice } from '../../../src/lib/judge/preflight.ts';
import { familyRecords } from '../../../src/lib/judge/catalog.ts';
import { gatherDeviceFacts, type DeviceFacts } from '../../../src/lib/judge/device-facts.ts';

const GiB = 1024 ** 3;
const fam7 = familyRecords('pollux-judge-7b');
const good: DeviceFacts = {
  webgpu: true,
  adapter: {
    isFallback: false,
    vendor: 'nvidia',
    architecture: 'ampere',
    description: '',
    features: ['shader-f16', 'subgroups'],
    limits: { maxBufferSize: 2 * GiB, maxStorageBufferBindingSize: GiB, maxComputeWorkgroupStorageSize: 32768, maxStorageBuffersPerShaderStage: 10 },
  },
  storage: { quotaBytes: 100 * GiB, usageBytes: GiB, persisted: true },
};
const ids = (facts: DeviceFacts, cachedBytes = 0) => assessDevice(facts, fam7, { cachedBytes }).findings.map((f) => f.id);
const withAdapter = (patch: Partial<NonNullable<DeviceFacts['adapter']>>): DeviceFacts => ({
  ...good,
  adapter: { ...good.adapter!, ...patch },
});

describe('assessDevice', () => {
  it('ok on a capable GPU, picking f16', () => {
    const r = assessDevice(good, fam7);
    expect(r.verdict).toBe('ok');
    expect(r.pick?.record.model_id).toBe('pollux-judge-7b-q4f16_1-MLC');
  });
  it('blocks without WebGPU or adapter', () => {
    expect(assessDevice({ ...good, webgpu: false, adapter: null }, fam7)).toMatchObject({ verdict: 'blocked', pick: null });
    expect(ids({ ...good, adapter: null })).toEqual(['no-adapter']);
  });
  it('picks f32 without shader-f16 and warns on a fallback adapter (SwiftShader facts)', () => {
    const r = assessDevice(withAdapter({ isFallback: true, features: ['subgroups'], vendor: 'google', architecture: 'swiftshader' }), fam7);
    expect(r.pick?.record.model_id).toBe('pollux-judge-7b-q4f32_1-MLC');
    expect(r.verdict).toBe('warn');
    expect(r.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['fallback-adapter', 'no-f16']));
  });
  it('blocks on limits below web-llm minimum or below the model', () => {
    expect(ids(withAdapter({ limits: { ...good.adapter!.limits, maxStorageBufferBindingSize: 64 * 1024 * 1024 } }))).toContain('limits-webllm-min');
    expect(ids(withAdapter({ limits: { ...good.adapter!.limits, maxStorageBufferBindingSize: 200 * 1024 * 1024 } }))).toContain('limits-below-model');
  });
  it('compares free storage with what is left to download', () => {
    const tight: DeviceFacts = { ...good, storage: { quotaBytes: 4 * GiB, usageBytes: GiB, persisted: false } };
    expect(assessDevice(tight, fam7).verdict).toBe('blocked');
    expect(ids(tight)).toEqual(expect.arrayContaining(['storage-short', 'not-persisted']));
    // 2 GB already cached: the remaining ~2.2 GB fits in 3 GB free.
    expect(ids(tight, 2 * GiB)).toContain('storage-ok');
    expect(ids({ ...good, storage: { quotaBytes: null, usageBytes: null, persisted: null } })).toContain('storage-unknown');
  });
});

describe('gatherDeviceFacts', () => {
  it('reads adapter info, fallback flag, features and storage from navigator-like objects', async () => {
    const adapter = {
      info: { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true },
      features: new Set(['subgroups']),
      limits: { maxBufferSize: GiB, maxStorageBufferBindingSize: GiB, maxComputeWorkgroupStorageSize: 32768, maxStorageBuffersPerShaderStage: 10 },
    } as unknown as GPUAdapter;
    const facts = await gatherDeviceFacts({
      gpu: { requestAdapter: async () => adapter },
      storage: { estimate: async () => ({ quota: 10, usage: 1 }), persisted: async () => false },
    });
    expect(facts.adapter).toMatchObject({ isFallback: true, features: ['subgroups'] });
    expect(facts.storage).toEqual({ quotaBytes: 10, usageBytes: 1, persisted: false });
    expect((await gatherDeviceFacts({})).webgpu).toBe(false);
    expect((await gatherDeviceFacts({ gpu: { requestAdapter: async () => null } })).adapter).toBeNull();
  });
});
