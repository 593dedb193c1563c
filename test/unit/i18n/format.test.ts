import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatDuration, formatNumber } from '../../../src/lib/format/format.ts';

// Intl uses a narrow no-break space to group thousands in Russian.
const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('format', () => {
  it('numbers follow the language', () => {
    expect(formatNumber('en', 161076)).toBe('161,076');
    expect(nb(formatNumber('ru', 161076))).toBe('161 076');
    expect(formatNumber('ru', 0.5, 2)).toBe('0,50');
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
