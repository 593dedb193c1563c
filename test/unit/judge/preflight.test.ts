import { describe, expect, it } from 'vitest';
import { assessDevice, canOffer, memoryEstimateMB, webllmRequestedLimits } from '../../../src/lib/judge/preflight.ts';
import { familyRecords, findAppModel } from '../../../src/lib/judge/catalog.ts';
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
  it('picks f32 without shader-f16 and calls a fallback adapter far too slow (SwiftShader facts)', () => {
    const r = assessDevice(withAdapter({ isFallback: true, features: ['subgroups'], vendor: 'google', architecture: 'swiftshader' }), fam7);
    expect(r.pick?.record.model_id).toBe('pollux-judge-7b-q4f32_1-MLC');
    expect(r.verdict).toBe('slow');
    expect(r.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['fallback-adapter', 'no-f16']));
  });
  it('blocks on limits below web-llm minimum or below the model', () => {
    expect(ids(withAdapter({ limits: { ...good.adapter!.limits, maxStorageBufferBindingSize: 64 * 1024 * 1024 } }))).toContain('limits-webllm-min');
    expect(ids(withAdapter({ limits: { ...good.adapter!.limits, maxStorageBufferBindingSize: 200 * 1024 * 1024 } }))).toContain('limits-below-model');
  });

  // Synthetic adapters: what web-llm will request decides, not what the adapter offers.
  const MiB = 1024 * 1024;
  const limits = (over: Partial<NonNullable<DeviceFacts['adapter']>['limits']>) => withAdapter({ limits: { ...good.adapter!.limits, ...over } });
  it('an adapter offering 512 MiB or 1023 MiB gets only 256/128 MiB from web-llm: both judges are refused', () => {
    for (const size of [512 * MiB, 1023 * MiB]) {
      const facts = limits({ maxBufferSize: size, maxStorageBufferBindingSize: size });
      expect(webllmRequestedLimits(facts.adapter!.limits)).toMatchObject({ maxBufferSize: 256 * MiB, maxStorageBufferBindingSize: 128 * MiB, belowMinimum: [] });
      for (const family of ['pollux-judge-7b', 'Pollux-4B-Judge']) {
        const r = assessDevice(facts, familyRecords(family));
        expect(r.verdict, `${family} at ${size / MiB} MiB`).toBe('blocked');
        const f = r.findings.find((x) => x.id === 'limits-below-model');
        expect(f?.params).toMatchObject({ grantedMB: 128, maxBindingMB: size / MiB });
      }
    }
    // At 1 GiB web-llm asks for 1 GiB and the 7B's 260 MiB embedding fits.
    expect(ids(limits({ maxBufferSize: 1024 * MiB, maxStorageBufferBindingSize: 1024 * MiB }))).toContain('limits-ok');
  });
  it('16 KiB of workgroup storage or 8 storage buffers per stage are below web-llm’s hard minimums', () => {
    const small = assessDevice(limits({ maxComputeWorkgroupStorageSize: 16 * 1024 }), fam7);
    expect(small.verdict).toBe('blocked');
    expect(small.findings.find((f) => f.id === 'limits-webllm-min')?.params?.list).toContain('maxComputeWorkgroupStorageSize 16 KiB < 32 KiB');
    const few = assessDevice(limits({ maxStorageBuffersPerShaderStage: 8 }), fam7);
    expect(few.verdict).toBe('blocked');
    expect(few.findings.find((f) => f.id === 'limits-webllm-min')?.params?.list).toContain('maxStorageBuffersPerShaderStage 8 < 10');
  });
  it('estimates memory for the chosen context and offers f16 records only with shader-f16', () => {
    const f16 = findAppModel('pollux-judge-7b-q4f16_1-MLC')!;
    expect(memoryEstimateMB(f16)).toBe(f16.record.vram_required_MB);
    // 32k instead of 8k: 24,576 more tokens × 56 KiB of f16 KV cache = 1,344 MiB more.
    expect(memoryEstimateMB(f16, 32768) - memoryEstimateMB(f16)).toBe(1344);
    expect(canOffer(f16, withAdapter({ features: ['subgroups'] }))).toBe(false);
    expect(canOffer(f16, good)).toBe(true);
    expect(canOffer(findAppModel('pollux-judge-7b-q4f32_1-MLC')!, withAdapter({ features: [] }))).toBe(true);
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
