/**
 * Preflight: decides, before any download, whether this device can run a judge family and
 * which record (q4f16_1 or q4f32_1) to use. Pure: facts in (device-facts.ts), a report out.
 * Each finding is an id the UI translates (`judge.pf.<id>` and `judge.pf.<id>.do` for what to
 * do); the verdict is the worst finding.
 */
import type { AppModel } from './catalog.ts';
import type { DeviceFacts } from './device-facts.ts';

export type Verdict = 'ok' | 'warn' | 'blocked';

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

/** web-llm refuses devices below these (bundle detectGPUDevice). */
export const WEBLLM_MIN_MAX_BUFFER = 256 * 1024 * 1024;
export const WEBLLM_MIN_STORAGE_BINDING = 128 * 1024 * 1024;
const MB = 1024 * 1024;

export interface AssessOptions {
  /** Bytes of the picked record already in the cache (a resumed download needs only the rest). */
  cachedBytes?: number;
}

const rank: Record<Verdict, number> = { ok: 0, warn: 1, blocked: 2 };

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
  findings.push(a.isFallback ? { id: 'fallback-adapter', level: 'warn', params: { name } } : { id: 'adapter-ok', level: 'ok', params: { name } });

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

  const { maxBufferSize, maxStorageBufferBindingSize } = a.limits;
  const limitParams = { maxBufferMB: Math.floor(maxBufferSize / MB), maxBindingMB: Math.floor(maxStorageBufferBindingSize / MB), needMB: Math.ceil(pick.app.maxBufferBytes / MB) };
  if (maxBufferSize < WEBLLM_MIN_MAX_BUFFER || maxStorageBufferBindingSize < WEBLLM_MIN_STORAGE_BINDING) {
    findings.push({ id: 'limits-webllm-min', level: 'blocked', params: limitParams });
  } else if (maxBufferSize < pick.app.maxBufferBytes || maxStorageBufferBindingSize < pick.app.maxBufferBytes) {
    findings.push({ id: 'limits-below-model', level: 'blocked', params: limitParams });
  } else {
    findings.push({ id: 'limits-ok', level: 'ok', params: limitParams });
  }

  const s = facts.storage;
  const needBytes = Math.max(0, pick.app.downloadMB * MB - (opts.cachedBytes ?? 0));
  if (s.quotaBytes === null || s.usageBytes === null) {
    findings.push({ id: 'storage-unknown', level: 'warn', params: { needMB: Math.ceil(needBytes / MB) } });
  } else {
    const freeBytes = s.quotaBytes - s.usageBytes;
    const params = { needMB: Math.ceil(needBytes / MB), freeMB: Math.floor(freeBytes / MB) };
    findings.push(freeBytes < needBytes ? { id: 'storage-short', level: 'blocked', params } : { id: 'storage-ok', level: 'ok', params });
  }
  findings.push(s.persisted === true ? { id: 'persisted', level: 'ok' } : { id: 'not-persisted', level: 'warn' });
  return done(pick);
}
