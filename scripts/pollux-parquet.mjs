/**
 * The real parquet schemas of ai-forever/POLLUX (test) and ai-forever/POLLUX-instructions (train),
 * and writers for them: the one definition shared by the sample and fixture builders
 * (build-sample.mjs, build-fixtures.mjs), the benchmark and the unit tests' parquet fixtures.
 *
 * hyparquet-writer writes the nested columns when given an explicit schema with the standard
 * 3-level LIST layout (<col> LIST → list REPEATED → element OPTIONAL group); its automatic schema
 * detection does not produce list<struct>.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';

const str = (name) => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });

export const POLLUX_SCHEMA = [
  { name: 'schema', num_children: 16 },
  str('instruction'),
  str('reference_answer'),
  str('answer'),
  str('model_id'),
  str('task_type'),
  str('task_subtype'),
  str('task_subsubtype'),
  str('difficulty'),
  str('domain'),
  { name: 'is_provocative', type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
  str('criteria_name'),
  str('criteria_description'),
  str('rubrics'),
  str('rubrics_example'),
  { name: 'annotations', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'OPTIONAL', num_children: 2 },
  str('comment'),
  { name: 'score', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
  { name: 'criteria_score', type: 'DOUBLE', repetition_type: 'OPTIONAL' },
];
export const POLLUX_COLUMNS = ['instruction', 'reference_answer', 'answer', 'model_id', 'task_type', 'task_subtype', 'task_subsubtype', 'difficulty', 'domain', 'is_provocative', 'criteria_name', 'criteria_description', 'rubrics', 'rubrics_example', 'annotations', 'criteria_score'];

export const INSTRUCTIONS_SCHEMA = [
  { name: 'schema', num_children: 10 },
  { name: 'prompt_id', type: 'INT64', repetition_type: 'OPTIONAL' },
  str('instruction'),
  str('reference_answer'),
  str('meta'),
  str('difficulty'),
  str('task_type'),
  str('task_subtype'),
  str('task_subsubtype'),
  str('domain'),
  { name: 'criteria', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  { name: 'element', repetition_type: 'OPTIONAL', num_children: 4 },
  str('criteria_name'),
  str('criteria_description'),
  str('rubrics'),
  str('rubrics_example'),
];
export const INSTRUCTION_COLUMNS = ['prompt_id', 'instruction', 'reference_answer', 'meta', 'difficulty', 'task_type', 'task_subtype', 'task_subsubtype', 'domain', 'criteria'];

/**
 * `rowGroupSize`: rows per row group (POLLUX's own files: 1,000). `opts.pageSize`: target data page
 * size in bytes (the writer's default is 1 MB); `opts.plain`: columns written without a dictionary,
 * so a reader with the offset index can fetch single pages of them (tests of page-granular reads).
 */
export function writePolluxParquet(rows, rowGroupSize = 1000, opts = {}) {
  const plain = new Set(opts.plain ?? []);
  return parquetWriteBuffer({
    columnData: POLLUX_COLUMNS.map((name) => ({ name, data: rows.map((r) => r[name]), ...(plain.has(name) ? { encoding: 'PLAIN' } : {}) })),
    schema: POLLUX_SCHEMA,
    rowGroupSize,
    ...(opts.pageSize ? { pageSize: opts.pageSize } : {}),
  });
}

export function writeInstructionsParquet(rows) {
  return parquetWriteBuffer({
    columnData: INSTRUCTION_COLUMNS.map((name) => ({ name, data: rows.map((r) => (name === 'prompt_id' ? BigInt(r[name]) : r[name])) })),
    schema: INSTRUCTIONS_SCHEMA,
  });
}

