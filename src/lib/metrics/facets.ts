/**
 * What the metrics read of an instruction, as a new object with only those fields. The page's
 * instructions also carry their texts (instruction, reference answer: ~9 MB on the full dataset),
 * which a message to the metrics worker would otherwise copy for nothing. The criteria array is
 * kept as it is: its objects are shared between instructions (data/share-criteria.ts), so the
 * message carries each distinct criterion once.
 */
import type { InstructionFacets } from './types.ts';

export function facetsOf(i: InstructionFacets): InstructionFacets {
  const f: InstructionFacets = { prompt_id: i.prompt_id, meta: i.meta, criteria: i.criteria };
  // Absent stays absent (not `undefined`), exactly as the metrics saw the full objects.
  if (i.difficulty !== undefined) f.difficulty = i.difficulty;
  if (i.task_type !== undefined) f.task_type = i.task_type;
  if (i.domain !== undefined) f.domain = i.domain;
  return f;
}
