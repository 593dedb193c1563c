#!/usr/bin/env node
/**
 * Builds the bundled sample in public/sample/ from real POLLUX content only, in the real parquet
 * schemas of ai-forever/POLLUX (test) and POLLUX-instructions (train) (scripts/pollux-parquet.mjs):
 *
 * - test/fixtures/pollux-sample/page/batch-*.json: evaluation examples transcribed from the POLLUX
 *   project page's data (src/data/frontend.json, `evaluation_result`), each with its instruction,
 *   the model's answer and the experts' score and comment per criterion;
 * - test/fixtures/pollux-sample/rows.json: two rows of the Hugging Face dataset itself;
 * - test/fixtures/pollux-sample/criteria.excerpt.json: the rubrics (criteria.json `scale.ru`).
 *
 * public/sample/README.md says where every value comes from and what was left out, and why.
 * Nothing is made up: fields the sources do not publish stay empty.
 *
 * Run: node scripts/build-sample.mjs
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT, SHARED_SAMPLE, loadCriteriaExcerpt, loadRealRows, renderScale } from './build-fixtures.mjs';
import { writeInstructionsParquet, writePolluxParquet } from './pollux-parquet.mjs';

const out = resolve(REPO_ROOT, 'public/sample');
const pageDir = resolve(SHARED_SAMPLE, 'page');
mkdirSync(out, { recursive: true });

/**
 * The criteria whose rubric the committed criteria excerpt holds and whose name is unique in it.
 * "Отсутствие избыточной информации (воды)" has four domain variants there and the page does not
 * say an instruction's domain, so it is left out rather than guessed.
 */
const KEPT_IDS = [
  'narushenie_formata',
  'censor',
  'repeats',
  'special_symbol',
  'system_prompt_follow',
  'proactivity',
  'grammar',
  'speech_errors',
  'value',
  'speech',
  'understanding',
  'format',
  'general',
];
/** Answers on the page name no model; these ids say so (first, second distinct answer to a prompt). */
export const PAGE_MODEL_IDS = ['project-page', 'project-page-2'];
/** "Not applicable", as in the dataset's annotations. */
const NOT_APPLICABLE = -1;

const crit = loadCriteriaExcerpt();
const kept = new Map();
for (const id of KEPT_IDS) {
  const c = crit[id];
  if (!c) throw new Error(`criteria.excerpt.json has no ${id}`);
  const levels = Object.keys(c.scale.ru).map(Number);
  kept.set(c.name.ru, {
    id,
    criteria_name: c.name.ru,
    criteria_description: c.desc.ru,
    rubrics: renderScale(c.scale.ru),
    rubrics_example: '',
    levels: new Set(levels),
  });
}

function readBatches() {
  const files = readdirSync(pageDir).filter((f) => /^batch-\d+\.json$/.test(f)).sort();
  return files.flatMap((f) => JSON.parse(readFileSync(resolve(pageDir, f), 'utf8')).map((item, i) => ({ ...item, file: `${f}#${i}` })));
}

/** Instructions in order of first appearance; each with its distinct answers and their criterion entries. */
function groupPage(items) {
  const byPrompt = new Map();
  for (const item of items) {
    let inst = byPrompt.get(item.prompt);
    if (!inst) byPrompt.set(item.prompt, (inst = { item, answers: new Map() }));
    if (inst.item.task !== item.task || inst.item.difficulty !== item.difficulty) {
      throw new Error(`${item.file}: the same prompt with another task or difficulty`);
    }
    let entries = inst.answers.get(item.model_answer);
    if (!entries) inst.answers.set(item.model_answer, (entries = []));
    for (const e of item.evaluation_criteria) {
      const c = kept.get(e.criteria);
      if (!c) throw new Error(`${item.file}: ${e.criteria} is not a kept criterion`);
      if (e.score !== NOT_APPLICABLE && !c.levels.has(e.score)) throw new Error(`${item.file}: ${e.criteria} = ${e.score} is outside its rubric`);
      // The page repeats some entries verbatim; an identical (score, comment) is one annotation.
      if (!entries.some((x) => x.criteria === e.criteria && x.score === e.score && x.comment === e.comment)) entries.push(e);
    }
  }
  return [...byPrompt.values()];
}

const instructions = [];
const rows = [];
const leftOutNotApplicable = [];

// The two Hugging Face rows first, exactly as published (their one criterion each).
const real = loadRealRows();
real.forEach((r, n) => {
  const { _source, ...row } = r;
  instructions.push({
    prompt_id: 1 + n,
    instruction: row.instruction,
    reference_answer: row.reference_answer,
    meta: '',
    difficulty: row.difficulty,
    task_type: row.task_type,
    task_subtype: row.task_subtype,
    task_subsubtype: row.task_subsubtype,
    domain: row.domain,
    criteria: [{ criteria_name: row.criteria_name, criteria_description: row.criteria_description, rubrics: row.rubrics, rubrics_example: row.rubrics_example }],
  });
  rows.push(row);
});

const page = groupPage(readBatches());
page.forEach(({ item, answers }, n) => {
  const names = new Set([...answers.values()].flat().map((e) => e.criteria));
  const criteria = [...kept.values()].filter((c) => names.has(c.criteria_name));
  const base = {
    instruction: item.prompt,
    reference_answer: '',
    task_type: item.task,
    task_subtype: '',
    task_subsubtype: '',
    difficulty: item.difficulty,
    domain: '',
  };
  instructions.push({
    prompt_id: real.length + 1 + n,
    ...base,
    meta: '',
    criteria: criteria.map(({ criteria_name, criteria_description, rubrics, rubrics_example }) => ({ criteria_name, criteria_description, rubrics, rubrics_example })),
  });
  [...answers.entries()].forEach(([answer, entries], a) => {
    const model_id = PAGE_MODEL_IDS[a];
    if (model_id === undefined) throw new Error(`${item.prompt}: more answers than model ids`);
    for (const c of criteria) {
      const votes = entries.filter((e) => e.criteria === c.criteria_name);
      if (votes.length === 0) continue;
      const valid = votes.filter((e) => e.score !== NOT_APPLICABLE);
      if (valid.length === 0) {
        leftOutNotApplicable.push({ prompt: item.prompt.slice(0, 60), criteria: c.criteria_name });
        continue;
      }
      rows.push({
        ...base,
        answer,
        model_id,
        is_provocative: null,
        criteria_name: c.criteria_name,
        criteria_description: c.criteria_description,
        rubrics: c.rubrics,
        rubrics_example: c.rubrics_example,
        annotations: votes.map((e) => ({ comment: e.comment, score: e.score })),
        // The dataset's aggregate looks like the mean of the applicable votes; with one published
        // vote (most entries) it is that vote.
        criteria_score: valid.reduce((s, e) => s + e.score, 0) / valid.length,
      });
    }
  });
});

const testBuf = writePolluxParquet(rows, 100);
const instBuf = writeInstructionsParquet(instructions);
writeFileSync(resolve(out, 'pollux-test.parquet'), new Uint8Array(testBuf));
writeFileSync(resolve(out, 'pollux-instructions.parquet'), new Uint8Array(instBuf));
copyFileSync(resolve(SHARED_SAMPLE, 'criteria.excerpt.json'), resolve(out, 'criteria.excerpt.json'));
copyFileSync(resolve(SHARED_SAMPLE, 'tasks.excerpt.json'), resolve(out, 'tasks.excerpt.json'));

const manifest = {
  description: 'Bundled POLLUX sample: real instructions, answers and expert scores (see README.md for every source).',
  synthetic: false,
  sources: {
    page: { repo: 'ai-forever/POLLUX', commit: '743370839d49cc7a89675c0375f429878a446955', path: 'src/data/frontend.json', instructions: page.length },
    dataset: real.map((r) => r._source),
  },
  models: [...new Set(rows.map((r) => r.model_id))],
  experts: [{ path: 'pollux-test.parquet', size: testBuf.byteLength, rows: rows.length }],
  instructions: [{ path: 'pollux-instructions.parquet', size: instBuf.byteLength, rows: instructions.length }],
  taxonomy: { criteria: 'criteria.excerpt.json', tasks: 'tasks.excerpt.json' },
};
writeFileSync(resolve(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(
  `sample: ${instructions.length} instructions (${page.length} from the project page, ${real.length} dataset rows), ${rows.length} expert rows, ` +
    `${testBuf.byteLength + instBuf.byteLength} bytes of parquet; not-applicable-only left out: ${JSON.stringify(leftOutNotApplicable)}`,
);
