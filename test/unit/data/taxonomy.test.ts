import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CriterionIndex, domainKey, parseCriteriaJson, parseTasksJson, renderScale, taskHierarchy } from '../../../src/lib/taxonomy/index.ts';

const shared = (f: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/pollux-sample/${f}`, import.meta.url), 'utf8'));
const rows = shared('rows.json') as { criteria_name: string; rubrics: string; criteria_description: string; domain: string }[];
const criteria = parseCriteriaJson(shared('criteria.excerpt.json'));
const index = new CriterionIndex(criteria.entries);

describe('criteria.json', () => {
  it('parses the excerpt with categories (Fine-grained → General)', () => {
    expect(criteria.errors).toEqual([]);
    expect(criteria.entries).toHaveLength(17);
    const counts: Record<string, number> = {};
    for (const e of criteria.entries) counts[e.category] = (counts[e.category] ?? 0) + 1;
    expect(counts).toEqual({ Critical: 2, General: 6, 'Domain-specific': 4, Subjective: 5 });
  });

  it('renders scale.ru exactly as the dataset rubrics of both real rows', () => {
    for (const r of rows) {
      const m = index.lookup(r.criteria_name, r.rubrics, { domain: r.domain });
      expect(m.kind).toBe('match');
      if (m.kind !== 'match') continue;
      expect(m.via).toBe('rubrics');
      expect(renderScale(m.entry.scale.ru)).toBe(r.rubrics);
      expect(m.entry.desc.ru).toBe(r.criteria_description);
    }
    expect(index.categoryOf(rows[0].criteria_name, rows[0].rubrics)).toBe('General');
  });

  it('disambiguates same-name criteria by rubric text, then by domain; never guesses', () => {
    const name = 'Отсутствие избыточной информации (воды)';
    const lit = criteria.entries.find((e) => e.id === 'information_overload__2')!;
    const m = index.lookup(name, renderScale(lit.scale.ru));
    expect(m.kind === 'match' && m.entry.id).toBe('information_overload__2');
    // Unknown rubric text: the domain decides, in any of the three spellings.
    for (const d of ['Художественный', 'Художественный текст', 'Написать художественный текст']) {
      const byDomain = index.lookup(name, 'другой текст шкалы', { domain: d });
      expect(byDomain.kind === 'match' && byDomain.entry.domain.en).toBe('Literary text');
    }
    // No rubric match and no domain: the variants all are Domain-specific "fluff", same English
    // name, so the category is still known — but a name nobody has is unmatched.
    expect(index.categoryOf(name, 'другой текст')).toBe('Domain-specific');
    expect(index.lookup('Нет такого критерия', '').kind).toBe('unmatched');
    const rep = index.report([...rows, { criteria_name: 'Нет такого критерия', rubrics: '' }]);
    expect(rep).toMatchObject({ total: 3, matched: 2, unmatched: ['Нет такого критерия'] });
  });

  it('maps the three domain spellings', () => {
    expect(domainKey('Художественный')).toBe('Literary text');
    expect(domainKey('Научный текст')).toBe('Scientific text');
    expect(domainKey('Написать официально-деловой текст')).toBe('Official text');
    expect(domainKey('что-то ещё')).toBeNull();
  });
});

describe('tasks.json', () => {
  it('builds groups → tasks → subtasks with complexity definitions', () => {
    const { groups, errors } = parseTasksJson(shared('tasks.excerpt.json'));
    expect(errors).toEqual([]);
    expect(groups.map((g) => g.name.ru)).toEqual(['Преобразование заданного текста']);
    const [editing, extract] = groups[0].tasks;
    expect(editing.key).toBe('Editing');
    expect(editing.criteria).toHaveLength(15);
    expect(extract.children.map((c) => c.key)).toEqual(['Literary text', 'Scientific text', 'Official text', 'Journalistic text', 'General-purpose']);
    expect(extract.children[0].complexity.easy?.ru).toMatch(/^Во всех уровнях/);
    expect(domainKey(extract.children[0].domain?.ru)).toBe('Literary text');
  });

  it('rejects non-objects with a located message', () => {
    expect(parseTasksJson([]).errors[0]).toMatch(/tasks.json/);
    expect(parseCriteriaJson({ x: { name: { en: 'a', ru: 'б' } } }).errors[0]).toMatch(/^x: missing scale.ru/);
  });

  it('sizes the sunburst by instruction count', () => {
    const h = taskHierarchy([
      { task_type: 'A', task_subtype: 'a1', task_subsubtype: '' },
      { task_type: 'A', task_subtype: 'a1', task_subsubtype: '' },
      { task_type: 'A', task_subtype: 'a2', task_subsubtype: 'x' },
    ]);
    expect(h.children).toEqual([{ name: 'A', children: [{ name: 'a1', value: 2 }, { name: 'a2', children: [{ name: 'x', value: 1 }] }] }]);
  });
});
