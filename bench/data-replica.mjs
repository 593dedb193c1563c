/**
 * A full-size replica of ai-forever/POLLUX (test) and POLLUX-instructions (train), written with
 * the project's own parquet writer (scripts/pollux-parquet.mjs) in the Hub's resolve layout:
 * 161,076 expert rows over 2,100 instructions × 7 models × 10–12 criteria, three shards, row
 * groups of 1,000 rows (as the real files) or any other size, ~400 MB in all. Texts are
 * pseudo-Russian words drawn from a large vocabulary so they compress about as much as real
 * text; lengths follow the real columns (long answers and expert comments, shorter instructions,
 * criteria texts from the bundled excerpt). Deterministic: the same seed writes the same bytes.
 *
 * Generated into an ignored folder (bench/out/); never committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DIFFICULTIES, MODELS, POLLUX_REVISION, SHARD_NAMES, TASKS, loadCriteriaExcerpt, renderScale, rng } from '../scripts/build-fixtures.mjs';
import { writeInstructionsParquet, writePolluxParquet } from '../scripts/pollux-parquet.mjs';

export const TOTAL_ROWS = 161_076;
export const INSTRUCTIONS = 2_100;

/** A vocabulary of pseudo-words from Russian syllables: large enough that snappy finds few long repeats. */
function vocabulary(rand, size) {
  const syl = 'ба ве ги до жу зе ка ли мо ну по ра се ти уф ха це чи ша щу эр юн я ст пр кр тр гл бл ов ен ий ая ие ых'.split(' ');
  const words = [];
  for (let i = 0; i < size; i++) {
    const n = 1 + Math.floor(rand() * 4);
    let w = '';
    for (let k = 0; k < n; k++) w += syl[Math.floor(rand() * syl.length)];
    words.push(w);
  }
  return words;
}

function texter(rand) {
  const words = vocabulary(rand, 20_000);
  return (chars) => {
    const parts = [];
    let len = 0;
    while (len < chars) {
      const w = words[Math.floor(rand() * words.length)];
      parts.push(w);
      len += w.length + 1;
    }
    return `${parts.join(' ')}.`;
  };
}

/** Criteria per instruction: 10, 11 or 12, from the excerpt's real names, rubrics and descriptions. */
function criteriaOf(crit, n) {
  const k = 10 + (n % 3);
  return Array.from({ length: k }, (_, j) => crit[(n * 7 + j) % crit.length]);
}

/** The instruction rows, and a generator of each instruction's expert rows (so a shard is built without the others in memory). */
export function replicaPlan(seed = 2025) {
  const rand = rng(seed);
  const text = texter(rand);
  const crit = Object.values(loadCriteriaExcerpt()).map((c) => ({
    name: c.name.ru,
    desc: c.desc.ru,
    rubrics: renderScale(c.scale.ru),
    example: text(300 + Math.floor(rand() * 600)),
  }));
  const instructions = [];
  for (let n = 0; n < INSTRUCTIONS; n++) {
    const task = TASKS[n % TASKS.length];
    instructions.push({
      prompt_id: n,
      instruction: `${task.verb} ${text(300 + Math.floor(rand() * 2400))} №${n}`,
      reference_answer: n % 3 === 0 ? text(500 + Math.floor(rand() * 2500)) : '',
      meta: task.meta,
      difficulty: DIFFICULTIES[n % 3],
      task_type: task.task_type,
      task_subtype: task.task_subtype,
      task_subsubtype: task.subsub[n % task.subsub.length],
      domain: task.domain,
      criteria: criteriaOf(crit, n).map((c) => ({ criteria_name: c.name, criteria_description: c.desc, rubrics: c.rubrics, rubrics_example: c.example })),
    });
  }
  /** Expert rows of instructions [from, to), in order, stopping at TOTAL_ROWS overall. */
  function* rows() {
    let count = 0;
    for (let n = 0; n < INSTRUCTIONS && count < TOTAL_ROWS; n++) {
      const inst = instructions[n];
      const cs = criteriaOf(crit, n);
      for (const model_id of MODELS) {
        const answer = text(3000 + Math.floor(rand() * 6000));
        for (const c of cs) {
          if (count >= TOTAL_ROWS) return;
          const scale = Object.keys(c.rubrics.split('\n\n')).length;
          const votes = [0, 1, 2].map(() => (rand() < 0.05 ? -1 : Math.floor(rand() * scale)));
          const valid = votes.filter((v) => v !== -1);
          count++;
          yield {
            instruction: inst.instruction,
            reference_answer: inst.reference_answer,
            answer,
            model_id,
            task_type: inst.task_type,
            task_subtype: inst.task_subtype,
            task_subsubtype: inst.task_subsubtype,
            difficulty: inst.difficulty,
            domain: inst.domain,
            is_provocative: n % 40 === 0,
            criteria_name: c.name,
            criteria_description: c.desc,
            rubrics: c.rubrics,
            rubrics_example: c.example,
            annotations: votes.map((score) => ({ comment: text(300 + Math.floor(rand() * 800)), score })),
            criteria_score: valid.length ? valid.reduce((s, v) => s + v, 0) / valid.length : -1,
          };
        }
      }
    }
  }
  return { instructions, rows };
}

/**
 * Writes the replica under `root` in the Hub's resolve layout; returns the file paths and sizes.
 * Shards take consecutive thirds of the rows (an instruction may straddle two, as nothing forbids it).
 */
export function writeReplica(root, { rowGroupSize = 1000, seed = 2025 } = {}) {
  const { instructions, rows } = replicaPlan(seed);
  const dataDir = resolve(root, `datasets/ai-forever/POLLUX/resolve/${POLLUX_REVISION}/data`);
  mkdirSync(dataDir, { recursive: true });
  const per = Math.ceil(TOTAL_ROWS / 3);
  const files = {};
  let shard = [];
  let i = 0;
  const flush = () => {
    const path = resolve(dataDir, SHARD_NAMES[i]);
    const buf = writePolluxParquet(shard, rowGroupSize);
    writeFileSync(path, new Uint8Array(buf));
    files[path] = buf.byteLength;
    shard = [];
    i++;
  };
  for (const r of rows()) {
    shard.push(r);
    if (shard.length === per && i < 2) flush();
  }
  flush();
  const instDir = resolve(root, 'datasets/ai-forever/POLLUX-instructions/resolve/refs/convert/parquet/default/train');
  mkdirSync(instDir, { recursive: true });
  const ib = writeInstructionsParquet(instructions);
  const ipath = resolve(instDir, '0000.parquet');
  writeFileSync(ipath, new Uint8Array(ib));
  files[ipath] = ib.byteLength;
  return files;
}

// CLI: node --max-old-space-size=8192 bench/data-replica.mjs <root> [rowGroupSize]
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'data-replica.mjs')) {
  const root = process.argv[2];
  const rowGroupSize = Number(process.argv[3] ?? 1000);
  if (!root) throw new Error('usage: data-replica.mjs <root> [rowGroupSize]');
  const t0 = Date.now();
  const files = writeReplica(root, { rowGroupSize });
  const total = Object.values(files).reduce((s, n) => s + n, 0);
  console.log(`replica: ${TOTAL_ROWS} rows, ${INSTRUCTIONS} instructions, ${rowGroupSize}-row groups, ${(total / 1e6).toFixed(1)} MB, written in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
