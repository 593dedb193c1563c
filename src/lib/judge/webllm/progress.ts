/**
 * Turns web-llm's init-progress reports (free text such as "Fetching param cache[i/n]" plus a 0..1
 * `progress`, as node_modules/@mlc-ai/web-llm/lib/index.js 0.2.86 writes them) into structured LoadProgress: download vs GPU-upload phase, bytes and
 * percent. ETAs come from EtaTracker, which measures the byte rate over recent reports (the
 * report's own timeElapsed includes resumed shards and would overstate the speed). Pure: the
 * clock is a parameter.
 */
import type { LoadProgress } from '../engine.ts';

export interface InitProgressReport {
  progress: number;
  timeElapsed: number;
  text: string;
}

const MB = 1024 * 1024;
const DOWNLOAD = /param cache\[(\d+)\/(\d+)\]:\s*(\d+)MB/;
const UPLOAD = /^Loading model from cache\[(\d+)\/(\d+)\]:\s*(\d+)MB/;
const SHADERS = /^Loading GPU shader modules\[(\d+)\/(\d+)\]/;

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/** One report → phase, fraction and (when the text carries them) bytes. */
export function parseInitProgress(r: InitProgressReport): LoadProgress {
  const fraction = clamp01(r.progress);
  const bytes = (mb: string): { loadedBytes: number; totalBytes?: number } => {
    const loadedBytes = Number(mb) * MB;
    return fraction > 0 ? { loadedBytes, totalBytes: Math.round(loadedBytes / fraction) } : { loadedBytes };
  };
  let m = UPLOAD.exec(r.text);
  if (m) return { phase: 'upload', fraction, ...bytes(m[3] ?? '0'), text: r.text };
  m = DOWNLOAD.exec(r.text);
  if (m) return { phase: 'download', fraction, ...bytes(m[3] ?? '0'), text: r.text };
  if (SHADERS.test(r.text)) return { phase: 'upload', fraction, text: r.text };
  if (r.text.startsWith('Finish loading')) return { phase: 'ready', fraction: 1, text: r.text };
  if (r.text.startsWith('Start to fetch params')) return { phase: 'download', fraction, text: r.text };
  return { phase: 'init', fraction, text: r.text };
}

/**
 * Estimates seconds left in the current phase from the rate of the last `windowMs`. The window
 * restarts on a phase change, since upload and download speeds are unrelated.
 */
export class EtaTracker {
  #phase: LoadProgress['phase'] | null = null;
  #samples: Array<{ t: number; f: number }> = [];
  constructor(private readonly windowMs = 15_000) {}

  update(p: LoadProgress, nowMs: number): LoadProgress {
    if (p.phase !== this.#phase) {
      this.#phase = p.phase;
      this.#samples = [];
    }
    this.#samples.push({ t: nowMs, f: p.fraction });
    while (this.#samples.length > 2 && nowMs - (this.#samples[0]?.t ?? nowMs) > this.windowMs) this.#samples.shift();
    const first = this.#samples[0];
    if (first === undefined || p.phase === 'ready' || p.phase === 'init') return p;
    const dt = (nowMs - first.t) / 1000;
    const df = p.fraction - first.f;
    if (dt < 0.5 || df <= 0) return p;
    return { ...p, etaS: ((1 - p.fraction) * dt) / df };
  }
}
