import { describe, it, expect } from 'vitest';
import { parsePolluxNumber, pyFloat } from '../../../src/lib/pollux/index.ts';

describe("pyFloat (Python's float())", () => {
  it('accepts what float() accepts', () => {
    const cases: Array<[string, number]> = [
      ['2', 2],
      [' 2.5 ', 2.5],
      ['\u30002\u2003', 2],
      ['２', 2],
      ['٣', 3],
      ['१२', 12],
      ['𝟗', 9],
      ['1٢', 12],
      ['+.5', 0.5],
      ['1.', 1],
      ['1_000', 1000],
      ['1e3', 1000],
      ['1E-1', 0.1],
      ['-inf', -Infinity],
      ['Infinity', Infinity],
    ];
    for (const [text, value] of cases) expect(pyFloat(text), text).toBe(value);
    expect(pyFloat('NaN')).toBeNaN();
  });

  it('refuses what float() refuses', () => {
    for (const text of ['', '.', '1,5', '_1', '1_', '1__0', '1..2', '0x10', '٫5', '1 2', 'два', '\ufeff1']) {
      expect(pyFloat(text), JSON.stringify(text)).toBeNull();
    }
  });
});

describe('parsePolluxNumber (score_utils.parse_number)', () => {
  it('replaces every comma by a point first', () => {
    expect(parsePolluxNumber('1,5')).toBe(1.5);
    expect(parsePolluxNumber('1,000')).toBe(1);
    expect(parsePolluxNumber('1,2,3')).toBeNull();
  });
});
