/**
 * Share links from strangers, 10,000 seeded variations of a link the app made: decoding never
 * throws and always ends in a valid payload (which survives another round trip) or a located
 * error with a known code. A run that does not finish fails on the test timeout.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare } from '../../../src/lib/metrics/share-codec.ts';
import type { ShareErrorCode, SharePayload } from '../../../src/lib/metrics/share.ts';
import { mutateJson, mutateText, prng } from './mutate.ts';

const dir = new URL('../../fixtures/share/', import.meta.url);
const GOLDEN = JSON.parse(readFileSync(new URL('v1-current-app.json', dir), 'utf8')) as SharePayload;
/** The golden payload with one reference model cut to one row per table, so each input decodes fast. */
const [REF] = GOLDEN.references;
const firstEntry = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).slice(0, 1));
const PAYLOAD = {
  ...GOLDEN,
  references: [
    {
      ...REF,
      pollux: { ...REF.pollux, matrix: firstEntry(REF.pollux.matrix), mean_over_meta: firstEntry(REF.pollux.mean_over_meta), mean_over_criteria: firstEntry(REF.pollux.mean_over_criteria) },
      breakdowns: Object.fromEntries(Object.entries(REF.breakdowns).map(([k, rows]) => [k, rows.slice(0, 1)])),
    },
  ],
} as unknown as Parameters<typeof mutateJson>[0];
/** The app's link for that payload: the text the link mutations start from. */
const LINK = encodeShare(PAYLOAD as unknown as SharePayload);
const CODES: ShareErrorCode[] = ['too-long', 'not-base64', 'truncated', 'too-large', 'not-json', 'version', 'invalid', 'damaged'];
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Level 0 (stored blocks): a valid link, fast to make, so the time goes to decoding. */
function toLink(json: string): string {
  return Buffer.from(deflateSync(Buffer.from(json), { level: 0 })).toString('base64url');
}

let oks = 0;
/** Inputs that broke a promise, with what broke (checked in plain code: 10,000 `expect`s are slow). */
const broken: string[] = [];

function check(link: string): ShareErrorCode | 'ok' {
  let d: ReturnType<typeof decodeShare>;
  try {
    d = decodeShare(link);
  } catch (e) {
    broken.push(`threw ${String(e)} on ${link.slice(0, 80)}`);
    return 'invalid';
  }
  if (d.kind === 'ok') {
    // A valid value: the app's own encoder writes it and the decoder reads it back unchanged
    // (checked on every tenth, the encoder at level 9 being the slow part).
    if (oks++ % 10 === 0 && JSON.stringify(decodeShare(encodeShare(d.payload))) !== JSON.stringify(d)) broken.push(`no round trip: ${link.slice(0, 80)}`);
    return 'ok';
  }
  if (!CODES.includes(d.code) || d.where.length === 0 || d.message.length >= 400) broken.push(`bad error ${JSON.stringify(d).slice(0, 200)}`);
  return d.code;
}

describe('share link fuzz', () => {
  it('10,000 mutated links: a valid payload or a located error, never an exception', () => {
    const rnd = prng(20250611);
    const seen = new Map<string, number>();
    const tally = (c: string) => seen.set(c, (seen.get(c) ?? 0) + 1);
    for (let i = 0; i < 5000; i++) tally(check(toLink(JSON.stringify(mutateJson(PAYLOAD, rnd)))));
    for (let i = 0; i < 4000; i++) tally(check(mutateText(LINK, rnd, i % 10 === 0 ? B64URL + '$%=+/ ' : B64URL)));
    // Text that inflates fine but is not the payload: random JSON, and random bytes.
    for (let i = 0; i < 1000; i++) {
      const raw = i % 2 ? JSON.stringify(mutateJson([1, { a: 'b' }, 'c'], rnd)) : Array.from({ length: 50 }, () => String.fromCharCode(Math.floor(rnd() * 256))).join('');
      tally(check(toLink(raw)));
    }
    expect(broken).toEqual([]);
    // The mutations reach every kind of outcome, not just one early refusal.
    for (const code of ['ok', 'invalid', 'truncated', 'not-json', 'damaged'] as const) expect(seen.get(code) ?? 0, code).toBeGreaterThan(0);
  });
});
