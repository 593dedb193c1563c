import { describe, expect, it } from 'vitest';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { INSTRUCTION_COLUMNS, instructionLeafWanted, LIST_COLUMNS } from '../../../src/lib/data/columns.ts';
import { chunkSpan, columnChunks, pageSpans, pruneLeaves, readTail, tailHasIndex } from '../../../src/lib/data/parquet-file.ts';
import { PieceBuffer } from '../../../src/lib/data/pieces.ts';
import { ParquetReader } from '../../../src/lib/data/reader.ts';
import { decodeListChunk } from '../../../src/lib/data/decode.ts';
import { DataLoadError } from '../../../src/lib/data/errors.ts';
import { coalesceSpans } from '../../../src/lib/data/coalesce.ts';
import { DEFAULT_READ_OPTIONS } from '../../../src/lib/data/options.ts';
import { expertRows, instructionRows, rangeServer, writeInstructions, writePollux } from './fixtures.ts';

const bufferOf = (bytes: Uint8Array) => {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return { byteLength: ab.byteLength, slice: async (a: number, b?: number) => ab.slice(a, b) };
};

describe('parquet files', () => {
  it('prunes nested leaves: POLLUX-instructions is read without criteria descriptions and examples', async () => {
    const bytes = writeInstructions(instructionRows([0, 1, 2], 3000));
    const buf = bufferOf(bytes);
    const md = parquetMetadata(await buf.slice(0));
    const pruned = pruneLeaves(md, instructionLeafWanted);
    const leaves = pruned.row_groups[0].columns.map((c) => c.meta_data!.path_in_schema.join('.'));
    expect(leaves).toContain('criteria.list.element.criteria_name');
    expect(leaves).toContain('criteria.list.element.rubrics');
    expect(leaves.some((l) => l.includes('description') || l.includes('example'))).toBe(false);
    const rows = await parquetReadObjects({ file: buf, metadata: pruned, columns: [...INSTRUCTION_COLUMNS] });
    expect(rows).toHaveLength(3);
    expect(Object.keys((rows[0].criteria as object[])[0]).sort()).toEqual(['criteria_name', 'rubrics']);
    expect(rows[1].instruction).toBe('Напиши текст номер 1');
  });

  it('reads the tail in one request for small footers and keeps the offset index', async () => {
    const bytes = writePollux(expertRows(4), 14, { pageSize: 4096, plain: ['answer'] });
    const buf = bufferOf(bytes);
    const slices: [number, number | undefined][] = [];
    const { tail, metadata } = await readTail({ byteLength: buf.byteLength, slice: (a, b) => (slices.push([a, b]), buf.slice(a, b)) });
    expect(tail.size).toBe(bytes.length);
    expect(tail.start + tail.bytes.byteLength).toBe(bytes.length);
    const answers = metadata.row_groups.flatMap((rg) => rg.columns).filter((c) => c.meta_data!.path_in_schema[0] === 'answer');
    expect(answers.every((c) => tailHasIndex(tail, c))).toBe(true);
    expect(slices.length).toBeLessThanOrEqual(2);
  });

  it('selects only the pages that hold the asked rows (plus the dictionary page)', async () => {
    const bytes = writePollux(expertRows(6), 84, { pageSize: 4096, plain: ['answer'] });
    const { tail, metadata } = await readTail(bufferOf(bytes));
    const c = columnChunks(metadata, 0, ['answer'])[0];
    const whole = chunkSpan(c);
    const spans = pageSpans(tail, c, 84, 20, 34);
    const read = spans.reduce((s, x) => s + x.end - x.start, 0);
    expect(read).toBeLessThan((whole.end - whole.start) / 3);
    expect(spans.every((x) => x.start >= whole.start && x.end <= whole.end)).toBe(true);
  });

  it('an instruction page with an offset index reads a fraction of the row group, from memory only', async () => {
    const rows = expertRows(6); // 6 instructions × 14 rows: one row group of 84
    const bytes = writePollux(rows, 84, { pageSize: 4096, plain: ['answer'] });
    const server = rangeServer({ u: bytes });
    const reader = new ParquetReader({ fetch: server.fetch });
    const file = { kind: 'url' as const, name: 'f', url: 'u' };
    const { tail } = await reader.open(file);
    server.state.bytes = 0;
    server.state.log.length = 0;
    const got = await reader.details(file, tail, [[28, 42]]);
    expect(got.map((r) => r.row)).toEqual(Array.from({ length: 14 }, (_, i) => 28 + i));
    expect(got[0].answer).toBe(rows[28].answer);
    expect(got[3].annotations).toEqual(rows[31].annotations);
    const md = parquetMetadata(tail.bytes);
    const wholeDetail = columnChunks(md, 0, ['answer', 'annotations', 'criteria_description', 'reference_answer']).reduce((s, c) => s + chunkSpan(c).end - chunkSpan(c).start, 0);
    expect(server.state.bytes).toBeLessThan(wholeDetail * 0.6);
    // Everything hyparquet asked for was in the planned ranges: no request of its own.
    expect(server.state.log.length).toBeLessThanOrEqual(3);
  });

  it('with 1,000-row groups the list columns of a group take about two ranges', async () => {
    const rows = expertRows(40); // 560 rows
    const big = [...rows, ...rows, ...rows, ...rows, ...rows, ...rows].map((r, i) => ({ ...r, instruction: `${r.instruction} ${Math.floor(i / 14)}` }));
    const bytes = writePollux(big, 1000);
    const md = parquetMetadata(await bufferOf(bytes).slice(0));
    expect(md.row_groups.length).toBe(4);
    const spans = md.row_groups.flatMap((_, g) => columnChunks(md, g, LIST_COLUMNS).map((c) => ({ ...chunkSpan(c), group: g })));
    const ranges = coalesceSpans(spans, { maxGap: DEFAULT_READ_OPTIONS.maxGapBytes, gapBudget: DEFAULT_READ_OPTIONS.gapBudget });
    expect(ranges.length).toBeLessThanOrEqual(2 * md.row_groups.length + 1);
    // The long columns (answers, comments) are never fetched for the list.
    const fetched = ranges.reduce((s, r) => s + r.end - r.start, 0);
    expect(fetched).toBeLessThan(bytes.length * 0.2);
  });
});

describe('decoding checks', () => {
  it('invalid UTF-8 in a text column is a corrupt error naming the file and row group', async () => {
    const bytes = writePollux(expertRows(2).map((r) => ({ ...r, model_id: 'gpt4' })), 14);
    const md = parquetMetadata(await bufferOf(bytes).slice(0));
    // Replace the dictionary value "gpt4" of row group 0 by bytes that are not UTF-8 (same length).
    const needle = new TextEncoder().encode('gpt4');
    const c = columnChunks(md, 0, ['model_id'])[0];
    const { start, end } = chunkSpan(c);
    const bad = bytes.slice();
    for (let i = start; i < end - 4; i++) {
      if (needle.every((b, k) => bad[i + k] === b)) {
        bad.set([0xc3, 0x28, 0xa0, 0xa1], i);
        break;
      }
    }
    const err = (await decodeListChunk('data/x.parquet', md, 0, new PieceBuffer(bad.length).add(0, bad.buffer.slice(0) as ArrayBuffer)).catch((e: unknown) => e)) as DataLoadError;
    expect(err).toBeInstanceOf(DataLoadError);
    expect(err.code).toBe('corrupt');
    expect(err.file).toBe('data/x.parquet');
    expect(err.rowGroup).toBe(0);
    expect(err.message).toMatch(/data\/x\.parquet, row group 0.*UTF-8/);
  });

  it('a footer that promises more rows than the pages hold is corrupt', async () => {
    const bytes = writePollux(expertRows(2), 14);
    const md = parquetMetadata(await bufferOf(bytes).slice(0));
    const lying = { ...md, row_groups: md.row_groups.map((rg, i) => (i === 0 ? { ...rg, num_rows: rg.num_rows + 3n } : rg)) };
    const err = (await decodeListChunk('f', lying, 0, new PieceBuffer(bytes.length).add(0, bytes.buffer.slice(0) as ArrayBuffer)).catch((e: unknown) => e)) as DataLoadError;
    expect(err.code).toBe('corrupt');
    expect(err.rowGroup).toBe(0);
  });
});
