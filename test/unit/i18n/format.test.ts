import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatDuration, formatNumber, formatNumberUpTo } from '../../../src/lib/format/format.ts';

// Intl uses a narrow no-break space to group thousands in Russian.
const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('format', () => {
  it('numbers follow the language', () => {
    expect(formatNumber('en', 161076)).toBe('161,076');
    expect(nb(formatNumber('ru', 161076))).toBe('161 076');
    expect(formatNumber('ru', 0.5, 2)).toBe('0,50');
  });

  it('writes every number exactly as Intl does, without creating an Intl formatter', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = [0, -0, 7, -7, 0.5, 1.5, 2.5, -2.5, 0.125, 1.005, 0.045, -0.001, 999.995, 1000, -1000, 1234, 161076, 987_654_321.987, Number.MAX_SAFE_INTEGER, 1e20];
    for (let i = 0; i < 400; i++) values.push((random() - 0.5) * 10 ** Math.floor(random() * 12), Math.round(random() * 1e6) / 1000);
    for (const lang of ['en', 'ru'] as const) {
      for (const digits of [0, 1, 2, 3]) {
        const intl = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
        for (const v of values) expect(formatNumber(lang, v, digits), `${lang} ${v} ${digits}`).toBe(intl.format(v));
        // Charts' numbers: at most `digits` decimals, trailing zeros dropped.
        const upTo = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
        for (const v of values) expect(formatNumberUpTo(lang, v, digits), `up to: ${lang} ${v} ${digits}`).toBe(upTo.format(v));
      }
    }
    expect(formatNumber('en', Number.NaN)).toBe('NaN');
    expect(formatNumberUpTo('en', Number.POSITIVE_INFINITY, 2)).toBe('∞');
  });

  it('bytes in decimal units, translated', () => {
    expect(formatBytes('en', 0)).toBe('0 B');
    expect(formatBytes('en', 999)).toBe('999 B');
    expect(formatBytes('en', 4_380_000)).toBe('4.4 MB');
    expect(formatBytes('en', 397_000_000)).toBe('397 MB');
    expect(formatBytes('ru', 4_380_000)).toBe('4,4 МБ');
    expect(formatBytes('ru', 5.2e9)).toBe('5,2 ГБ');
    expect(formatBytes('en', Number.NaN)).toBe('?');
  });

  it('durations in their two largest units', () => {
    expect(formatDuration('en', 45)).toBe('45 s');
    expect(formatDuration('en', 200)).toBe('3 min 20 s');
    expect(formatDuration('en', 120)).toBe('2 min');
    expect(formatDuration('en', 7500)).toBe('2 h 5 min');
    expect(formatDuration('ru', 200)).toBe('3 мин 20 с');
    expect(formatDuration('ru', 90000)).toBe('1 д 1 ч');
    expect(formatDuration('en', -1)).toBe('?');
    expect(formatDuration('en', Infinity)).toBe('?');
  });

  it('dates in the language style', () => {
    const t = Date.UTC(2026, 10, 30, 12, 5);
    expect(formatDateTime('en', t)).toMatch(/11\/30\/26/);
    expect(formatDateTime('ru', t)).toMatch(/30\.11\.2026/);
  });
});
