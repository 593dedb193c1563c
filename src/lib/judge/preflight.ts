/**
 * Preflight: decides, before any download, whether this device can run a judge family and
 * which record (q4f16_1 or q4f32_1) to use. Pure: facts in (device-facts.ts), a report out.
 *
 * It reproduces web-llm 0.2.86's own device request (detectGPUDevice) rather than reading the
 * adapter's limits at face value: web-llm asks for 1 GiB buffers and bindings only when the
 * adapter offers at least that much, and otherwise falls back to 256 MiB buffers / 128 MiB
 * bindings — so an adapter offering 512 MiB gets 128 MiB bindings, below the 7B's ~260 MiB
 * embedding. web-llm also refuses adapters below fixed minimums (32 KiB workgroup storage, 10
 * storage buffers per stage). The model's largest buffer is checked against what web-llm will
 * actually get.
 *
 * Each finding is an id the UI translates (`judge.pf.<id>` and `judge.pf.<id>.do` for what to
 * do); the verdict is the worst finding.
 */
import { extraContextBytes, DEFAULT_CONTEXT, type AppModel } from './catalog.ts';
import type { AdapterFacts, DeviceFacts } from './device-facts.ts';

/** ok < warn < slow (a software adapter: runs, far too slowly) < blocked. */
export type Verdict = 'ok' | 'warn' | 'slow' | 'blocked';

export type FindingId =
  | 'no-webgpu'
  | 'no-adapter'
  | 'adapter-ok'
  | 'fallback-adapter'
  | 'f16'
  | 'no-f16'
  | 'no-f32-record'
  | 'limits-ok'
  | 'limits-webllm-min'
  | 'limits-below-model'
  | 'memory'
  | 'storage-ok'
  | 'storage-short'
  | 'storage-unknown'
  | 'persisted'
  | 'not-persisted';

export interface Finding {
  id: FindingId;
  level: Verdict;
  params?: Record<string, string | number>;
}

export interface DeviceReport {
  verdict: Verdict;
  findings: Finding[];
  /** The record to download and load; null when blocked before a choice could be made. */
  pick: AppModel | null;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** What web-llm 0.2.86 asks the adapter for (bundle detectGPUDevice). */
export const WEBLLM_LIMITS = {
  preferredBuffer: GiB,
  fallbackBuffer: 256 * MiB,
  preferredBinding: GiB,
  fallbackBinding: 128 * MiB,
  workgroupStorage: 32 * 1024,
  storageBuffersPerStage: 10,
} as const;

export interface RequestedLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  /** Limits below web-llm's minimums: web-llm refuses the adapter. */
  belowMinimum: { limit: keyof AdapterFacts['limits']; have: number; need: number }[];
}

/** The limits web-llm will request from this adapter, and the minimums it fails. */
export function webllmRequestedLimits(l: AdapterFacts['limits']): RequestedLimits {
  const W = WEBLLM_LIMITS;
  const belowMinimum: RequestedLimits['belowMinimum'] = [];
  if (l.maxBufferSize < W.fallbackBuffer) belowMinimum.push({ limit: 'maxBufferSize', have: l.maxBufferSize, need: W.fallbackBuffer });
  if (l.maxStorageBufferBindingSize < W.fallbackBinding) {
    belowMinimum.push({ limit: 'maxStorageBufferBindingSize', have: l.maxStorageBufferBindingSize, need: W.fallbackBinding });
  }
  if (l.maxComputeWorkgroupStorageSize < W.workgroupStorage) {
    belowMinimum.push({ limit: 'maxComputeWorkgroupStorageSize', have: l.maxComputeWorkgroupStorageSize, need: W.workgroupStorage });
  }
  if (l.maxStorageBuffersPerShaderStage < W.storageBuffersPerStage) {
    belowMinimum.push({ limit: 'maxStorageBuffersPerShaderStage', have: l.maxStorageBuffersPerShaderStage, need: W.storageBuffersPerStage });
  }
  return {
    maxBufferSize: l.maxBufferSize >= W.preferredBuffer ? W.preferredBuffer : W.fallbackBuffer,
    maxStorageBufferBindingSize: l.maxStorageBufferBindingSize >= W.preferredBinding ? W.preferredBinding : W.fallbackBinding,
    belowMinimum,
  };
}

/** A limit as a person reads it: bytes in MiB/KiB, counts as they are. */
function showLimit(limit: string, n: number): string {
  if (limit === 'maxStorageBuffersPerShaderStage') return String(n);
  return n >= MiB ? `${Math.floor(n / MiB)} MiB` : `${Math.floor(n / 1024)} KiB`;
}

export interface AssessOptions {
  /** Bytes of the picked record already in the cache (a resumed download needs only the rest). */
  cachedBytes?: number;
  /** Context window the judge will load with (default 8192); sets the memory estimate. */
  contextWindow?: number;
}

const rank: Record<Verdict, number> = { ok: 0, warn: 1, slow: 2, blocked: 3 };

/** Whether a record may be offered for download on this device at all (an f16 record needs shader-f16). */
export function canOffer(model: AppModel, facts: DeviceFacts | null): boolean {
  if (facts?.adapter === null || facts?.adapter === undefined) return true;
  return !(model.record.required_features ?? []).some((f) => !facts.adapter?.features.includes(f));
}

/** GPU memory the model needs at a context size: web-llm's estimate at 8k plus the larger KV cache. */
export function memoryEstimateMB(model: AppModel, contextWindow: number = DEFAULT_CONTEXT): number {
  return Math.ceil((model.record.vram_required_MB ?? 0) + extraContextBytes(model, contextWindow) / MiB);
}

export function assessDevice(facts: DeviceFacts, family: { f16?: AppModel; f32?: AppModel }, opts: AssessOptions = {}): DeviceReport {
  const findings: Finding[] = [];
  const done = (pick: AppModel | null): DeviceReport => ({
    verdict: findings.reduce<Verdict>((v, f) => (rank[f.level] > rank[v] ? f.level : v), 'ok'),
    findings,
    pick,
  });

  if (!facts.webgpu) {
    findings.push({ id: 'no-webgpu', level: 'blocked' });
    return done(null);
  }
  const a = facts.adapter;
  if (a === null) {
    findings.push({ id: 'no-adapter', level: 'blocked', params: { detail: facts.adapterError ?? '' } });
    return done(null);
  }
  const name = [a.vendor, a.architecture, a.description].filter((s) => s !== '').join(' · ') || '?';
  findings.push(a.isFallback ? { id: 'fallback-adapter', level: 'slow', params: { name } } : { id: 'adapter-ok', level: 'ok', params: { name } });

  let pick: AppModel | null;
  if (a.features.includes('shader-f16') && family.f16 !== undefined) {
    pick = family.f16;
    findings.push({ id: 'f16', level: 'ok', params: { model: pick.record.model_id } });
  } else if (family.f32 !== undefined) {
    pick = family.f32;
    findings.push({ id: 'no-f16', level: 'ok', params: { model: pick.record.model_id } });
  } else {
    findings.push({ id: 'no-f32-record', level: 'blocked' });
    return done(null);
  }

  const requested = webllmRequestedLimits(a.limits);
  const granted = Math.min(requested.maxBufferSize, requested.maxStorageBufferBindingSize);
  const limitParams = {
    maxBufferMB: Math.floor(a.limits.maxBufferSize / MiB),
    maxBindingMB: Math.floor(a.limits.maxStorageBufferBindingSize / MiB),
    grantedMB: Math.floor(granted / MiB),
    needMB: Math.ceil(pick.app.maxBufferBytes / MiB),
  };
  if (requested.belowMinimum.length > 0) {
    const list = requested.belowMinimum.map((b) => `${b.limit} ${showLimit(b.limit, b.have)} < ${showLimit(b.limit, b.need)}`).join('; ');
    findings.push({ id: 'limits-webllm-min', level: 'blocked', params: { list } });
  } else if (granted < pick.app.maxBufferBytes) {
    findings.push({ id: 'limits-below-model', level: 'blocked', params: limitParams });
  } else {
    findings.push({ id: 'limits-ok', level: 'ok', params: limitParams });
  }
  const ctx = opts.contextWindow ?? DEFAULT_CONTEXT;
  findings.push({ id: 'memory', level: 'ok', params: { mb: memoryEstimateMB(pick, ctx), ctx } });

  const s = facts.storage;
  const needBytes = Math.max(0, pick.app.downloadMB * MiB - (opts.cachedBytes ?? 0));
  if (s.quotaBytes === null || s.usageBytes === null) {
    findings.push({ id: 'storage-unknown', level: 'warn', params: { needMB: Math.ceil(needBytes / MiB) } });
  } else {
    const freeBytes = s.quotaBytes - s.usageBytes;
    const params = { needMB: Math.ceil(needBytes / MiB), freeMB: Math.floor(freeBytes / MiB) };
    findings.push(freeBytes < needBytes ? { id: 'storage-short', level: 'blocked', params } : { id: 'storage-ok', level: 'ok', params });
  }
  findings.push(s.persisted === true ? { id: 'persisted', level: 'ok' } : { id: 'not-persisted', level: 'warn' });
  return done(pick);
}
