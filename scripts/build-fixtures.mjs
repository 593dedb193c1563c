#!/usr/bin/env node
/**
 * Synthetic POLLUX data in the real parquet schema for the e2e fixtures (this script, when run)
 * and the benchmark (bench/data-load.mjs). The bundled sample (build-sample.mjs) is real content
 * only and uses just the loaders and renderScale from here.
 *
 * - ai-forever/POLLUX (test): the 16 columns in dataset order; `annotations` is
 *   list<struct<comment: string, score: double>>.
 * - ai-forever/POLLUX-instructions (train): prompt_id, instruction, reference_answer, meta,
 *   difficulty, task_type, task_subtype, task_subsubtype, domain and
 *   criteria list<struct<criteria_name, criteria_description, rubrics, rubrics_example>>.
 *
 * The schemas and parquet writers are in pollux-parquet.mjs. Criteria texts come from
 * test/fixtures/pollux-sample/criteria.excerpt.json, so rubrics render exactly as in the dataset.
 *
 * Run: node scripts/build-fixtures.mjs   → test/fixtures/www/ (HF resolve layout, 250-row groups:
 *      several per shard, so the e2e tests exercise resuming at row-group granularity)
 *      node scripts/build-fixtures.mjs --row-group 1000 --out <dir>   the same data with POLLUX's
 *      own 1,000-row groups (or 10,000), for trying the loader on other layouts; the full-size
 *      replica with these layouts is the bench's (bench/data-replica.mjs)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..');
export const SHARED_SAMPLE = resolve(REPO_ROOT, 'test/fixtures/pollux-sample');
export const POLLUX_REVISION = '461c80411f8dac5ff82f4f363ee7db967305f7eb';
export const SHARD_NAMES = ['test-00000-of-00003.parquet', 'test-00001-of-00003.parquet', 'test-00002-of-00003.parquet'];
export const SYNTHETIC_MARK = '[синтетический пример]';
/** Seven reference-model ids; only gpt4 and tpro are confirmed dataset values, the rest are made up. */
export const MODELS = ['gpt4', 'tpro', 'o1', 'claude', 'llama405b', 'gigachat', 'yandexgpt'];

export { POLLUX_SCHEMA, INSTRUCTIONS_SCHEMA, writePolluxParquet, writeInstructionsParquet } from './pollux-parquet.mjs';
import { writePolluxParquet, writeInstructionsParquet } from './pollux-parquet.mjs';

export function loadCriteriaExcerpt() {
  return JSON.parse(readFileSync(resolve(SHARED_SAMPLE, 'criteria.excerpt.json'), 'utf8'));
}
export function loadRealRows() {
  return JSON.parse(readFileSync(resolve(SHARED_SAMPLE, 'rows.json'), 'utf8'));
}

export function renderScale(scale) {
  return Object.keys(scale)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => `${k}: ${scale[k]}`)
    .join('\n\n');
}

/** Deterministic PRNG (mulberry32), so regenerated files are byte-identical. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'текст ответ модель задача пример герой город утро вечер память дорога море ветер книга письмо вопрос решение история сказка стих образ мысль время дом свет тень голос шаг окно сердце мир слово путь поле лес река небо звезда человек друг работа идея план смысл строка автор читатель сюжет финал начало'.split(' ');

export function words(rand, chars) {
  let s = '';
  while (s.length < chars) {
    const w = WORDS[Math.floor(rand() * WORDS.length)];
    s += s.length === 0 ? w[0].toUpperCase() + w.slice(1) : rand() < 0.08 ? `. ${w[0].toUpperCase()}${w.slice(1)}` : ` ${w}`;
  }
  return `${s}.`;
}

/** Task groups with subgroups, domain and the meta that POLLUX-instructions would give them. */
export const TASKS = [
  { task_type: 'Написать художественный текст', task_subtype: 'Проза', subsub: ['Анекдот', 'Рассказ'], domain: 'Художественный', meta: 'Original Text Generation', verb: 'Напиши' },
  { task_type: 'Творческий брейншторминг', task_subtype: 'Литературный брейншторминг', subsub: [''], domain: 'Художественный', meta: 'Creative Generation', verb: 'Придумай' },
  { task_type: 'Интерпретация текста', task_subtype: 'Объяснение смысла', subsub: [''], domain: 'Общее', meta: 'Text-Based Generation', verb: 'Объясни' },
  { task_type: 'Стайл-трансфер', task_subtype: 'Смена стиля', subsub: ['Научный стиль'], domain: 'Научный', meta: 'Text Transformation', verb: 'Перепиши' },
  { task_type: 'ИИ как персонаж', task_subtype: 'Бытовая ситуация', subsub: [''], domain: 'Разговорный', meta: 'ИИ как персонаж', verb: 'Представь, что ты' },
  { task_type: 'Прикладной брейншторминг', task_subtype: 'Идеи для проекта', subsub: [''], domain: 'Общее', meta: 'Creative Generation', verb: 'Предложи' },
];
export const DIFFICULTIES = ['Easy', 'Medium', 'Hard'];
/** Criteria ids from the excerpt: the two Critical binary ones, General, Subjective; + literary fluff. */
export const BASE_CRITERIA = ['narushenie_formata', 'censor', 'repeats', 'special_symbol', 'proactivity', 'grammar', 'value'];

function criteriaFor(task, crit) {
  const ids = [...BASE_CRITERIA];
  if (task.domain === 'Художественный') ids.push('information_overload__2');
  if (task.domain === 'Научный') ids.push('information_overload');
  return ids.map((id) => crit[id]);
}

function scoreFor(rand, entry) {
  const levels = Object.keys(entry.scale.ru).map(Number);
  const max = Math.max(...levels);
  // Critical criteria: 0 means "no violation", the usual case.
  if (max === 1) return rand() < 0.9 ? 0 : 1;
  return Math.min(max, Math.floor(rand() * (max + 1.3)));
}

/**
 * Synthetic instructions (texts marked with SYNTHETIC_MARK), each answered by the seven models
 * and scored on 7–8 criteria by three "experts". Returns {instructions, rows}.
 */
export function synthDataset({ count, seed = 1, answerChars = 400, firstPromptId = 1000, withReference = true }) {
  const rand = rng(seed);
  const crit = loadCriteriaExcerpt();
  const instructions = [];
  const rows = [];
  for (let n = 0; n < count; n++) {
    const task = TASKS[n % TASKS.length];
    const difficulty = DIFFICULTIES[Math.floor(n / TASKS.length) % DIFFICULTIES.length];
    const subsub = task.subsub[n % task.subsub.length];
    const instruction = `${task.verb} ${words(rand, 60 + Math.floor(rand() * 120)).toLowerCase()} ${SYNTHETIC_MARK} №${n + 1}`;
    const reference_answer = withReference && n % 3 === 0 ? `${SYNTHETIC_MARK} ${words(rand, 200)}` : '';
    const is_provocative = n % 17 === 5;
    const criteria = criteriaFor(task, crit);
    instructions.push({
      prompt_id: firstPromptId + n,
      instruction,
      reference_answer,
      meta: task.meta,
      difficulty,
      task_type: task.task_type,
      task_subtype: task.task_subtype,
      task_subsubtype: subsub,
      domain: task.domain,
      criteria: criteria.map((c) => ({ criteria_name: c.name.ru, criteria_description: c.desc.ru, rubrics: renderScale(c.scale.ru), rubrics_example: '' })),
      is_provocative,
    });
    for (const model_id of MODELS) {
      const answer = `${SYNTHETIC_MARK} ${words(rand, answerChars)}`;
      for (const c of criteria) {
        const votes = [scoreFor(rand, c), scoreFor(rand, c), rand() < 0.1 ? -1 : scoreFor(rand, c)];
        const valid = votes.filter((v) => v !== -1);
        rows.push({
          instruction,
          reference_answer,
          answer,
          model_id,
          task_type: task.task_type,
          task_subtype: task.task_subtype,
          task_subsubtype: subsub,
          difficulty,
          domain: task.domain,
          is_provocative,
          criteria_name: c.name.ru,
          criteria_description: c.desc.ru,
          rubrics: renderScale(c.scale.ru),
          rubrics_example: '',
          annotations: votes.map((score, i) => ({ comment: `${SYNTHETIC_MARK} эксперт ${i + 1}: ${score === -1 ? 'критерий неприменим' : words(rand, 40)}`, score })),
          criteria_score: valid.length ? valid.reduce((s, v) => s + v, 0) / valid.length : -1,
        });
      }
    }
  }
  return { instructions, rows };
}

export function splitInto(rows, parts) {
  const size = Math.ceil(rows.length / parts);
  return Array.from({ length: parts }, (_, i) => rows.slice(i * size, (i + 1) * size));
}

/** Writes the three shards and the instructions file in the Hub's resolve layout under `root`. */
export function writeHubLayout(root, { instructions, rows }, { rowGroupSize }) {
  const dataDir = resolve(root, `datasets/ai-forever/POLLUX/resolve/${POLLUX_REVISION}/data`);
  mkdirSync(dataDir, { recursive: true });
  const sizes = {};
  splitInto(rows, 3).forEach((part, i) => {
    const buf = writePolluxParquet(part, rowGroupSize);
    writeFileSync(resolve(dataDir, SHARD_NAMES[i]), new Uint8Array(buf));
    sizes[SHARD_NAMES[i]] = buf.byteLength;
  });
  // The fixture server decodes %2F, so refs%2Fconvert%2Fparquet lives at refs/convert/parquet.
  const instDir = resolve(root, 'datasets/ai-forever/POLLUX-instructions/resolve/refs/convert/parquet/default/train');
  mkdirSync(instDir, { recursive: true });
  const ib = writeInstructionsParquet(instructions);
  writeFileSync(resolve(instDir, '0000.parquet'), new Uint8Array(ib));
  sizes['instructions/0000.parquet'] = ib.byteLength;
  return sizes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i === -1 ? dflt : process.argv[i + 1];
  };
  const root = resolve(arg('--out', resolve(REPO_ROOT, 'test/fixtures/www')));
  const rowGroupSize = Number(arg('--row-group', 250));
  // 42 instructions × 7 models × 7–8 criteria ≈ 2,200 rows; long answers make the projected list
  // columns a small fraction of each file, which the e2e test asserts through the server log.
  const data = synthDataset({ count: 42, seed: 7, answerChars: 1500, firstPromptId: 5000 });
  // Exercise the join report: POLLUX-instructions lacks the last two expert instructions, has one
  // the experts never saw, and spells one with different whitespace (must still match).
  const instructions = data.instructions.slice(0, -2).map((r, i) => (i === 0 ? { ...r, instruction: `  ${r.instruction.replace(/ /g, '  ')}\n` } : r));
  instructions.push({ ...data.instructions[1], prompt_id: 9999, instruction: `Инструкция без экспертных оценок ${SYNTHETIC_MARK}` });
  const sizes = writeHubLayout(root, { instructions, rows: data.rows }, { rowGroupSize });
  console.log(`fixtures: ${data.rows.length} rows, ${data.instructions.length} instructions`, sizes);
}
