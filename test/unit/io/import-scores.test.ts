/**
 * scores.json from POLLUX's score.py in, a run out. The goldens in test/fixtures/io were written
 * by Python: scores-*.json with score.py's own `json.dump(..., ensure_ascii=False, indent=2)`, in
 * both layouts (without `meta.rubrics`, score.py 2e8eb78; with it, 83f6eb6), and
 * scores-*.metrics.csv by metrics.py (83f6eb6, score_utils 9179cb4, pandas) over
 * scores-dataset.json. They hold a two-block response, a full-width digit, a truncated block, an
 * empty response (a failed request), an out-of-scale score, a failed gate, a decimal comma and a
 * prompt_id the dataset lacks.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inScorePyOrder, readScoresJson, scoresJson, scoresRunBundle } from '../../../src/lib/io/index.ts';
import { computePolluxMetrics, type InstructionRow } from '../../../src/lib/pollux/index.ts';
import { computeReport, metricsCsv, type RunJudgment } from '../../../src/lib/metrics/index.ts';
import { importRunBundle, loadRunRows, validateBundleShape } from '../../../src/lib/run/index.ts';
import { freshDB } from '../run/fixtures.ts';

const DIR = path.resolve(process.cwd(), 'test/fixtures/io');
const bytesOf = (f: string): Uint8Array => new Uint8Array(readFileSync(path.join(DIR, f)));
const textOf = (f: string): string => readFileSync(path.join(DIR, f), 'utf8');
const DATASET = JSON.parse(textOf('scores-dataset.json')) as InstructionRow[];
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function read(file: string) {
  const r = readScoresJson(bytesOf(file));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

function bundleOf(file: string, over: { bytes?: Uint8Array } = {}) {
  return scoresRunBundle({
    entries: read(file).entries,
    instructions: DATASET,
    bytes: over.bytes ?? bytesOf(file),
    name: file,
    model: 'org/candidate-7b',
    judge: 'ai-forever/pollux-judge-7b',
    datasetKey: 'test@1',
    now: 1_700_000_000_000,
  });
}

describe('readScoresJson', () => {
  it('reads both layouts score.py writes', () => {
    expect(read('scores-without-rubrics.json')).toMatchObject({ layout: 'without-rubrics', warnings: [] });
    const withRubrics = read('scores-with-rubrics.json');
    expect(withRubrics.layout).toBe('with-rubrics');
    expect(withRubrics.entries).toHaveLength(17);
    expect(withRubrics.entries[0].meta.rubrics).toMatch(/^0: /);
  });

  it('locates an entry that is not as score.py writes it', () => {
    const text = '[\n  {"response": "[RESULT] 1 [END]", "meta": {"prompt_id": 1, "criteria_name": "a"}},\n  {"raw": "x", "meta": {"prompt_id": 2, "criteria_name": "b"}},\n  {"response": "y", "meta": {"prompt_id": "3", "criteria_name": "c"}}\n]';
    const r = readScoresJson(enc(text));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.code, e.line, e.field])).toEqual([
      ['scores-entry', 3, '[1].response'],
      ['scores-entry', 4, '[2].meta.prompt_id'],
    ]);
  });

  it('refuses what is not a scores.json, saying what it is', () => {
    const first = (t: string) => {
      const r = readScoresJson(enc(t));
      return r.ok ? null : r.errors[0];
    };
    expect(first('{"model": "m", "answers": []}')).toMatchObject({ code: 'scores-not-list' });
    expect(first('[]')).toMatchObject({ code: 'scores-empty' });
    expect(first('[\n{"response": 1,}')).toMatchObject({ code: 'json-syntax', line: 2 });
    expect(readScoresJson(new Uint8Array([0x5b, 0xff, 0x5d]))).toMatchObject({ ok: false, errors: [{ code: 'not-utf8', byteOffset: 1 }] });
  });
});

describe('metrics of an imported scores.json equal metrics.py', () => {
  for (const file of ['scores-without-rubrics', 'scores-with-rubrics']) {
    it(`${file}: the core computes metrics.py's metrics.csv byte for byte`, () => {
      const m = computePolluxMetrics(DATASET, read(`${file}.json`).entries);
      expect(metricsCsv(m)).toBe(textOf(`${file}.metrics.csv`));
    });
  }

  it.each(['scores-without-rubrics', 'scores-with-rubrics'])("as a stored run: the Metrics page's path (bundle import → run rows → report) gives metrics.py's metrics.csv (%s)", async (file) => {
    const { bundle, warnings } = await bundleOf(`${file}.json`);
    expect(warnings.map((w) => [w.code, w.params?.count])).toEqual([['scores-unknown-prompt', 1]]);
    const db = freshDB();
    // The full check (what the app skips for a bundle it built itself, storeRunBundle) holds.
    const imported = await importRunBundle(db, bundle);
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const rows = await loadRunRows(db, imported.runId);
    expect(rows).toHaveLength(17);
    const judgments: RunJudgment[] = rows.map((r) => ({ prompt_id: r.prompt_id, criteria_name: r.criteria_name, rubrics: r.rubrics, status: r.status, outcome: r.outcome }));
    const answers = await db.answers.where('runId').equals(imported.runId).toArray();
    const instructions = answers.flatMap((a) => (a.instruction ? [{ ...a.instruction, meta: a.instruction.meta ?? '' }] : []));
    const report = computeReport(
      { settings: { gate: 'official', resamples: 0, seed: 1 }, instructions, categories: [], run: { id: imported.runId, label: file, judgments } },
      null,
    );
    expect(metricsCsv(report.systems[0].pollux)).toBe(textOf(`${file}.metrics.csv`));
    expect(rows.filter((r) => r.status === 'unparsed')).toHaveLength(2);
    const run = await db.runs.get(imported.runId);
    expect(run).toMatchObject({ status: 'done', answerSource: 'import', settings: { answersFrom: { kind: 'candidate', model: 'org/candidate-7b' }, judge: { model: 'ai-forever/pollux-judge-7b' } } });
  });
});

describe('scoresRunBundle', () => {
  it('is a valid bundle whose instructions hold exactly the judged criteria, with metrics.py rubrics', async () => {
    const { bundle } = await bundleOf('scores-with-rubrics.json');
    expect(validateBundleShape(bundle).ok).toBe(true);
    expect(bundle.instructions.map((i) => [i.prompt_id, i.meta, i.criteria.length])).toEqual([
      [101, 'Human Interaction', 4],
      [102, 'Original Text Generation', 4],
      [103, 'Human Interaction', 4],
      [104, 'Text Transformation', 4],
      [999, '', 1],
    ]);
    expect(bundle.instructions[4].criteria[0]).toEqual({ criteria_name: 'Своя шкала', rubrics: '1: Плохо\n\n3: Средне\n\n5: Отлично' });
    expect(bundle.answers.every((a) => a.answer === '')).toBe(true);
  });

  it('keys judgments by the file: the same file twice shares keys, another file never does', async () => {
    const a = await bundleOf('scores-without-rubrics.json');
    const again = await bundleOf('scores-without-rubrics.json');
    const other = await bundleOf('scores-without-rubrics.json', { bytes: enc('another file') });
    const keys = (b: typeof a) => new Set(b.bundle.jobs.map((j) => j.cacheKey));
    expect(keys(again)).toEqual(keys(a));
    expect([...keys(other)].some((k) => keys(a).has(k))).toBe(false);
  });

  it('round-trips: the imported run exports the same scores.json bytes', async () => {
    const file = 'scores-with-rubrics.json';
    const db = freshDB();
    const imported = await importRunBundle(db, (await bundleOf(file)).bundle);
    if (!imported.ok) throw new Error('import failed');
    const rows = inScorePyOrder(await loadRunRows(db, imported.runId));
    expect(scoresJson(rows).text).toBe(textOf(file));
  });
});
