import { describe, expect, it } from 'vitest';
import { attemptRequest, canonicalJson, computeCacheKey, isCacheKey, type CacheKeyParts } from '../../../src/lib/run/index.ts';
import { makeSettings } from './fixtures.ts';

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

  it('gives each free retry attempt its own seed', () => {
    const settings = makeSettings({ sampling: base.sampling });
    expect(attemptRequest(settings, null, 0, 'free', 0).sampling).toBe(settings.sampling);
    expect(attemptRequest(settings, null, 2, 'free', 2).sampling.seed).toBe(44);
    expect(attemptRequest(makeSettings({ sampling: { ...base.sampling, seed: undefined } }), null, 1, 'free', 1).sampling.seed).toBe(1);
  });

  it('keys a constrained attempt apart from the free one, and a free key is what it was before constraints existed', async () => {
    const constrained = await computeCacheKey({ ...base, constraint: { kind: 'grammar', ebnf: 'root ::= "x"' } });
    expect(constrained).not.toBe(await computeCacheKey(base));
    expect(await computeCacheKey({ ...base, constraint: undefined })).toBe(await computeCacheKey(base));
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
