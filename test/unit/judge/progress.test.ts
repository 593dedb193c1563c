import { describe, expect, it } from 'vitest';
import { EtaTracker, parseInitProgress } from '../../../src/lib/judge/webllm/progress.ts';

const MB = 1024 * 1024;

describe('parseInitProgress', () => {
  it('reads the download phase with bytes', () => {
    const p = parseInitProgress({
      progress: 0.25,
      timeElapsed: 10,
      text: 'Fetching param cache[34/135]: 1075MB fetched. 25% completed, 10 secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.',
    });
    expect(p).toMatchObject({ phase: 'download', fraction: 0.25, loadedBytes: 1075 * MB, totalBytes: 4300 * MB });
  });
  it('reads the GPU-upload phase', () => {
    const p = parseInitProgress({ progress: 0.5, timeElapsed: 3, text: 'Loading model from cache[60/135]: 2150MB loaded. 50% completed, 3 secs elapsed.' });
    expect(p).toMatchObject({ phase: 'upload', fraction: 0.5, loadedBytes: 2150 * MB });
  });
  it('recognises start, shaders, finish and anything else', () => {
    expect(parseInitProgress({ progress: 0, timeElapsed: 0, text: 'Start to fetch params' }).phase).toBe('download');
    expect(parseInitProgress({ progress: 0.1, timeElapsed: 0, text: 'Loading GPU shader modules[3/30]: 10% completed' }).phase).toBe('upload');
    expect(parseInitProgress({ progress: 1, timeElapsed: 9, text: 'Finish loading on WebGPU - nvidia' })).toMatchObject({ phase: 'ready', fraction: 1 });
    expect(parseInitProgress({ progress: Number.NaN, timeElapsed: 0, text: 'something' })).toMatchObject({ phase: 'init', fraction: 0 });
  });
});

describe('EtaTracker', () => {
  it('estimates from the recent rate and restarts on a phase change', () => {
    const t = new EtaTracker(60_000);
    expect(t.update({ phase: 'download', fraction: 0.1, text: '' }, 0).etaS).toBeUndefined();
    const p = t.update({ phase: 'download', fraction: 0.2, text: '' }, 10_000);
    expect(p.etaS).toBeCloseTo(80, 5); // 10 % per 10 s, 80 % left
    expect(t.update({ phase: 'upload', fraction: 0.5, text: '' }, 11_000).etaS).toBeUndefined();
    expect(t.update({ phase: 'upload', fraction: 0.75, text: '' }, 12_000).etaS).toBeCloseTo(1, 5);
  });
});
