#!/usr/bin/env node
/**
 * A small POLLUX dataset whose every text is hostile (test/support/hostile.mjs), in the Hub's
 * resolve layout under test/fixtures/www/hostile/, for the hostile-input e2e test: the app reads
 * it as a mirror (`?source=mirror:<fixture server>/files/hostile`) and must show it as inert text.
 *
 *   node scripts/build-hostile-fixtures.mjs
 */
import { resolve } from 'node:path';
import { REPO_ROOT, synthDataset, writeHubLayout } from './build-fixtures.mjs';
import { hostileMarkdown, hostileName } from '../test/support/hostile.mjs';

const data = synthDataset({ count: 3, seed: 11, answerChars: 100, firstPromptId: 7000 });
const instructionText = new Map(data.instructions.map((r, n) => [r.instruction, `${hostileMarkdown(`instruction-${n}`)}`]));
const instructions = data.instructions.map((r, n) => ({
  ...r,
  instruction: instructionText.get(r.instruction),
  reference_answer: hostileMarkdown(`reference-${n}`),
  task_subsubtype: hostileName('subsubtype'),
  criteria: r.criteria.map((c, k) => (k === 2 ? { ...c, criteria_description: hostileMarkdown('description'), rubrics_example: hostileMarkdown('example') } : c)),
}));
const reference = new Map(data.instructions.map((r, n) => [r.instruction, instructions[n].reference_answer]));
const rows = data.rows.map((row) => ({
  ...row,
  instruction: instructionText.get(row.instruction),
  reference_answer: reference.get(row.instruction),
  answer: hostileMarkdown(`answer-${row.model_id}`),
  task_subsubtype: hostileName('subsubtype'),
  annotations: row.annotations.map((a) => ({ ...a, comment: `${hostileName('comment')} ${hostileMarkdown('comment')}` })),
}));
const sizes = writeHubLayout(resolve(REPO_ROOT, 'test/fixtures/www/hostile'), { instructions, rows }, { rowGroupSize: 100 });
console.log(`hostile fixtures: ${rows.length} rows, ${instructions.length} instructions`, sizes);
