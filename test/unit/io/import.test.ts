import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importAnswers, importAnswersText, MAX_IMPORT_BYTES, type ImportResult, type AnswerScope } from '../../../src/lib/io/index.ts';
import { expandRun } from '../../../src/lib/run/index.ts';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const scope: AnswerScope = { known: new Set([1, 2, 3, 4, 5]), chosen: new Set([1, 2, 3]) };

function errorsOf(r: ImportResult) {
  if (r.ok) throw new Error(`expected errors, got ok with ${r.answers.length} answers`);
  return r.errors;
}

describe('answers.json', () => {
  it('reads answer.py output, keeps model/dataset/split, ignores extra fields', () => {
    const text = JSON.stringify(
      { model: 'org/m', dataset: 'ai-forever/POLLUX-instructions', split: 'train', num_samples: 2, answers: [{ prompt_id: 1, answer: 'Привет' }, { prompt_id: 2, answer: 'b', extra: 1 }] },
      null,
      2,
    );
    const r = importAnswers(enc(text), 'answers.json', scope);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.model).toBe('org/m');
    expect(r.dataset).toBe('ai-forever/POLLUX-instructions');
    expect(r.answers).toEqual([
      { prompt_id: 1, answer: 'Привет' },
      { prompt_id: 2, answer: 'b' },
    ]);
    expect(r.warnings.map((w) => w.code)).toEqual(['missing-answers']);
    expect(r.warnings[0].params?.count).toBe(1);
  });

  it('locates a syntax error by line and column', () => {
    const text = '{\n  "model": "m",\n  "answers": [\n    {"prompt_id": 1, "answer": "a"},\n    {"prompt_id": 2 "answer": "b"}\n  ]\n}';
    const [e] = errorsOf(importAnswers(enc(text), 'a.json', scope));
    expect(e.code).toBe('json-syntax');
    expect(e.line).toBe(5);
    expect(e.column).toBe(21);
  });

  it('locates unknown ids, duplicates, wrong types and shapes per entry', () => {
    const text = [
      '{"model": "m", "answers": [',
      '  {"prompt_id": 1, "answer": "ok"},',
      '  {"prompt_id": 99, "answer": "x"},',
      '  {"prompt_id": 1, "answer": "again"},',
      '  {"prompt_id": 2, "answer": "   "},',
      '  {"prompt_id": "3", "answer": "s"},',
      '  {"prompt_id": 3, "answer": 7},',
      '  [1, 2],',
      '  {"answer": "no id"},',
      '  {"prompt_id": 1.5, "answer": "frac"}',
      ']}',
    ].join('\n');
    const errs = errorsOf(importAnswers(enc(text), 'answers.json', scope));
    expect(errs.map((e) => [e.code, e.line])).toEqual([
      ['wrong-shape', 8],
      ['unknown-prompt-id', 3],
      ['duplicate-prompt-id', 4],
      ['bad-prompt-id', 6],
      ['wrong-type', 7],
      ['missing-field', 9],
      ['bad-prompt-id', 10],
    ]);
    const dup = errs.find((e) => e.code === 'duplicate-prompt-id');
    expect(dup?.params).toEqual({ id: 1, first: 2 });
    expect(errs.find((e) => e.code === 'wrong-type')).toMatchObject({ field: 'answers[5].answer', params: { field: 'answer', type: 'number' } });
  });

  it('rejects a missing answers list and a non-string model', () => {
    expect(errorsOf(importAnswersText('{"model": "m"}', 'answers-json', scope))[0].code).toBe('wrong-shape');
    expect(errorsOf(importAnswersText('{"model": 5, "answers": []}', 'answers-json', scope))[0]).toMatchObject({ code: 'wrong-type', field: 'model', params: { field: 'model' } });
  });

  it('imports answer.py output with an empty answer (a failed request): kept, counted, and warned about', async () => {
    // Written by Python exactly as answer.py writes it (json.dump(..., ensure_ascii=False, indent=2)).
    const bytes = new Uint8Array(readFileSync(path.resolve(process.cwd(), 'test/fixtures/io/answers-failed-request.json')));
    const r = importAnswers(bytes, 'answers.json', { known: new Set([101, 102, 103]), chosen: new Set([101, 102, 103]) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.model).toBe('org/candidate-7b');
    expect(r.answers.map((a) => [a.prompt_id, a.answer === ''])).toEqual([
      [101, false],
      [102, true],
      [103, false],
    ]);
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'empty-answers', params: { count: 1, example: 102 } })]);
    // Judged as score.py judges it: the empty answer gets its jobs (so the plan counts them), the answer section empty.
    const instructions = [101, 102, 103].map((prompt_id) => ({ prompt_id, instruction: `i${prompt_id}`, meta: '', criteria: [{ criteria_name: 'c', rubrics: '0: a\n\n1: b' }] }));
    const settings = { judge: { kind: 'openai' as const, baseUrl: 'http://127.0.0.1:9', model: 'j', outputFormat: 'tagged' as const, polluxTrained: true, concurrency: 1 }, sampling: { temperature: 0, top_p: 1, max_tokens: 64, seed: 0 }, maxParseRetries: 0, answersFrom: { kind: 'candidate' as const, model: 'm' }, datasetKey: 'x', orderSeed: 1 };
    const expanded = await expandRun({ settings, instructions, answers: r.answers });
    expect(expanded.jobs.map((j) => j.prompt_id).sort()).toEqual([101, 102, 103]);
    expect(expanded.jobs.find((j) => j.prompt_id === 102)?.prompt).toContain('### Ответ для оценки:\n\n');
  });

  it('warns (not errors) about answers outside the selection and a missing model', () => {
    const r = importAnswersText('[{"prompt_id": 1, "answer": "a"}, {"prompt_id": 4, "answer": "b"}]', 'answers-json', scope);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.model).toBeNull();
    expect(r.answers).toHaveLength(1);
    expect(r.warnings.map((w) => w.code).sort()).toEqual(['missing-answers', 'no-model', 'outside-selection']);
  });
});

describe('encoding and size', () => {
  it('reports the byte offset of the first non-UTF-8 byte (cp1251 text)', () => {
    const head = enc('{"model": "m", "answers": [{"prompt_id": 1, "answer": "');
    const bytes = new Uint8Array([...head, 0xcf, 0xf0, 0xe8, ...enc('"}]}')]);
    const [e] = errorsOf(importAnswers(bytes, 'a.json', scope));
    expect(e).toMatchObject({ code: 'not-utf8', byteOffset: head.length });
  });

  it('points at a truncated multi-byte sequence at the end', () => {
    const bytes = new Uint8Array([...enc('prompt_id,answer\n1,'), 0xd0]);
    expect(errorsOf(importAnswers(bytes, 'a.csv', scope))[0]).toMatchObject({ code: 'not-utf8', byteOffset: bytes.length - 1 });
  });

  it('drops a UTF-8 BOM', () => {
    const r = importAnswers(new Uint8Array([0xef, 0xbb, 0xbf, ...enc('prompt_id,answer\n1,a\n')]), 'a.csv', scope);
    expect(r.ok).toBe(true);
  });

  it('refuses files over the stated limit before reading them', () => {
    const big = { length: MAX_IMPORT_BYTES + 1 } as unknown as Uint8Array;
    const [e] = errorsOf(importAnswers(big, 'a.json', scope));
    expect(e.code).toBe('too-large');
    expect(e.params?.limit).toBe(MAX_IMPORT_BYTES);
  });

  it('reports an empty file', () => {
    expect(errorsOf(importAnswers(enc('  \n'), 'a.jsonl', scope))[0].code).toBe('empty-file');
  });
});

describe('JSONL', () => {
  it('reads one object per line, with an optional model, skipping blank lines', () => {
    const r = importAnswers(enc('{"prompt_id": 1, "answer": "a", "model": "m"}\n\n{"prompt_id": 2, "answer": "b"}\r\n'), 'x.jsonl', scope);
    expect(r).toMatchObject({ ok: true, format: 'jsonl', model: 'm', answers: [{ prompt_id: 1 }, { prompt_id: 2 }] });
  });

  it('locates bad lines', () => {
    const errs = errorsOf(importAnswers(enc('{"prompt_id": 1, "answer": "a"}\n{"prompt_id": 2, "answer": "b"\n"str"\n{"prompt_id": 5}'), 'x.jsonl', scope));
    expect(errs.map((e) => [e.code, e.line])).toEqual([
      ['json-syntax', 2],
      ['wrong-shape', 3],
      ['missing-field', 4],
    ]);
  });

  it('is sniffed from content when the name says nothing', () => {
    const r = importAnswers(enc('{"prompt_id": 1, "answer": "a"}\n{"prompt_id": 2, "answer": "b"}\n'), 'answers', scope);
    expect(r.ok && r.format).toBe('jsonl');
  });
});

describe('CSV', () => {
  it('reads quoted multi-line cells and locates rows by their first line', () => {
    const csv = 'prompt_id,answer,model\n1,"строка 1\nстрока 2, с запятой",m\n2,"say ""hi""",m\n';
    const r = importAnswers(enc(csv), 'a.csv', scope);
    expect(r).toMatchObject({ ok: true, model: 'm' });
    if (!r.ok) return;
    expect(r.answers).toEqual([
      { prompt_id: 1, answer: 'строка 1\nстрока 2, с запятой' },
      { prompt_id: 2, answer: 'say "hi"' },
    ]);
    const bad = errorsOf(importAnswers(enc(csv + '77,x,m\n'), 'a.csv', scope));
    expect(bad[0]).toMatchObject({ code: 'unknown-prompt-id', line: 5 });
  });

  it('takes the delimiter from the header (semicolon, tab)', () => {
    expect(importAnswers(enc('prompt_id;answer\n1;a, b, c\n'), 'a.csv', scope)).toMatchObject({ ok: true, answers: [{ answer: 'a, b, c' }] });
    expect(importAnswers(enc('prompt_id\tanswer\n1\ta, b\n'), 'a.tsv', scope)).toMatchObject({ ok: true });
  });

  it('requires a header naming prompt_id and answer', () => {
    expect(errorsOf(importAnswers(enc('1,hello\n2,bye\n'), 'a.csv', scope))[0]).toMatchObject({ code: 'csv-header', line: 1 });
  });

  it('locates an unterminated quote, wrong cell counts and a non-integer id', () => {
    expect(errorsOf(importAnswers(enc('prompt_id,answer\n1,a\n2,"open\n3,x\n'), 'a.csv', scope))[0]).toMatchObject({ code: 'csv-syntax', line: 3 });
    const errs = errorsOf(importAnswers(enc('prompt_id,answer\n1,a,extra\nabc,b\n'), 'a.csv', scope));
    expect(errs.map((e) => [e.code, e.line])).toEqual([
      ['wrong-shape', 2],
      ['bad-prompt-id', 3],
    ]);
  });
});
