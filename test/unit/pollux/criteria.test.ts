import { describe, it, expect } from 'vitest';
import { CRITICAL_CRITERIA_NAMES, criterionKey } from '../../../src/lib/pollux/index.ts';
import { readCriteria, readRows } from './sample-data.ts';

describe('CRITICAL_CRITERIA_NAMES', () => {
  it('are the name.ru of the Critical entries of criteria.json', () => {
    const critical = Object.values(readCriteria())
      .filter((c) => c.crit_group.en === 'Critical')
      .map((c) => c.name.ru);
    expect([...CRITICAL_CRITERIA_NAMES]).toEqual(critical);
  });
});

describe('criterionKey', () => {
  it('joins a map rubric and its dataset string, ignoring CRLF and trailing spaces', () => {
    const criteria = readCriteria();
    const row = readRows()[1];
    expect(row).toBeDefined();
    if (!row) return;
    const entry = criteria['repeats'];
    expect(entry).toBeDefined();
    if (!entry) return;
    const fromRow = criterionKey(row.criteria_name, row.rubrics);
    expect(criterionKey(entry.name.ru, entry.scale.ru)).toBe(fromRow);
    expect(criterionKey(entry.name.ru, entry.scale)).toBe(fromRow);
    expect(criterionKey(`${row.criteria_name} `, `${row.rubrics.replace(/\n/g, '  \r\n')}\n`)).toBe(fromRow);
  });

  it('separates same-named criteria with different scales', () => {
    const c = readCriteria();
    const key = (id: string): string => {
      const e = c[id];
      if (!e) throw new Error(`missing ${id}`);
      return criterionKey(e.name.ru, e.scale.ru);
    };
    expect(c['information_overload']?.name.ru).toBe(c['information_overload__2']?.name.ru);
    expect(key('information_overload')).not.toBe(key('information_overload__2'));
    expect(key('information_overload')).toBe(key('information_overload__3'));
  });

  it('cannot be confused by separators inside the parts', () => {
    expect(criterionKey('a', 'b\n\nc')).not.toBe(criterionKey('a\n\nb', 'c'));
  });
});
