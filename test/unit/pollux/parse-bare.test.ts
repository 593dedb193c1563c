import { describe, it, expect } from 'vitest';
import { parseBareScore, parseJudgeOutputFor, stripThinkTags } from '../../../src/lib/pollux/index.ts';

describe('stripThinkTags (answer.py strip_think_tags)', () => {
  it('removes closed blocks and an unterminated tail, then trims', () => {
    expect(stripThinkTags('<think>a</think> Ответ <think>b</think>!')).toBe('Ответ !');
    expect(stripThinkTags('Ответ\n<think>обрыв')).toBe('Ответ');
    expect(stripThinkTags('  просто текст \n')).toBe('просто текст');
    expect(stripThinkTags('')).toBe('');
    // Case-sensitive, like answer.py.
    expect(stripThinkTags('<THINK>x</THINK>y')).toBe('<THINK>x</THINK>y');
  });
});

describe('parseBareScore', () => {
  it('reads a whole-text number, decimals and signs included', () => {
    expect(parseBareScore(' 2 \n')).toEqual({ kind: 'score', score: 2, feedback: '' });
    expect(parseBareScore('1,5')).toEqual({ kind: 'score', score: 1.5, feedback: '' });
    expect(parseBareScore('-1')).toEqual({ kind: 'score', score: -1, feedback: '' });
  });

  it('falls back to a trailing signed integer', () => {
    expect(parseBareScore('Оценка: 2')).toEqual({ kind: 'score', score: 2, feedback: '' });
    expect(parseBareScore('Оценка: -1')).toEqual({ kind: 'score', score: -1, feedback: '' });
    // Never the tail of a decimal or of a range.
    expect(parseBareScore('Итог 2.5').kind).toBe('unparsed');
    expect(parseBareScore('от 1-2').kind).toBe('unparsed');
  });

  it('strips <think> and returns it as feedback', () => {
    expect(parseBareScore('<think>рассуждение</think>\n1')).toEqual({ kind: 'score', score: 1, feedback: 'рассуждение' });
    // Qwen3 templates open <think> in the prompt: only the closing tag is generated.
    expect(parseBareScore('рассуждение\n</think>\n\n2')).toEqual({ kind: 'score', score: 2, feedback: 'рассуждение' });
  });

  it('does not read numbers inside an unterminated <think>', () => {
    expect(parseBareScore('<think>скорее 2')).toEqual({ kind: 'unparsed', reason: 'only <think> content, no score' });
    expect(parseBareScore('')).toEqual({ kind: 'unparsed', reason: 'empty output' });
    expect(parseBareScore('нет числа')).toEqual({ kind: 'unparsed', reason: 'no trailing number: "нет числа"' });
  });
});

describe('parseJudgeOutputFor', () => {
  it('dispatches without cross-fallback', () => {
    expect(parseJudgeOutputFor('tagged', '2')).toEqual({ kind: 'unparsed', reason: 'no [RESULT] block' });
    expect(parseJudgeOutputFor('bare-number', '2')).toEqual({ kind: 'score', score: 2, feedback: '' });
    expect(parseJudgeOutputFor('tagged', '[RESULT] 1 [END]')).toEqual({ kind: 'score', score: 1, feedback: '' });
  });
});
