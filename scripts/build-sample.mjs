#!/usr/bin/env node
/**
 * Builds the bundled sample in public/sample/ from test/fixtures/pollux-sample (a copy of the team's shared/pollux-sample): parquet files in the
 * real schemas of ai-forever/POLLUX (test) and POLLUX-instructions (train), plus the taxonomy
 * excerpts, plus manifest.json (file sizes, `synthetic: true`, which rows are real).
 *
 * Content: the two real dataset rows unchanged, 22 instructions in all (the two real ones and 20
 * made-up ones over six task groups, three difficulties, four domains, one provocative), each
 * answered by the seven reference-model ids and scored on 7–8 criteria by three "experts".
 * Every made-up text carries "[синтетический пример]"; the real rows' instructions keep their
 * text, and their other (made-up) rows are marked in answer and comments.
 *
 * Run: node scripts/build-sample.mjs
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  BASE_CRITERIA,
  MODELS,
  REPO_ROOT,
  SHARED_SAMPLE,
  SYNTHETIC_MARK,
  loadCriteriaExcerpt,
  loadRealRows,
  renderScale,
  rng,
  synthDataset,
  words,
  writeInstructionsParquet,
  writePolluxParquet,
} from './build-fixtures.mjs';

const out = resolve(REPO_ROOT, 'public/sample');
mkdirSync(out, { recursive: true });

const crit = loadCriteriaExcerpt();
const real = loadRealRows();
const rand = rng(42);
const synth = synthDataset({ count: 20, seed: 3, answerChars: 350, firstPromptId: 100 });

// The two real instructions: their real row as published, the rest made up around it.
const realInstructions = [];
const realRows = [];
real.forEach((r, n) => {
  const { _source, ...row } = r;
  const ids = [...BASE_CRITERIA, 'information_overload__2'];
  realInstructions.push({
    prompt_id: 1 + n,
    instruction: row.instruction,
    reference_answer: row.reference_answer,
    meta: n === 0 ? 'Creative Generation' : 'Original Text Generation',
    difficulty: row.difficulty,
    task_type: row.task_type,
    task_subtype: row.task_subtype,
    task_subsubtype: row.task_subsubtype,
    domain: row.domain,
    criteria: ids.map((id) => ({ criteria_name: crit[id].name.ru, criteria_description: crit[id].desc.ru, rubrics: renderScale(crit[id].scale.ru), rubrics_example: '' })),
  });
  for (const model_id of MODELS) {
    const answer = model_id === row.model_id ? row.answer : `${SYNTHETIC_MARK} ${words(rand, 350)}`;
    for (const id of ids) {
      const c = crit[id];
      if (model_id === row.model_id && c.name.ru === row.criteria_name) {
        realRows.push(row);
        continue;
      }
      const max = Math.max(...Object.keys(c.scale.ru).map(Number));
      const s = max === 1 ? 0 : Math.floor(rand() * (max + 1));
      realRows.push({
        ...row,
        answer,
        model_id,
        criteria_name: c.name.ru,
        criteria_description: c.desc.ru,
        rubrics: renderScale(c.scale.ru),
        rubrics_example: '',
        annotations: [0, 1, 2].map((i) => ({ comment: `${SYNTHETIC_MARK} эксперт ${i + 1}: ${words(rand, 40)}`, score: s })),
        criteria_score: s,
      });
    }
  }
});

const rows = [...realRows, ...synth.rows];
const instructions = [...realInstructions, ...synth.instructions.map(({ is_provocative: _, ...r }) => r)];
const testBuf = writePolluxParquet(rows, 300);
const instBuf = writeInstructionsParquet(instructions);
writeFileSync(resolve(out, 'pollux-test.parquet'), new Uint8Array(testBuf));
writeFileSync(resolve(out, 'pollux-instructions.parquet'), new Uint8Array(instBuf));
copyFileSync(resolve(SHARED_SAMPLE, 'criteria.excerpt.json'), resolve(out, 'criteria.excerpt.json'));
copyFileSync(resolve(SHARED_SAMPLE, 'tasks.excerpt.json'), resolve(out, 'tasks.excerpt.json'));

const manifest = {
  description: 'Bundled POLLUX sample: 2 real rows of ai-forever/POLLUX (test) plus made-up rows marked "[синтетический пример]".',
  synthetic: true,
  syntheticMarker: SYNTHETIC_MARK,
  realRows: real.map((r) => r._source),
  models: MODELS,
  experts: [{ path: 'pollux-test.parquet', size: testBuf.byteLength, rows: rows.length }],
  instructions: [{ path: 'pollux-instructions.parquet', size: instBuf.byteLength, rows: instructions.length }],
  taxonomy: { criteria: 'criteria.excerpt.json', tasks: 'tasks.excerpt.json' },
};
writeFileSync(resolve(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`sample: ${rows.length} rows, ${instructions.length} instructions, ${testBuf.byteLength + instBuf.byteLength} bytes of parquet`);
