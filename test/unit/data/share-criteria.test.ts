import { describe, expect, it } from 'vitest';
import { parquetMetadata } from 'hyparquet';
import { criterionSharer } from '../../../src/lib/data/share-criteria.ts';
import { decodeInstructionExtras } from '../../../src/lib/data/decode.ts';
import { instructionRows, writeInstructions } from './fixtures.ts';

describe('criterionSharer', () => {
  it('returns the first equal criterion it has seen, and keeps different ones apart', () => {
    const share = criterionSharer();
    const a = { criteria_name: 'Грамотность', rubrics: '0: плохо\n\n1: средне\n\n2: хорошо' };
    const same = { criteria_name: 'Грамотность', rubrics: `0: плохо\n\n1: средне\n\n${'2: хорошо'}` };
    const otherRubric = { criteria_name: 'Грамотность', rubrics: '0: плохо\n\n1: средне\n\n2: отлично' };
    const nested = { criteria_name: 'Стиль', rubrics: { '0': 'нет', '1': 'да' } };
    expect(share(a)).toBe(a);
    expect(share(same)).toBe(a);
    expect(share(otherRubric)).toBe(otherRubric);
    expect(share({ criteria_name: 'Стиль', rubrics: { '0': 'нет', '1': 'да' } })).toBe(share(nested));
  });
});

describe('decodeInstructionExtras', () => {
  it('gives equal criteria of different instructions one object (a clone then carries each rubric once)', async () => {
    const bytes = writeInstructions(instructionRows([0, 1, 2, 3]));
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const rows = await decodeInstructionExtras('instructions.parquet', parquetMetadata(ab), { byteLength: ab.byteLength, slice: async (s, e) => ab.slice(s, e) });
    expect(rows).toHaveLength(4);
    expect(rows[0].criteria.length).toBeGreaterThan(1);
    rows[0].criteria.forEach((c, k) => {
      for (const r of rows) expect(r.criteria[k]).toBe(c);
    });
    // Distinct criteria stay distinct objects with their own values.
    expect(new Set(rows[0].criteria).size).toBe(rows[0].criteria.length);
  });
});
