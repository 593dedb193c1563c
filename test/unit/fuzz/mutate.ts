/**
 * Seeded mutations of JSON values and of text, for the fuzz tests of foreign input (share links,
 * run bundles). Each input is a valid value changed in a few random places: a field deleted or
 * replaced by another type, a huge or deeply nested value, a `__proto__` key, an array emptied
 * or duplicated; or its text cut, flipped or padded. The same seed gives the same inputs.
 */
import { mulberry32 } from '../../../src/lib/stats/prng.ts';

/** The app's seeded PRNG (mulberry32), so a seed names the same inputs everywhere. */
export const prng = (seed: number): (() => number) => mulberry32(seed);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

function deep(depth: number): Json {
  let v: Json = 'x';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** A replacement value: every JSON type, edge numbers, long and odd strings, deep nesting. */
export function randomValue(rnd: () => number): Json {
  return pick(rnd, [
    () => null,
    () => true,
    () => 0,
    () => -1,
    () => 1.5,
    () => 9e9,
    () => 1e308,
    () => -1e308,
    () => Number.MAX_SAFE_INTEGER + 2,
    () => '',
    () => 'x'.repeat(1 + Math.floor(rnd() * 3000)),
    () => '\u0000\uFFFF\uD800<script>',
    () => 'javascript:alert(1)',
    () => [],
    () => {
      const o: { [k: string]: Json } = {};
      return o;
    },
    () => [1, 'a', null],
    () => JSON.parse('{"__proto__": {"polluted": 1}}') as Json,
    () => deep(5 + Math.floor(rnd() * 200)),
  ])();
}

/** Every place (parent, key) inside a value, to pick one uniformly. */
function places(value: Json, out: [Json[] | { [k: string]: Json }, string | number][] = [], budget = { n: 5000 }): typeof out {
  if (budget.n-- <= 0 || value === null || typeof value !== 'object') return out;
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of entries) {
    out.push([value, k]);
    places(v, out, budget);
  }
  return out;
}

/** A structured clone of `base` with 1–3 random changes. */
export function mutateJson(base: Json, rnd: () => number): Json {
  const value = structuredClone(base);
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const all = places(value);
    if (all.length === 0) return randomValue(rnd);
    const [parent, key] = pick(rnd, all);
    const p = parent as Record<string | number, Json>;
    const op = Math.floor(rnd() * 7);
    if (op === 0) {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete p[key];
    } else if (op === 1) {
      const cur = p[key];
      if (Array.isArray(cur)) p[key] = cur.length > 0 ? [...cur, ...cur] : [randomValue(rnd)];
      else p[key] = randomValue(rnd);
    } else if (op === 2) {
      const cur = p[key];
      p[key] = typeof cur === 'string' ? Number(cur.length) : typeof cur === 'number' ? String(cur) : Array.isArray(cur) ? {} : [cur];
    } else if (op === 3) {
      const cur = p[key];
      if (typeof cur === 'number') p[key] = pick(rnd, [cur + 1, -cur, cur * 1e6, 0.5, cur + 0.1]);
      else p[key] = randomValue(rnd);
    } else if (op === 4 && !Array.isArray(parent)) {
      p[pick(rnd, ['__proto__', 'constructor', 'extra', 'v', ''])] = randomValue(rnd);
    } else if (op === 5) {
      const other = pick(rnd, all);
      p[key] = structuredClone((other[0] as Record<string | number, Json>)[other[1]] ?? null);
    } else {
      p[key] = randomValue(rnd);
    }
  }
  return value;
}

/** `text` cut, with characters flipped, inserted or removed, or replaced by noise. */
export function mutateText(text: string, rnd: () => number, alphabet: string): string {
  const op = Math.floor(rnd() * 6);
  const at = Math.floor(rnd() * (text.length + 1));
  const ch = () => alphabet[Math.floor(rnd() * alphabet.length)];
  if (op === 0) return text.slice(0, at);
  if (op === 1) return text.slice(at);
  if (op === 2) return text.slice(0, at) + ch() + text.slice(at + 1);
  if (op === 3) return text.slice(0, at) + ch() + ch() + text.slice(at);
  if (op === 4) return text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 20));
  return Array.from({ length: Math.floor(rnd() * 200) }, ch).join('');
}
