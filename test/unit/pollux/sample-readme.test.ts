/**
 * The bundled sample holds what its README says: the rows quoted between the sample-checks
 * markers of public/sample/README.md are in the parquet files with those values, and no row is
 * synthetic.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';

const DIR = path.resolve(process.cwd(), 'public/sample');

function arrayBuffer(file: string): ArrayBuffer {
  const b = readFileSync(path.join(DIR, file));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

interface Check {
  promptId: number;
  instructionStart: string;
  modelId: string;
  criteriaName: string;
  criteriaScore: number;
  annotations: number;
  commentStart: string;
}

function readChecks(): Check[] {
  const readme = readFileSync(path.join(DIR, 'README.md'), 'utf8');
  const block = /<!-- sample-checks:start -->([\s\S]*?)<!-- sample-checks:end -->/.exec(readme)?.[1] ?? '';
  return block
    .split('\n')
    .filter((l) => /^\|\s*\d/.test(l))
    .map((l) => {
      const c = l.split('|').slice(1, -1).map((s) => s.trim());
      return {
        promptId: Number(c[0]),
        instructionStart: c[1],
        modelId: c[2],
        criteriaName: c[3],
        criteriaScore: Number(c[4]),
        annotations: Number(c[5]),
        commentStart: c[6],
      };
    });
}

interface ExpertRow {
  instruction: string;
  model_id: string;
  criteria_name: string;
  criteria_score: number;
  annotations: { comment: string; score: number }[];
}

describe('public/sample matches its README', () => {
  it('has the quoted rows with the quoted values', async () => {
    const checks = readChecks();
    expect(checks.length).toBeGreaterThanOrEqual(5);
    const instructions = (await parquetReadObjects({ file: arrayBuffer('pollux-instructions.parquet') })) as { prompt_id: bigint; instruction: string }[];
    const rows = (await parquetReadObjects({ file: arrayBuffer('pollux-test.parquet') })) as ExpertRow[];
    const textOf = new Map(instructions.map((r) => [Number(r.prompt_id), r.instruction]));
    for (const c of checks) {
      const instruction = textOf.get(c.promptId);
      expect(instruction, `prompt_id ${c.promptId}`).toBeDefined();
      expect(instruction?.startsWith(c.instructionStart)).toBe(true);
      const row = rows.find((r) => r.instruction === instruction && r.model_id === c.modelId && r.criteria_name === c.criteriaName);
      expect(row, `${c.promptId} ${c.modelId} ${c.criteriaName}`).toBeDefined();
      expect(row?.criteria_score).toBe(c.criteriaScore);
      expect(row?.annotations).toHaveLength(c.annotations);
      expect(row?.annotations.some((a) => a.comment.startsWith(c.commentStart))).toBe(true);
    }
  });

  it('counts what the README counts, and nothing is marked synthetic', async () => {
    const instructions = await parquetReadObjects({ file: arrayBuffer('pollux-instructions.parquet') });
    const rows = (await parquetReadObjects({ file: arrayBuffer('pollux-test.parquet') })) as ExpertRow[];
    expect(instructions).toHaveLength(33);
    expect(rows).toHaveLength(297);
    const manifest = JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as { synthetic: boolean };
    expect(manifest.synthetic).toBe(false);
    expect(rows.some((r) => /синтетическ/i.test(`${r.instruction} ${r.annotations.map((a) => a.comment).join(' ')}`))).toBe(false);
  });
});
