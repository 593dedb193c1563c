import { readFileSync } from 'node:fs';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare } from '../../../src/lib/metrics/share-codec.ts';
import { MAX_SHARE_JSON_BYTES, MAX_SHARE_LINK_CHARS, scoresHash, SHARE_LIMITS, type SharePayload } from '../../../src/lib/metrics/share.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/share/${name}`, import.meta.url), 'utf8');

/** A link made by the app before share links were validated with a schema (commit 0110731). */
const GOLDEN_LINK = fixture('v1-current-app.txt').trim();
const GOLDEN_PAYLOAD = JSON.parse(fixture('v1-current-app.json')) as SharePayload;

const toLink = (value: unknown): string => {
  const bytes = deflateSync(new TextEncoder().encode(JSON.stringify(value)));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

/** The golden payload with one field replaced (the hash recomputed when scores change). */
const variant = (patch: Record<string, unknown>): unknown => {
  const p: Record<string, unknown> = { ...GOLDEN_PAYLOAD, ...patch };
  if ('scores' in patch) p.hash = scoresHash(patch.scores as SharePayload['scores']);
  return p;
};

describe('share links: compatibility', () => {
  it('a link made by the current app decodes to the same payload', () => {
    const d = decodeShare(GOLDEN_LINK);
    expect(d).toEqual({ kind: 'ok', payload: GOLDEN_PAYLOAD });
  });

  it('encoding what was decoded gives the same link', () => {
    expect(encodeShare(GOLDEN_PAYLOAD)).toBe(GOLDEN_LINK);
  });
});

describe('share links: budgets', () => {
  it('refuses a link longer than the address bar allows, before decoding it', () => {
    expect(decodeShare('A'.repeat(MAX_SHARE_LINK_CHARS + 1))).toMatchObject({ kind: 'error', code: 'too-long', where: 'link' });
  });

  it('refuses a link that inflates past the budget (a deflate bomb)', () => {
    // 9 MB of zeros compress to ~10 KB; the budget is 8 MB.
    const bomb = deflateSync(new Uint8Array(MAX_SHARE_JSON_BYTES + 1024 * 1024), { level: 1 });
    let bin = '';
    for (const b of bomb) bin += String.fromCharCode(b);
    const link = btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(link.length).toBeLessThan(200_000);
    expect(decodeShare(link)).toMatchObject({ kind: 'error', code: 'too-large', where: 'link' });
  });

  it('a 4 KB link with a 1 MB name is refused at `name`', () => {
    const link = toLink(variant({ name: 'x'.repeat(1024 * 1024) }));
    expect(link.length).toBeLessThan(8 * 1024);
    const d = decodeShare(link);
    expect(d).toMatchObject({ kind: 'error', code: 'invalid', where: 'name' });
    // The message stays short even though the value is huge.
    expect(d.kind === 'error' && d.message.length).toBeLessThan(300);
  });

  it('caps the texts of info, labels and answers', () => {
    expect(decodeShare(toLink(variant({ info: { judge: 'j'.repeat(SHARE_LIMITS.infoText + 1) } })))).toMatchObject({ where: 'info.judge' });
    const refs = GOLDEN_PAYLOAD.references.map((r, i) => (i === 0 ? { ...r, label: 'l'.repeat(SHARE_LIMITS.label + 1) } : r));
    expect(decodeShare(toLink(variant({ references: refs })))).toMatchObject({ where: 'references[0].label' });
  });
});

describe('share links: every field checked, located, never a raw error', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['absurd resamples (once "Invalid typed array length: 9000000000")', { settings: { gate: 'official', resamples: 9e9, seed: 1 } }, 'settings.resamples'],
    ['fractional resamples', { settings: { gate: 'official', resamples: 2.5, seed: 1 } }, 'settings.resamples'],
    ['unknown gate', { settings: { gate: 'none', resamples: 100, seed: 1 } }, 'settings.gate'],
    ['references not a list', { references: { a: 1 } }, 'references'],
    ['a reference without breakdowns', { references: [{ ...GOLDEN_PAYLOAD.references[0], breakdowns: undefined }] }, 'references[0].breakdowns'],
    ['a reference with a string for a mean', { references: [{ ...GOLDEN_PAYLOAD.references[0], overall: { key: 'x', mean: 'high', n: 1, instructions: 1, ci: null } }] }, 'references[0].overall.mean'],
    ['a histogram count that is negative', { references: [{ ...GOLDEN_PAYLOAD.references[0], histogram: [-1] }] }, 'references[0].histogram[0]'],
    ['an instruction row too short', { instructions: [[1, 'm']] }, 'instructions[0][2]'],
    ['a score row with a string', { scores: [[1, 0, 0, 'two']] }, 'scores[0][3]'],
    ['a score index out of range', { scores: [[1, 99, 0, 1]] }, 'scores[0]'],
    ['a duplicate instruction', { instructions: [GOLDEN_PAYLOAD.instructions[0], GOLDEN_PAYLOAD.instructions[0]] }, 'instructions[1]'],
    ['a rubric nested too deep', { rubrics: [{ a: { b: { c: { d: 'x' } } } }] }, 'rubrics[0]'],
    ['an answer keyed by a non-id', { answers: { abc: 'x' } }, 'answers.abc'],
    ['a missing hash', { hash: undefined }, 'hash'],
  ];
  for (const [what, patch, where] of cases) {
    it(what, () => {
      const d = decodeShare(toLink(variant(patch)));
      expect(d).toMatchObject({ kind: 'error', code: 'invalid' });
      expect(d.kind === 'error' && d.where).toBe(where);
    });
  }

  it('names the version it cannot read', () => {
    expect(decodeShare(toLink(variant({ v: 2 })))).toMatchObject({ kind: 'error', code: 'version', where: 'v' });
  });

  it('says when the inflated text is not JSON, or not an object', () => {
    expect(decodeShare('AAAA')).toMatchObject({ kind: 'error', code: 'truncated', where: 'link' });
    const notJson = deflateSync(new TextEncoder().encode('{"v":1,'));
    let bin = '';
    for (const b of notJson) bin += String.fromCharCode(b);
    expect(decodeShare(btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''))).toMatchObject({ kind: 'error', code: 'not-json', where: 'json' });
    expect(decodeShare(toLink([1, 2]))).toMatchObject({ kind: 'error', code: 'invalid', where: '$' });
  });

  it('a damaged score is caught by the hash', () => {
    const scores = GOLDEN_PAYLOAD.scores.map((s, i) => (i === 0 ? [s[0], s[1], s[2], s[3] === 0 ? 1 : 0] : s));
    expect(decodeShare(toLink({ ...GOLDEN_PAYLOAD, scores }))).toMatchObject({ kind: 'error', code: 'damaged', where: 'hash' });
  });

  it('keys that would reach an object prototype are not copied', () => {
    const json = JSON.stringify(GOLDEN_PAYLOAD).replace('"info":{', '"info":{"__proto__":{"polluted":"yes"},');
    const bytes = deflateSync(new TextEncoder().encode(json));
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    const d = decodeShare(btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (d.kind === 'ok') expect(Object.getPrototypeOf(d.payload.info)).toBe(Object.prototype);
  });
});
