import { describe, expect, it } from 'vitest';
import { encodeListChunk, type ListRow } from '../../../src/lib/data/chunk.ts';
import { ExpertJoiner, joinDataset } from '../../../src/lib/data/join.ts';
import type { InstructionRow } from '../../../src/lib/pollux/types.ts';

const row = (instruction: string, criteria_name: string, rubrics: string, model_id = 'm1'): ListRow => ({
  instruction, model_id, task_type: 't', task_subtype: 's', task_subsubtype: '', difficulty: 'Easy', domain: 'd',
  criteria_name, rubrics, is_provocative: false, criteria_score: 1,
});

describe('joinDataset criteria of expert-only instructions', () => {
  it('keeps each (name, rubrics) pair once across chunks, in first-seen order', () => {
    // The second chunk's dictionary numbers the same strings differently.
    const a = encodeListChunk('f', 0, 0, [row('x', 'B', 'rb'), row('x', 'A', 'ra'), row('x', 'B', 'rb', 'm2')]);
    const b = encodeListChunk('f', 1, 3, [row('y', 'Z', 'rz'), row('x', 'A', 'ra'), row('x', 'A', 'ra-other'), row('x', 'B', 'rb')]);
    const j = joinDataset([a, b], null);
    const x = j.instructions.find((i) => i.instruction === 'x')!;
    expect(x.criteria).toEqual([
      { criteria_name: 'B', rubrics: 'rb' },
      { criteria_name: 'A', rubrics: 'ra' },
      { criteria_name: 'A', rubrics: 'ra-other' },
    ]);
    expect(x.models).toEqual(['m1', 'm2']);
    expect(j.instructions.find((i) => i.instruction === 'y')!.criteria).toEqual([{ criteria_name: 'Z', rubrics: 'rz' }]);
    expect(j.rowIndex.get(x.prompt_id)).toEqual([{ file: 'f', start: 0, end: 3 }, { file: 'f', start: 4, end: 7 }]);
  });
});

describe('ExpertJoiner.listFromHeads', () => {
  it('lists heads as the joined list lists instructions without expert rows: same rows, same order', () => {
    const rows: InstructionRow[] = [
      { prompt_id: 7, instruction: 'Напишите  эссе', meta: 'M', task_type: 'T', criteria: [{ criteria_name: 'c', rubrics: 'r' }], reference_answer: 'ref' },
      { prompt_id: 3, instruction: 'Второе', meta: 'M', criteria: [] },
      // The same text up to whitespace: a duplicate, dropped (the first row wins).
      { prompt_id: 5, instruction: 'Напишите эссе\n', meta: 'M', criteria: [] },
      { prompt_id: 4, instruction: 'Третье', meta: 'M', is_provocative: true, criteria: [] },
    ];
    const heads = rows.map(({ criteria: _c, reference_answer: _r, ...h }) => h);
    const list = new ExpertJoiner().listFromHeads(heads);
    const joined = new ExpertJoiner().result(rows).instructions;
    expect(list.map((i) => i.prompt_id)).toEqual([3, 4, 7]);
    expect(list).toEqual(joined.map(({ criteria: _c, reference_answer: _r, ...h }) => h));
    expect(list.find((i) => i.prompt_id === 4)?.is_provocative).toBe(true);
    expect(list.every((i) => i.models.length === 0 && !('criteria' in i))).toBe(true);
  });
});
