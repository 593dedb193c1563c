/**
 * scores.json from POLLUX's score.py, imported as a run (docs/POLLUX.md, "scores.json"). Two
 * layouts exist: `[{response, meta: {prompt_id, criteria_name}}]` (score.py at 2e8eb78) and the
 * same with `meta.rubrics` (from 83f6eb6 on). Reading is strict and located like the answers
 * importers; the run is then built as a run bundle, so it is stored and checked by the one bundle
 * importer and its metrics, breakdowns, intervals, charts and compare work like any other run's.
 *
 * What a run needs that scores.json lacks is filled in openly: the answers are not in the file
 * (score.py read them from answers.json), so the run's answers are empty; the judge is named by
 * the user; the judgments are keyed under the file's own SHA-256, so two imported files never
 * share cache entries (and, like any import, they are stored apart from this machine's cache).
 */
import * as v from 'valibot';
import type { InstructionRow, Rubrics, ScoresEntry } from '../pollux/types.ts';
import { parseJudgeOutput } from '../pollux/parse-tagged.ts';
import { expandRun } from '../run/expand.ts';
import { RUN_BUNDLE_FORMAT, RUN_BUNDLE_VERSION, type BundleJob, type RunBundle } from '../run/types.ts';
import type { RunSettings } from '../store/run-records.ts';
import { decodeUtf8 } from './decode.ts';
import { issue, type ImportIssue } from './issues.ts';
import { scanJson } from './json-scan.ts';
import { MAX_IMPORT_BYTES } from './limits.ts';
import { lineIndex } from './lines.ts';
import { IssueList } from './validate.ts';

const RubricsSchema: v.GenericSchema<Rubrics> = v.union([v.string(), v.record(v.string(), v.lazy(() => RubricsSchema))]);

/** One entry exactly as score.py writes it; extra keys are ignored. */
const ScorePyEntry = v.object({
  response: v.string(),
  meta: v.object({
    prompt_id: v.pipe(v.number(), v.safeInteger()),
    criteria_name: v.string(),
    rubrics: v.optional(RubricsSchema),
  }),
});

export type ScoresLayout = 'with-rubrics' | 'without-rubrics' | 'mixed';

export type ScoresReadResult =
  | { ok: true; entries: ScoresEntry[]; layout: ScoresLayout; warnings: ImportIssue[] }
  | { ok: false; errors: ImportIssue[]; warnings: ImportIssue[] };

function describe(i: v.BaseIssue<unknown>): string {
  const path = v.getDotPath(i);
  return `${path ?? 'entry'}: expected ${i.expected ?? 'a valid value'}, got ${i.received}`;
}

function fail(code: ImportIssue['code'], message: string, loc: Omit<ImportIssue, 'code' | 'message'> = {}): ScoresReadResult {
  return { ok: false, errors: [issue(code, message, loc)], warnings: [] };
}

/**
 * Reads a scores.json: size and UTF-8 first, then JSON with located syntax errors, then every
 * entry against score.py's shape. metrics.py also takes plain strings, `raw` for `response` and a
 * non-object `meta`, but such rows name no (prompt_id, criterion) and cannot become a run's
 * judgments, so they are errors here, each at its line. Never throws.
 */
export function readScoresJson(bytes: Uint8Array): ScoresReadResult {
  if (bytes.length > MAX_IMPORT_BYTES) {
    return fail('too-large', `The file is ${bytes.length} bytes; the limit is ${MAX_IMPORT_BYTES}`, { params: { size: bytes.length, limit: MAX_IMPORT_BYTES } });
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    return fail('not-utf8', `Not UTF-8: invalid byte at offset ${decoded.byteOffset}`, { byteOffset: decoded.byteOffset, params: { offset: decoded.byteOffset } });
  }
  const text = decoded.text;
  if (text.trim() === '') return fail('scores-empty', 'The file is empty', { line: 1 });
  // A well-formed file (the usual case) needs no positions: the engine's JSON.parse is several
  // times faster than the locating scanner, which runs only when there is something to locate.
  let fast: unknown;
  try {
    fast = JSON.parse(text);
  } catch {
    fast = undefined;
  }
  if (fast !== undefined) {
    const quick = entriesOf(fast, () => ({}));
    if (quick.ok) return quick;
  }
  const lines = lineIndex(text);
  const scanned = scanJson(text);
  if (!scanned.ok) {
    return fail('json-syntax', `JSON syntax error: ${scanned.message}`, { ...lines.locate(scanned.offset), params: { detail: scanned.message } });
  }
  return entriesOf(scanned.value, (item) => {
    const at = typeof item === 'object' && item !== null ? scanned.offsets.get(item) : undefined;
    return at === undefined ? {} : lines.locate(at);
  });
}

/** Checks the list and every entry; `locate` gives an entry's line and column (nothing on the fast path). */
function entriesOf(root: unknown, locate: (item: object) => { line?: number; column?: number }): ScoresReadResult {
  if (!Array.isArray(root)) return fail('scores-not-list', 'scores.json must be a list of entries', { line: 1, column: 1 });
  if (root.length === 0) return fail('scores-empty', 'The list has no entries', { line: 1, column: 1 });
  const errors = new IssueList();
  const entries: ScoresEntry[] = [];
  let withRubrics = 0;
  root.forEach((item: unknown, i) => {
    const parsed = v.safeParse(ScorePyEntry, item);
    if (!parsed.success) {
      const first = parsed.issues[0];
      const detail = describe(first);
      const dotPath = v.getDotPath(first);
      errors.add(
        issue('scores-entry', `[${i}]: ${detail}`, {
          ...(typeof item === 'object' && item !== null ? locate(item) : {}),
          field: `[${i}]${dotPath ? `.${dotPath}` : ''}`,
          params: { detail },
        }),
      );
      return;
    }
    const { response, meta } = parsed.output;
    if (meta.rubrics !== undefined) withRubrics++;
    entries.push({ response, meta: meta.rubrics === undefined ? { prompt_id: meta.prompt_id, criteria_name: meta.criteria_name } : { ...meta, rubrics: meta.rubrics } });
  });
  const found = errors.finish();
  if (found.length > 0) return { ok: false, errors: found, warnings: [] };
  const layout: ScoresLayout = withRubrics === entries.length ? 'with-rubrics' : withRubrics === 0 ? 'without-rubrics' : 'mixed';
  return { ok: true, entries, layout, warnings: [] };
}

export interface ScoresRunInput {
  entries: readonly ScoresEntry[];
  /** The loaded dataset's instructions (POLLUX-instructions rows): meta, task, difficulty, rubrics. */
  instructions: readonly InstructionRow[];
  /** Raw bytes of the file, whose SHA-256 keys the imported judgments. */
  bytes: Uint8Array;
  name: string;
  /** The model whose answers score.py judged (score.py's <model_name> argument). */
  model: string;
  /** The judge score.py ran (its --judge-model). */
  judge: string;
  datasetKey: string;
  now: number;
}

/** metrics.py treats '', {} and a missing value alike (`if not rubrics`), falling back to the dataset's. */
function present(r: Rubrics | undefined): r is Rubrics {
  if (r === undefined) return false;
  return typeof r === 'string' ? r !== '' : Object.keys(r).length > 0;
}

function rubricKey(r: Rubrics): string {
  return typeof r === 'string' ? r : JSON.stringify(r);
}

/** The POLLUX-instructions fields only (callers may pass richer app rows), with no criteria yet. */
function instructionFields(r: InstructionRow): InstructionRow {
  const { prompt_id, instruction, reference_answer, meta, difficulty, task_type, task_subtype, task_subsubtype, domain } = r;
  return { prompt_id, instruction, reference_answer: reference_answer ?? '', meta: meta ?? '', difficulty, task_type, task_subtype, task_subsubtype, domain, criteria: [] };
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** score.py's defaults (README run: temperature 0.1); the file does not record what was used. */
const SCORE_PY_SAMPLING = { temperature: 0, top_p: 1, max_tokens: 1024, seed: 0 };

/**
 * The run a scores.json stands for, as a run bundle. Each instruction's snapshot holds exactly the
 * criteria its entries judged, in file order, with the rubric metrics.py would use (the entry's
 * `meta.rubrics`, else the dataset's, the last same-named criterion winning as in its id2rubrics);
 * a prompt_id the dataset lacks becomes an instruction with an empty meta, as metrics.py's
 * `id2meta.get(prompt_id, "")`. A repeated (prompt_id, criterion, rubric) is the same prompt, so
 * only its first entry can be kept (warned).
 */
export async function scoresRunBundle(input: ScoresRunInput): Promise<{ bundle: RunBundle; warnings: ImportIssue[] }> {
  const dataset = new Map(input.instructions.map((r) => [r.prompt_id, r]));
  const byPrompt = new Map<number, { row: InstructionRow; responses: string[]; seen: Set<string> }>();
  let unknown = 0;
  let firstUnknown: number | null = null;
  let repeated = 0;
  let firstRepeated: number | null = null;
  for (const e of input.entries) {
    const { prompt_id, criteria_name } = e.meta;
    let slot = byPrompt.get(prompt_id);
    if (!slot) {
      const known = dataset.get(prompt_id);
      if (!known) {
        unknown++;
        firstUnknown ??= prompt_id;
      }
      const row: InstructionRow = known ? instructionFields(known) : { prompt_id, instruction: '', reference_answer: '', meta: '', criteria: [] };
      byPrompt.set(prompt_id, (slot = { row, responses: [], seen: new Set() }));
    }
    const fromDataset = dataset.get(prompt_id)?.criteria.filter((c) => c.criteria_name === criteria_name).at(-1);
    const rubrics = present(e.meta.rubrics) ? e.meta.rubrics : (fromDataset?.rubrics ?? '');
    const key = `${criteria_name}\u0000${rubricKey(rubrics)}`;
    if (slot.seen.has(key)) {
      repeated++;
      firstRepeated ??= prompt_id;
      continue;
    }
    slot.seen.add(key);
    slot.row.criteria.push({ criteria_name, rubrics, ...(fromDataset?.criteria_description ? { criteria_description: fromDataset.criteria_description } : {}) });
    slot.responses.push(e.response);
  }

  const fileHash = await sha256Hex(input.bytes);
  const settings: RunSettings = {
    judge: { kind: 'openai', baseUrl: `scores.json:${fileHash}`, model: input.judge, outputFormat: 'tagged', polluxTrained: true, concurrency: 1 },
    sampling: SCORE_PY_SAMPLING,
    maxParseRetries: 0,
    answersFrom: { kind: 'candidate', model: input.model },
    datasetKey: input.datasetKey,
    orderSeed: 0,
  };
  const slots = [...byPrompt.values()];
  const instructions = slots.map((s) => s.row);
  const answers = instructions.map((r) => ({ prompt_id: r.prompt_id, answer: '' }));
  const expanded = await expandRun({ settings, instructions, answers });
  const responseOf = new Map(slots.map((s) => [s.row.prompt_id, s.responses]));
  const jobs: BundleJob[] = expanded.jobs.map((j) => ({
    jobId: j.jobId,
    order: j.order,
    prompt_id: j.prompt_id,
    criterionIndex: j.criterionIndex,
    criteria_name: j.criteria_name,
    // An unparsable response (an empty one where the request failed) is kept as metrics.py keeps it: unscored.
    status: parseJudgeOutput(responseOf.get(j.prompt_id)?.[j.criterionIndex] ?? '').kind === 'score' ? 'done' : 'unparsed',
    cacheKey: j.cacheKey,
    attempts: 1,
    attemptKeys: [j.cacheKey],
    resultKey: j.cacheKey,
  }));
  const bundle: RunBundle = {
    format: RUN_BUNDLE_FORMAT,
    version: RUN_BUNDLE_VERSION,
    exportedAt: new Date(input.now).toISOString(),
    run: { id: `scores-${fileHash.slice(0, 12)}`, name: input.name, createdAt: input.now, status: 'done', settings, answerSource: 'import' },
    instructions,
    answers,
    jobs,
    judgments: expanded.jobs.map((j) => ({ cacheKey: j.cacheKey, raw: responseOf.get(j.prompt_id)?.[j.criterionIndex] ?? '', createdAt: input.now })),
  };
  const warnings: ImportIssue[] = [];
  if (unknown > 0) warnings.push(issue('scores-unknown-prompt', `${unknown} prompt_ids are not in the loaded dataset`, { params: { count: unknown, example: firstUnknown ?? '' } }));
  if (repeated > 0) warnings.push(issue('scores-duplicate', `${repeated} entries repeat a (prompt_id, criterion)`, { params: { count: repeated, example: firstRepeated ?? '' } }));
  return { bundle, warnings };
}
