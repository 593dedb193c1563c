import { describe, expect, it } from 'vitest';
import { canonicalJson, computeCacheKey, isCacheKey, samplingForAttempt, type CacheKeyParts } from '../../../src/lib/run/index.ts';

const base: CacheKeyParts = {
  judgeModelId: 'pollux-judge-7b',
  weightsRevision: 'abc123',
  prompt: '### Задание для оценки:\nНапишите стихотворение.',
  sampling: { temperature: 0, top_p: 1, max_tokens: 1024, seed: 42 },
  outputFormat: 'tagged',
};

describe('computeCacheKey', () => {
  it('is a SHA-256 hex string', async () => {
    const key = await computeCacheKey(base);
    expect(isCacheKey(key)).toBe(true);
  });

  it('is stable across key order of the parts and of sampling', async () => {
    const reordered: CacheKeyParts = {
      outputFormat: 'tagged',
      sampling: { seed: 42, max_tokens: 1024, top_p: 1, temperature: 0 },
      prompt: base.prompt,
      weightsRevision: 'abc123',
      judgeModelId: 'pollux-judge-7b',
    };
    expect(await computeCacheKey(reordered)).toBe(await computeCacheKey(base));
  });

  it('changes with every part, including the seed and stop strings', async () => {
    const k0 = await computeCacheKey(base);
    const variants: CacheKeyParts[] = [
      { ...base, judgeModelId: 'pollux-judge-32b' },
      { ...base, weightsRevision: 'def456' },
      { ...base, prompt: base.prompt + ' ' },
      { ...base, outputFormat: 'bare-number' },
      { ...base, sampling: { ...base.sampling, temperature: 0.1 } },
      { ...base, sampling: { ...base.sampling, top_p: 0.9 } },
      { ...base, sampling: { ...base.sampling, max_tokens: 512 } },
      { ...base, sampling: { ...base.sampling, seed: 43 } },
      { ...base, sampling: { ...base.sampling, seed: undefined } },
      { ...base, sampling: { ...base.sampling, stop: ['[END]'] } },
    ];
    const keys = await Promise.all(variants.map(computeCacheKey));
    expect(new Set([k0, ...keys]).size).toBe(variants.length + 1);
  });

  it('treats an undefined seed as absent', async () => {
    const { seed: _s, ...noSeed } = base.sampling;
    expect(await computeCacheKey({ ...base, sampling: { ...noSeed, seed: undefined } })).toBe(
      await computeCacheKey({ ...base, sampling: noSeed }),
    );
  });

  it('gives each retry attempt its own seed', () => {
    expect(samplingForAttempt(base.sampling, 0)).toBe(base.sampling);
    expect(samplingForAttempt(base.sampling, 2).seed).toBe(44);
    expect(samplingForAttempt({ ...base.sampling, seed: undefined }, 1).seed).toBe(1);
  });
});

describe('canonicalJson', () => {
  it('sorts nested keys and keeps array order', () => {
    expect(canonicalJson({ b: [3, { y: 1, x: 2 }], a: 'é' })).toBe('{"a":"é","b":[3,{"x":2,"y":1}]}');
  });
  it('rejects non-finite numbers instead of hashing them as null', () => {
    expect(() => canonicalJson({ t: Number.NaN })).toThrow();
  });
});
