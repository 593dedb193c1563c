import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectLang, translate, type Dictionary, type FeatureMessages } from '../../../src/lib/i18n/translate.ts';
import { formatHash, parseHash } from '../../../src/lib/router/route.ts';
import type { EngineErrorCode } from '../../../src/lib/judge/errors.ts';

// Every engine error code; the Record type makes the compiler flag a new code missing here,
// and the test below then flags its missing headline.
const ENGINE_CODES: Record<EngineErrorCode, true> = {
  'webgpu-unavailable': true,
  'no-adapter': true,
  'gpu-limits': true,
  'shader-f16': true,
  'device-lost': true,
  stalled: true,
  quota: true,
  network: true,
  'context-window': true,
  'worker-dead': true,
  cors: true,
  'bad-url': true,
  unauthorized: true,
  'not-found': true,
  'not-published': true,
  integrity: true,
  unsupported: true,
  'rate-limited': true,
  server: true,
  timeout: true,
  'malformed-reply': true,
  aborted: true,
  unknown: true,
};

// Every feature's messages, loaded the way the app does (one file per feature), so a key added
// in one language only, or left empty, fails here rather than showing up as a raw key in the UI.
const dir = new URL('../../../src/lib/i18n/messages/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
const features: Record<string, FeatureMessages> = {};
for (const f of files) {
  features[f.replace(/\.ts$/, '')] = ((await import(new URL(f, dir).href)) as { default: FeatureMessages }).default;
}

describe('UI messages', () => {
  it('exist for every feature of the app', () => {
    expect(Object.keys(features).sort()).toEqual(expect.arrayContaining(['common', 'data', 'evaluate', 'explore', 'judge', 'metrics', 'models', 'results', 'run']));
  });

  for (const [name, msgs] of Object.entries(features)) {
    it(`${name}: the same keys in Russian and English, none empty, the same {placeholders}`, () => {
      expect(Object.keys(msgs.ru).sort()).toEqual(Object.keys(msgs.en).sort());
      for (const [key, en] of Object.entries(msgs.en)) {
        const ru = msgs.ru[key] ?? '';
        expect(en.trim(), `${name}.${key} (en)`).not.toBe('');
        expect(ru.trim(), `${name}.${key} (ru)`).not.toBe('');
        const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(names(ru), `${name}.${key} placeholders`).toEqual(names(en));
      }
    });
  }
});

describe('engine errors', () => {
  it('have a translated headline for every code', () => {
    for (const code of Object.keys(ENGINE_CODES)) {
      expect(features.judge?.en[`error.${code}`], code).toBeTruthy();
      expect(features.judge?.ru[`error.${code}`], code).toBeTruthy();
    }
  });
});

describe('translate', () => {
  const dict: Dictionary = { f: { en: { hi: 'Hello {name}', only: 'English only', 'a.b': 'dotted' }, ru: { hi: 'Привет, {name}' } } };

  it('fills placeholders and keeps unknown ones visible', () => {
    expect(translate(dict, 'ru', 'f.hi', { name: 'Мир' })).toBe('Привет, Мир');
    expect(translate(dict, 'en', 'f.hi')).toBe('Hello {name}');
  });

  it('falls back to English, then to the key itself', () => {
    expect(translate(dict, 'ru', 'f.only')).toBe('English only');
    expect(translate(dict, 'ru', 'f.missing')).toBe('f.missing');
  });

  it('finds keys with dots after the feature name, and nothing for inherited names or unknown features', () => {
    expect(translate(dict, 'en', 'f.a.b')).toBe('dotted');
    expect(translate(dict, 'en', 'f.toString')).toBe('f.toString');
    expect(translate(dict, 'en', 'g.hi')).toBe('g.hi');
    expect(translate(dict, 'en', 'nodot')).toBe('nodot');
    expect(translate(dict, 'en', 'constructor.name')).toBe('constructor.name');
  });

  it('picks the language from the browser preferences', () => {
    expect(detectLang(['ru-RU', 'en'])).toBe('ru');
    expect(detectLang(['de', 'en-GB'])).toBe('en');
    expect(detectLang(['fr'])).toBe('en');
  });
});

describe('hash routes', () => {
  it('round-trip segments and query, Cyrillic included', () => {
    const hash = formatHash(['explore', 'i', '12'], { group: 'Стайл-трансфер', q: 'ёж', empty: '', none: null });
    expect(parseHash(hash)).toEqual({ segments: ['explore', 'i', '12'], query: { group: 'Стайл-трансфер', q: 'ёж' } });
  });

  it('treat an empty hash as the root', () => {
    expect(parseHash('')).toEqual({ segments: [], query: {} });
    expect(parseHash('#/')).toEqual({ segments: [], query: {} });
  });
});
