/**
 * Parquet fixtures written by the tests with hyparquet-writer in the real schemas (nested
 * annotations and criteria included), plus a fake range-serving fetch over them.
 */
import { writeInstructionsParquet, writePolluxParquet } from '../../../scripts/pollux-parquet.mjs';
import type { FetchLike } from '../../../src/lib/data/range-fetch.ts';

export type Row = Record<string, unknown>;

/** Incompressible-ish Cyrillic text, so answers dominate file size as in the real dataset. */
/** Text that does not compress: long columns in fixtures stay long on the wire. */
export function noise(seed: number, chars: number): string {
  let a = seed >>> 0;
  let s = '';
  while (s.length < chars) {
    a = (Math.imul(a ^ (a >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    s += String.fromCharCode(0x430 + (a % 32));
    if (a % 7 === 0) s += ' ';
  }
  return s;
}
export const MODELS = ['gpt4', 'tpro', 'o1', 'claude', 'llama', 'giga', 'yagpt'];
export const CRITERIA = [
  { criteria_name: 'Отсутствие зацикливаний', rubrics: '0: много\n\n1: есть\n\n2: нет' },
  { criteria_name: 'Проактивность', rubrics: '0: нет\n\n1: есть\n\n2: много' },
];

/** n instructions × 7 models × 2 criteria, with long answers. */
export function expertRows(n: number): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    for (const model_id of MODELS) {
      for (const c of CRITERIA) {
        rows.push({
          instruction: `Напиши  текст номер ${i}\n`,
          reference_answer: i === 0 ? 'эталон' : '',
          answer: `Ответ ${model_id} на ${i}: ${noise(i * 31 + model_id.length * 7 + model_id.charCodeAt(0), 4000)}`,
          model_id,
          task_type: i % 2 ? 'Стайл-трансфер' : 'Написать художественный текст',
          task_subtype: 'Проза',
          task_subsubtype: '',
          difficulty: ['Easy', 'Medium', 'Hard'][i % 3],
          domain: 'Художественный',
          is_provocative: i === 1,
          criteria_name: c.criteria_name,
          criteria_description: 'описание',
          rubrics: c.rubrics,
          rubrics_example: '',
          annotations: [
            { comment: 'хорошо', score: 2 },
            { comment: 'неприменимо', score: -1 },
          ],
          criteria_score: 2,
        });
      }
    }
  }
  return rows;
}

/** `descriptionChars`: long, distinct descriptions and examples (else one short shared description). */
export function instructionRows(ids: number[], descriptionChars?: number): Row[] {
  return ids.map((i) => ({
    prompt_id: BigInt(100 + i),
    instruction: `Напиши текст номер ${i}`,
    reference_answer: i === 0 ? 'эталон' : '',
    meta: 'Creative Generation',
    difficulty: ['Easy', 'Medium', 'Hard'][i % 3],
    task_type: i % 2 ? 'Стайл-трансфер' : 'Написать художественный текст',
    task_subtype: 'Проза',
    task_subsubtype: '',
    domain: 'Художественный',
    criteria: CRITERIA.map((c, k) =>
      descriptionChars
        ? { ...c, criteria_description: noise(i * 7 + k, descriptionChars), rubrics_example: noise(i * 11 + k, descriptionChars) }
        : { ...c, criteria_description: 'описание', rubrics_example: '' },
    ),
  }));
}

export function writePollux(rows: Row[], rowGroupSize: number, opts?: { pageSize?: number; plain?: string[] }): Uint8Array {
  return new Uint8Array(writePolluxParquet(rows, rowGroupSize, opts));
}

export function writeInstructions(rows: Row[]): Uint8Array {
  return new Uint8Array(writeInstructionsParquet(rows));
}

/** Serves `files` (url → bytes) with 206 ranges; `failAfter` makes request N+1 onward throw. */
export function rangeServer(files: Record<string, Uint8Array>) {
  const state = { requests: 0, bytes: 0, failAfter: Infinity, log: [] as string[] };
  const fetch: FetchLike = async (url, init) => {
    if (state.requests >= state.failAfter) throw new TypeError('Failed to fetch');
    state.requests++;
    const file = files[url];
    if (!file) return new Response('nope', { status: 404 });
    const m = /^bytes=(\d+)-(\d+)$/.exec(new Headers(init?.headers).get('Range') ?? '');
    if (!m) return new Response(file.slice(), { status: 200 });
    const a = Number(m[1]);
    const b = Math.min(Number(m[2]), file.length - 1);
    state.bytes += b - a + 1;
    state.log.push(`${url} ${a}-${b}`);
    return new Response(file.slice(a, b + 1), { status: 206, headers: { 'Content-Range': `bytes ${a}-${b}/${file.length}` } });
  };
  return { fetch, state };
}

export const MIRROR = 'http://mirror.test/files';

/** The mirror URL of shard i and of POLLUX-instructions. */
export function shardUrl(i: number): string {
  return `${MIRROR}/datasets/ai-forever/POLLUX/resolve/461c80411f8dac5ff82f4f363ee7db967305f7eb/data/test-0000${i}-of-00003.parquet`;
}
export const INSTRUCTIONS_URL = `${MIRROR}/datasets/ai-forever/POLLUX-instructions/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet`;

/**
 * 9 instructions × 7 models × 2 criteria = 126 rows, 42 per shard in groups of `rowGroupSize`;
 * POLLUX-instructions knows 0..6 (7 and 8 are expert-only) and 20 (no expert rows).
 */
export function mirrorFiles(opts: { withInstructions?: boolean; rowGroupSize?: number; descriptionChars?: number } = {}): Record<string, Uint8Array> {
  const rows = expertRows(9);
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < 3; i++) files[shardUrl(i)] = writePollux(rows.slice(i * 42, (i + 1) * 42), opts.rowGroupSize ?? 14);
  if (opts.withInstructions !== false) files[INSTRUCTIONS_URL] = writeInstructions(instructionRows([0, 1, 2, 3, 4, 5, 6, 20], opts.descriptionChars));
  return files;
}
