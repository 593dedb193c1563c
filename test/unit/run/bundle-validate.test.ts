import { describe, expect, it } from 'vitest';
import { RUN_BUNDLE_FORMAT, type RunBundle } from '../../../src/lib/run/index.ts';
import { checkBundleSize, MAX_BUNDLE_BYTES, parseBundleText, validateBundleShape } from '../../../src/lib/run/bundle-validate.ts';
import { sampleBundle } from './bundle-sample.ts';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('run bundle shape', () => {
  it('accepts a well-formed bundle and drops fields the format does not have', async () => {
    const b = clone(await sampleBundle()) as RunBundle & Record<string, unknown>;
    (b as Record<string, unknown>).extra = { huge: 'x' };
    (b.jobs[0] as unknown as Record<string, unknown>).injected = true;
    const r = validateBundleShape(b);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect('extra' in r.bundle).toBe(false);
    expect('injected' in r.bundle.jobs[0]).toBe(false);
    expect(r.bundle.jobs).toEqual((await sampleBundle()).jobs);
  });

  it('says what a bundle is when given another kind of file', () => {
    expect(validateBundleShape('text').ok).toBe(false);
    expect(validateBundleShape('text')).toMatchObject({ ok: false, errors: [{ path: '$', code: 'not-a-bundle' }] });
    expect(validateBundleShape({ model: 'm', answers: [{ prompt_id: 1, answer: 'a' }] })).toMatchObject({
      ok: false,
      errors: [{ path: 'format', code: 'not-a-bundle', params: { looksLike: 'answers' } }],
    });
    expect(validateBundleShape([{ meta: {}, response: '[RESULT] 1 [END]' }])).toMatchObject({ ok: false, errors: [{ code: 'not-a-bundle', params: { looksLike: 'scores' } }] });
    const r = validateBundleShape({ format: 'nope' });
    expect(r.ok === false && r.errors[0].message).toContain('Export run bundle');
  });

  it('names the version it cannot read', () => {
    expect(validateBundleShape({ format: RUN_BUNDLE_FORMAT, version: 7 })).toMatchObject({ ok: false, errors: [{ path: 'version', code: 'version', params: { found: '7', expected: 1 } }] });
  });

  it('locates each problem by its JSON path', async () => {
    const b = clone(await sampleBundle());
    (b.run as unknown as Record<string, unknown>).name = 'n'.repeat(20_000);
    (b.run.settings.sampling as unknown as Record<string, unknown>).max_tokens = 0;
    (b.instructions[1].criteria[0] as unknown as Record<string, unknown>).rubrics = { a: { b: { c: { d: 'too deep' } } } };
    (b.jobs[2] as unknown as Record<string, unknown>).status = 'exploded';
    b.jobs[4].attemptKeys = ['zz'];
    const r = validateBundleShape(b);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['run.name', 'run.settings.sampling.max_tokens', 'instructions[1].criteria[0].rubrics', 'jobs[2].status', 'jobs[4].attemptKeys[0]']));
    for (const e of r.errors) expect(e.message.length).toBeLessThan(300);
  });

  it('checks the optional fields of instructions too (they are shown in the UI)', async () => {
    const b = clone(await sampleBundle());
    (b.instructions[0] as unknown as Record<string, unknown>).domain = { not: 'text' };
    expect(validateBundleShape(b)).toMatchObject({ ok: false, errors: [{ path: 'instructions[0].domain' }] });
  });
});

describe('run bundle file', () => {
  it('is refused by size alone above the limit', () => {
    expect(checkBundleSize(MAX_BUNDLE_BYTES)).toBeNull();
    expect(checkBundleSize(400 * 1024 * 1024)).toMatchObject({ path: '$', code: 'too-large', params: { size: 400 * 1024 * 1024, max: MAX_BUNDLE_BYTES } });
  });

  it('a file that is not JSON gets a located syntax error', () => {
    expect(parseBundleText('{"format": "pollux-web-run",')).toMatchObject({ ok: false, errors: [{ path: '$', code: 'not-json' }] });
    expect(parseBundleText('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });
});
