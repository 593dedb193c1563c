import { describe, it, expect } from 'vitest';
import {
  isBinaryScale,
  parseScaleBounds,
  parseScaleLevels,
  parseScaleValues,
  scoreWithinScale,
} from '../../../src/lib/pollux/index.ts';
import { readCriteria, readRows } from './sample-data.ts';

describe('parseScaleLevels / parseScaleBounds: enumerated levels', () => {
  const cases: Array<[string, string, number[]]> = [
    ['dataset "k: text" lines', '0: плохо\n\n1: средне\n\n2: хорошо', [0, 1, 2]],
    ['custom 1..5 with gaps', '1: плохо\n3: средне\n5: отлично', [1, 3, 5]],
    ['em dash', '1 — плохо\n2 — хорошо', [1, 2]],
    ['en dash', '0 – нет\n1 – да', [0, 1]],
    ['spaced hyphen', '0 - Poor\n1 - Fair\n2 - Good', [0, 1, 2]],
    ['hyphen bullets', '- 2: отлично\n- 0: плохо', [0, 2]],
    ['star and dot bullets', '* 1: a\n• 4: b', [1, 4]],
    ['"N." items', '1. плохо\n2. хорошо', [1, 2]],
    ['"N)" items', '1) a\n3) b', [1, 3]],
    ['negative and decimal levels', '-1: хуже\n0: так же\n0.5: чуть лучше\n1,5: лучше', [-1, 0, 0.5, 1.5]],
    ['indented lines, duplicates collapse', '  0: a\n  1: b\n  1: c', [0, 1]],
    ['10 after 9', '9: a\n10: b\n0: c', [0, 9, 10]],
  ];
  for (const [label, text, levels] of cases) {
    it(label, () => {
      expect(parseScaleLevels(text)).toEqual(levels);
      expect(parseScaleBounds(text)).toEqual([levels[0], levels[levels.length - 1]]);
    });
  }

  it('ignores numbers that are not level lines', () => {
    expect(parseScaleLevels('10 баллов за ответ\n2.5 балла')).toBeNull();
    expect(parseScaleLevels('1-й вариант')).toBeNull();
  });
});

describe('range-only rubrics', () => {
  const cases: Array<[string, [number, number]]> = [
    ['Оцените ответ от 1 до 10', [1, 10]],
    ['Score from 0 to 100', [0, 100]],
    ['Шкала 1–10', [1, 10]],
    ['Оценочная шкала: 0—3 балла', [0, 3]],
    ['scale 1-5', [1, 5]],
    ['Scale of 1..7', [1, 7]],
  ];
  for (const [text, bounds] of cases) {
    it(text, () => {
      expect(parseScaleLevels(text)).toBeNull();
      expect(parseScaleBounds(text)).toEqual(bounds);
    });
  }

  it('prefers enumerated levels over a range mentioned in the text', () => {
    expect(parseScaleBounds('Шкала от 0 до 10\n0: нет\n1: да')).toEqual([0, 1]);
  });
});

describe('map rubrics', () => {
  it('uses numeric keys, negative ones included', () => {
    const map = { '-2': 'намного хуже', '0': 'так же', '2': 'намного лучше' };
    expect(parseScaleLevels(map)).toEqual([-2, 0, 2]);
    expect(parseScaleBounds(map)).toEqual([-2, 2]);
  });

  it('unions every language of a language-keyed map, maps or strings, as Python does', () => {
    expect(parseScaleLevels({ en: { '0': 'a', '1': 'b' }, ru: { '0': 'а', '1': 'б', '2': 'в' } })).toEqual([0, 1, 2]);
    expect(parseScaleValues({ en: '0: a\n1: b', ru: '3: в' })).toEqual([0, 1, 3]);
    expect(parseScaleBounds({ ru: 'от 1 до 5' })).toEqual([1, 5]);
    expect(parseScaleValues({ ru: '0: а\n\n1: б' })).toEqual([0, 1]);
  });

  it('reads criteria.excerpt.json scales', () => {
    for (const entry of Object.values(readCriteria())) {
      const levels = parseScaleLevels(entry.scale);
      expect(levels).toEqual(entry.crit_group.en === 'Critical' ? [0, 1] : [0, 1, 2]);
    }
  });
});

describe('no scale', () => {
  it('returns null and keeps any score', () => {
    for (const r of ['просто описание без уровней', '', null, undefined, {}]) {
      expect(parseScaleBounds(r)).toBeNull();
      expect(parseScaleLevels(r)).toBeNull();
      expect(scoreWithinScale(7, r)).toBe(true);
    }
  });
});

describe('isBinaryScale', () => {
  it('is true exactly for {0, 1}', () => {
    expect(isBinaryScale('0: нет\n\n1: да')).toBe(true);
    expect(isBinaryScale({ '1': 'да', '0': 'нет' })).toBe(true);
    expect(isBinaryScale('0: a\n\n1: b\n\n2: c')).toBe(false);
    expect(isBinaryScale('1: a\n\n2: b')).toBe(false);
    expect(isBinaryScale('0: a')).toBe(false);
    expect(isBinaryScale('нет шкалы')).toBe(false);
    // Python parity: a range's ends are its declared values.
    expect(isBinaryScale('от 0 до 1')).toBe(true);
  });

  it('matches the criterion groups of the real data', () => {
    for (const row of readRows()) expect(isBinaryScale(row.rubrics)).toBe(false);
    const critical = Object.values(readCriteria()).filter((c) => c.crit_group.en === 'Critical');
    expect(critical).toHaveLength(2);
    for (const c of critical) expect(isBinaryScale(c.scale.ru)).toBe(true);
  });
});

describe('scoreWithinScale', () => {
  it('checks [min, max] inclusively', () => {
    const rub = '0: a\n\n1: b\n\n2: c';
    expect(scoreWithinScale(0, rub)).toBe(true);
    expect(scoreWithinScale(2, rub)).toBe(true);
    expect(scoreWithinScale(1.5, rub)).toBe(true);
    expect(scoreWithinScale(3, rub)).toBe(false);
    expect(scoreWithinScale(-1, rub)).toBe(false);
    expect(scoreWithinScale(Number.NaN, rub)).toBe(false);
    expect(scoreWithinScale(-2, { '-2': 'a', '2': 'b' })).toBe(true);
  });
});

describe("Python's \\d, \\s, ^ and float() in scales", () => {
  it('reads Unicode decimal digits in level lines and ranges', () => {
    expect(parseScaleLevels('０: плохо\n２: хорошо')).toEqual([0, 2]);
    expect(parseScaleBounds('Оцените от ١ до ٥')).toEqual([1, 5]);
  });

  it("starts a line only after \\n (Python's MULTILINE), not after \\r", () => {
    expect(parseScaleLevels('0: a\r1: b')).toEqual([0]);
    expect(parseScaleLevels('0: a\r\n1: b')).toEqual([0, 1]);
  });

  it('reads map keys with float() unfiltered, as parse_number does', () => {
    expect(parseScaleValues({ ' 1 ': 'a', '1e1': 'b', '1_0': 'c', x: 'd' })).toEqual([1, 10, 10]);
    expect(parseScaleBounds({ '0': 'a', '２': 'b' })).toEqual([0, 2]);
  });
});
