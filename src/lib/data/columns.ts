/**
 * Column projections. Each view reads only what it shows: the list needs the short columns of
 * every row (a few MB of 400), an instruction page reads the long ones for that instruction's
 * rows only. Names are the real `ai-forever/POLLUX` (test) and POLLUX-instructions columns.
 */

/** All 16 columns of ai-forever/POLLUX (test), in dataset order. */
export const POLLUX_COLUMNS = [
  'instruction',
  'reference_answer',
  'answer',
  'model_id',
  'task_type',
  'task_subtype',
  'task_subsubtype',
  'difficulty',
  'domain',
  'is_provocative',
  'criteria_name',
  'criteria_description',
  'rubrics',
  'rubrics_example',
  'annotations',
  'criteria_score',
] as const;

/** String columns the instruction list needs from every expert row (dictionary-encoded in chunks). */
export const LIST_STRING_COLUMNS = [
  'instruction',
  'model_id',
  'task_type',
  'task_subtype',
  'task_subsubtype',
  'difficulty',
  'domain',
  'criteria_name',
  'rubrics',
] as const;
export type ListStringColumn = (typeof LIST_STRING_COLUMNS)[number];

export const LIST_COLUMNS: readonly string[] = [...LIST_STRING_COLUMNS, 'is_provocative', 'criteria_score'];

/** Read lazily, for one instruction's rows, when its page opens. */
export const DETAIL_COLUMNS: readonly string[] = [
  'reference_answer',
  'answer',
  'model_id',
  'criteria_name',
  'criteria_description',
  'rubrics',
  'rubrics_example',
  'annotations',
  'criteria_score',
];

/** POLLUX-instructions columns we read (criteria is list<struct>; only name + rubrics are kept). */
export const INSTRUCTION_COLUMNS: readonly string[] = [
  'prompt_id',
  'instruction',
  'reference_answer',
  'meta',
  'difficulty',
  'task_type',
  'task_subtype',
  'task_subsubtype',
  'domain',
  'criteria',
];
/**
 * The POLLUX-instructions columns read after the list is shown (the others are the rows' heads):
 * about a third of the file's bytes, and its only nested column.
 */
export const INSTRUCTION_EXTRA_COLUMNS: readonly string[] = ['criteria', 'reference_answer'];
/** The fields of POLLUX-instructions' `criteria` structs that are read; the long description and example are not. */
export const INSTRUCTION_CRITERIA_FIELDS: readonly string[] = ['criteria_name', 'rubrics'];

/**
 * Which leaf columns of POLLUX-instructions are read (full leaf paths, e.g.
 * criteria.list.element.rubrics): the listed top-level columns, and of `criteria` only the
 * fields above (a `rubrics` map has deeper leaves, kept too).
 */
export function instructionLeafWanted(path: readonly string[]): boolean {
  if (!INSTRUCTION_COLUMNS.includes(path[0])) return false;
  if (path[0] !== 'criteria') return true;
  // criteria.list.element.<field>[.…]
  return path.length >= 4 && INSTRUCTION_CRITERIA_FIELDS.includes(path[3]);
}

/** Columns an instructions file must have to be usable at all. */
export const INSTRUCTION_REQUIRED: readonly string[] = ['prompt_id', 'instruction', 'criteria'];

/** Tells the two datasets apart by schema (local files have arbitrary names). */
export function classifyColumns(columns: readonly string[]): 'experts' | 'instructions' | 'unknown' {
  const has = (c: string) => columns.includes(c);
  if (LIST_COLUMNS.every(has)) return 'experts';
  if (INSTRUCTION_REQUIRED.every(has)) return 'instructions';
  return 'unknown';
}
