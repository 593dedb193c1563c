import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answersJson, buildScores, importAnswersText, inScorePyOrder, judgmentsCsv, modelDirName, scoresJson } from '../../../src/lib/io/index.ts';
import type { JudgmentRow } from '../../../src/lib/run/types.ts';

const dir = new URL('../../fixtures/io/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');
const rows = JSON.parse(read('judgments.input.json')) as JudgmentRow[];

describe('scores.json (score.py format)', () => {
  it('matches the golden file byte for byte (= Python json.dumps(indent=2, ensure_ascii=False))', () => {
    expect(scoresJson(rows).text).toBe(read('scores.expected.json'));
  });

  it('keeps unparsed raw text, omits failed and pending, and counts them', () => {
    const s = buildScores(rows);
    expect(s).toMatchObject({ included: 3, unparsedIncluded: 1, omittedFailed: 1, omittedPending: 1 });
    expect(s.entries.map((e) => e.response)).toContain('Оценка: хорошо');
    expect(s.entries.every((e) => Object.keys(e).join() === 'response,meta')).toBe(true);
    expect(Object.keys(s.entries[0].meta)).toEqual(['prompt_id', 'criteria_name', 'rubrics']);
  });
});

describe('export order', () => {
  it('follows score.py: by prompt_id, then criterion position', () => {
    const shuffled = [rows[3], rows[4], rows[1], rows[2], rows[0]];
    expect(inScorePyOrder(shuffled).map((r) => r.jobId)).toEqual(['101|0', '101|1', '102|0', '102|1', '103|0']);
  });
});

describe('answers.json (answer.py format)', () => {
  const input = JSON.parse(read('answers.input.json')) as { model: string; answers: { prompt_id: number; answer: string }[] };

  it('matches the golden file byte for byte', () => {
    expect(answersJson(input.model, input.answers)).toBe(read('answers.expected.json'));
  });

  it('round-trips through the importer', () => {
    const text = answersJson(input.model, input.answers);
    const r = importAnswersText(text, 'answers-json', { known: new Set([101, 102]), chosen: new Set([101, 102]) });
    expect(r).toMatchObject({ ok: true, model: 'org/my-model', answers: input.answers, dataset: 'ai-forever/POLLUX-instructions', split: 'train' });
  });

  it('names the results folder as answer.py does', () => {
    expect(modelDirName('ai-forever/pollux-judge-7b')).toBe('ai-forever-pollux-judge-7b');
  });
});

describe('judgments CSV', () => {
  it('matches the golden file, with spreadsheet formulas defused', () => {
    const csv = judgmentsCsv(rows);
    expect(csv).toBe(read('judgments.expected.csv'));
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
