import { describe, it, expect } from 'vitest';
import {
  POLLUX_PROMPT_TEMPLATE,
  PROMPT_TEMPLATE_VERSION,
  buildJudgePrompt,
  formatPython,
  renderRubrics,
} from '../../../src/lib/pollux/index.ts';
import { readCriteria, readRows, readSampleText } from './sample-data.ts';

/**
 * Independent str.format emulation for the expected strings: cut the template at each `{name}`
 * and splice values in by position, so values are never scanned again.
 */
function emulateFormat(template: string, values: Record<string, string>): string {
  const pieces = template.split(/(\{[a-z_]+\})/);
  return pieces.map((p) => (/^\{[a-z_]+\}$/.test(p) ? (values[p.slice(1, -1)] ?? 'MISSING') : p)).join('');
}

describe('POLLUX_PROMPT_TEMPLATE', () => {
  it('is byte-identical to prompts/test_pollux.txt', () => {
    const file = readSampleText('prompt-template.txt');
    expect(POLLUX_PROMPT_TEMPLATE).toBe(file);
    expect(Buffer.byteLength(POLLUX_PROMPT_TEMPLATE, 'utf8')).toBe(276);
    expect(POLLUX_PROMPT_TEMPLATE.endsWith('{rubrics}')).toBe(true);
    expect(PROMPT_TEMPLATE_VERSION).toBe('test_pollux@2e8eb78');
  });
});

describe('buildJudgePrompt', () => {
  it('reproduces score.py for both real sample rows', () => {
    const template = readSampleText('prompt-template.txt');
    for (const row of readRows()) {
      const expected = emulateFormat(template, {
        instruction: row.instruction,
        reference_answer: row.reference_answer,
        answer: row.answer,
        criteria_name: row.criteria_name,
        rubrics: row.rubrics,
      });
      expect(buildJudgePrompt(row)).toBe(expected);
      expect(buildJudgePrompt(row)).not.toContain(row.criteria_description);
    }
  });

  it('keeps the reference header with empty content for "", null and missing', () => {
    const base = { instruction: 'И', answer: 'О', criteria_name: 'К', rubrics: '0: а\n\n1: б' };
    const expected = '### Задание для оценки:\nИ\n\n### Эталонный ответ:\n\n\n### Ответ для оценки:\nО\n\n### Критерий оценки:\nК\n\n### Шкала оценивания по критерию:\n0: а\n\n1: б';
    expect(buildJudgePrompt({ ...base, reference_answer: '' })).toBe(expected);
    expect(buildJudgePrompt({ ...base, reference_answer: null })).toBe(expected);
    expect(buildJudgePrompt(base)).toBe(expected);
  });

  it('substitutes once: braces and placeholders inside values stay literal', () => {
    const prompt = buildJudgePrompt({
      instruction: 'Напиши {rubrics}',
      reference_answer: '{{x}}',
      answer: 'def f(): return {"a": 1} {answer}',
      criteria_name: 'Имя',
      rubrics: '0: {}',
    });
    expect(prompt).toContain('Напиши {rubrics}\n');
    expect(prompt).toContain('\n{{x}}\n');
    expect(prompt).toContain('def f(): return {"a": 1} {answer}\n');
    expect(prompt.endsWith('0: {}')).toBe(true);
  });

  it('renders map rubrics inside the prompt', () => {
    const prompt = buildJudgePrompt({ instruction: 'И', answer: 'О', criteria_name: 'К', rubrics: { '1': 'б', '0': 'а' } });
    expect(prompt.endsWith('### Шкала оценивания по критерию:\n0: а\n\n1: б')).toBe(true);
  });
});

describe('formatPython', () => {
  it('handles escapes and refuses what Python would refuse', () => {
    expect(formatPython('{{a}} {a} }}', { a: '{b}' })).toBe('{a} {b} }');
    expect(() => formatPython('{a}', {})).toThrow(/missing/);
    expect(() => formatPython('a } b', {})).toThrow(/single '}'/);
    expect(() => formatPython('{a!r}', { a: 'x' })).toThrow(/unsupported/);
  });
});

describe('renderRubrics', () => {
  it('uses a dataset string as is', () => {
    expect(renderRubrics('0: x\n1: y')).toBe('0: x\n1: y');
  });

  it('orders map levels numerically (10 after 9) and joins with a blank line', () => {
    const map: Record<string, string> = {};
    for (const k of ['10', '2', '9', '1', '0']) map[k] = `t${k}`;
    expect(renderRubrics(map)).toBe('0: t0\n\n1: t1\n\n2: t2\n\n9: t9\n\n10: t10');
    expect(renderRubrics({ '2': 'b', '-2': 'a', '0': 'z' })).toBe('-2: a\n\n0: z\n\n2: b');
  });

  it('uses ru of a language-keyed map', () => {
    expect(renderRubrics({ en: { '0': 'no', '1': 'yes' }, ru: { '1': 'да', '0': 'нет' } })).toBe('0: нет\n\n1: да');
    expect(renderRubrics({ en: { '0': 'no' } })).toBe('0: no');
  });

  it('reproduces the rows.json rubrics from criteria.excerpt.json scale.ru', () => {
    const criteria = Object.values(readCriteria());
    for (const row of readRows()) {
      const entry = criteria.find((c) => c.name.ru === row.criteria_name && c.desc.ru === row.criteria_description);
      expect(entry).toBeDefined();
      expect(renderRubrics(entry?.scale.ru ?? {})).toBe(row.rubrics);
      expect(renderRubrics(entry?.scale ?? {})).toBe(row.rubrics);
    }
  });
});
