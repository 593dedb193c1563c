/**
 * POLLUX-instructions' rows come in two parts on a cold load (decode.ts): the heads the list is
 * shown from, then the criteria and reference answers. Here they become whole rows again, on
 * whichever side of the worker holds both. No hyparquet here: the page imports this.
 */
import type { InstructionRow } from '../pollux/types.ts';
import { DataLoadError } from './errors.ts';
import type { InstructionExtras, InstructionHead } from './types.ts';

/** Heads and extras of the same file, row by row, as whole rows. */
export function joinInstructionParts(name: string, heads: readonly InstructionHead[], extras: readonly InstructionExtras[]): InstructionRow[] {
  if (extras.length !== heads.length) {
    throw new DataLoadError('corrupt', `${name}: ${heads.length} instructions listed but ${extras.length} with criteria`, { file: name });
  }
  return heads.map((h, i) => ({ ...h, reference_answer: extras[i].reference_answer, criteria: extras[i].criteria }));
}
