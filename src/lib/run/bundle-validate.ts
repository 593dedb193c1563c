/**
 * Shape validation of an imported run bundle. The file comes from another machine, so nothing
 * in it is trusted: a valibot schema checks every field (and drops fields the format does not
 * have), and each problem is reported at its JSON path (`jobs[3].cacheKey`) so the user sees
 * where the file is wrong. A file that is not a bundle at all (too large, not JSON, another
 * format) gets one issue with a `code` the UI turns into a sentence saying what a bundle is.
 * Meaning checks (do the cache keys match the prompts?) are in bundle.ts, after the shape is
 * known to be right.
 */
import * as v from 'valibot';
import { MAX_IMPORT_BYTES } from '../io/limits.ts';
import { boundedText, count, finiteNumber, rubricsSchema } from '../validate/common.ts';
import { locateIssues } from '../validate/located.ts';
import { isCacheKey } from './cache-key.ts';
import { RUN_BUNDLE_FORMAT, RUN_BUNDLE_VERSION, type BundleIssue, type RunBundle } from './types.ts';

/**
 * Largest bundle read (bytes), checked before the file is read. A finished POLLUX run (about
 * 2,000 instructions × 12 criteria, with rubrics, answers and raw outputs) is a few tens of MB;
 * a 400 MB file took 14.5 s to parse before anything could be said about it.
 */
export const MAX_BUNDLE_BYTES = 100 * 1024 * 1024;

/** Reporting stops here: a wholly wrong file would otherwise list thousands of lines. */
const MAX_ISSUES = 50;

/**
 * Limits on single values. Long texts (instructions, answers, raw outputs) may be as long as an
 * answers file may be (a run made from one must export and import again); names, ids and keys
 * get a bound far above anything typed or in the dataset.
 */
const TEXT = MAX_IMPORT_BYTES;
const NAME = 10_000;

const text = boundedText(TEXT);
const name = boundedText(NAME);
const int = v.pipe(v.number(), v.safeInteger());
const cacheKey = v.custom<string>(isCacheKey, 'expected a cache key (64 hex digits)');

const JudgeSchema = v.variant('kind', [
  v.object({
    kind: v.literal('webllm'),
    modelId: name,
    weightsRevision: name,
    outputFormat: v.picklist(['tagged', 'bare-number']),
    polluxTrained: v.boolean(),
    contextWindow: v.optional(v.pipe(int, v.minValue(1))),
  }),
  v.object({
    kind: v.literal('openai'),
    baseUrl: boundedText(2048),
    model: name,
    outputFormat: v.picklist(['tagged', 'bare-number']),
    polluxTrained: v.boolean(),
    concurrency: v.pipe(int, v.minValue(1)),
  }),
]);

const SettingsSchema = v.object({
  judge: JudgeSchema,
  sampling: v.object({
    temperature: v.pipe(finiteNumber, v.minValue(0)),
    top_p: v.pipe(finiteNumber, v.minValue(0)),
    max_tokens: v.pipe(int, v.minValue(1)),
    seed: v.optional(int),
    stop: v.optional(v.pipe(v.array(name), v.maxLength(100))),
  }),
  maxParseRetries: count,
  answersFrom: v.variant('kind', [v.object({ kind: v.literal('candidate'), model: name }), v.object({ kind: v.literal('dataset'), model_id: name })]),
  datasetKey: name,
  orderSeed: int,
  custom: v.optional(v.boolean()),
  precisionStop: v.optional(v.pipe(finiteNumber, v.minValue(0))),
  sampledFrom: v.optional(count),
  constrainAll: v.optional(v.boolean()),
});

const CUT = v.picklist(['length', 'no-finish']);

const CriterionSchema = v.object({
  criteria_name: name,
  rubrics: rubricsSchema(TEXT),
  criteria_description: v.optional(text),
  rubrics_example: v.optional(text),
});

const InstructionSchema = v.object({
  prompt_id: int,
  instruction: text,
  reference_answer: v.nullish(text),
  meta: name,
  difficulty: v.optional(name),
  task_type: v.optional(name),
  task_subtype: v.optional(name),
  task_subsubtype: v.optional(name),
  domain: v.optional(name),
  is_provocative: v.optional(v.boolean()),
  criteria: v.array(CriterionSchema),
});

const JobSchema = v.object({
  // `<prompt_id>|<criterion index>`, as expand.ts writes it.
  jobId: boundedText(64),
  order: count,
  prompt_id: int,
  criterionIndex: count,
  criteria_name: name,
  status: v.picklist(['pending', 'running', 'done', 'unparsed', 'failed']),
  cacheKey,
  attempts: count,
  attemptKeys: v.array(cacheKey),
  attemptModes: v.optional(v.array(v.picklist(['free', 'grammar', 'regex', 'temperature']))),
  resultKey: v.optional(cacheKey),
  cached: v.optional(v.boolean()),
  truncated: v.optional(CUT),
  error: v.optional(v.object({ code: name, message: text })),
});

const BundleSchema = v.object({
  format: v.literal(RUN_BUNDLE_FORMAT),
  version: v.literal(RUN_BUNDLE_VERSION),
  exportedAt: name,
  run: v.object({
    id: name,
    name,
    createdAt: finiteNumber,
    status: v.picklist(['draft', 'queued', 'running', 'paused', 'done', 'cancelled']),
    settings: SettingsSchema,
    answerSource: v.picklist(['paste', 'import', 'generate', 'dataset']),
  }),
  instructions: v.array(InstructionSchema),
  answers: v.array(v.object({ prompt_id: int, answer: text, stratum: v.optional(name) })),
  jobs: v.array(JobSchema),
  judgments: v.array(
    v.object({
      cacheKey,
      raw: text,
      createdAt: finiteNumber,
      usage: v.optional(v.object({ promptTokens: count, completionTokens: count })),
      finish: v.optional(CUT),
    }),
  ),
});

// The schema is the bundle format's contract: it must produce a RunBundle and know every field
// of the stored types it carries, so a field added to one of them (which the schema would
// silently drop) fails to compile here until the schema learns it.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
type Out = v.InferOutput<typeof BundleSchema>;
const _contract: [
  (b: Out) => RunBundle,
  SameKeys<Out, RunBundle>,
  SameKeys<Out['run'], RunBundle['run']>,
  SameKeys<Out['run']['settings'], RunBundle['run']['settings']>,
  SameKeys<Out['instructions'][number], RunBundle['instructions'][number]>,
  SameKeys<Out['instructions'][number]['criteria'][number], RunBundle['instructions'][number]['criteria'][number]>,
  SameKeys<Out['jobs'][number], RunBundle['jobs'][number]>,
  SameKeys<Out['judgments'][number], RunBundle['judgments'][number]>,
] = [(b) => b, true, true, true, true, true, true, true];
void _contract;

export type BundleShape = { ok: true; bundle: RunBundle } | { ok: false; errors: BundleIssue[] };

/** What a foreign JSON file looks like, so the message can point to where it belongs. */
function lookalike(input: unknown): 'answers' | 'scores' | null {
  if (Array.isArray(input)) return input.length > 0 && typeof input[0] === 'object' && input[0] !== null && 'response' in input[0] ? 'scores' : null;
  if (typeof input === 'object' && input !== null && 'answers' in input && Array.isArray(input.answers)) return 'answers';
  return null;
}

/** The bundle, typed, or every located problem found (up to MAX_ISSUES). */
export function validateBundleShape(input: unknown): BundleShape {
  const isObject = typeof input === 'object' && input !== null && !Array.isArray(input);
  if (!isObject || !('format' in input) || input.format !== RUN_BUNDLE_FORMAT) {
    const looksLike = lookalike(input);
    return {
      ok: false,
      errors: [
        {
          path: isObject ? 'format' : '$',
          code: 'not-a-bundle',
          ...(looksLike ? { params: { looksLike } } : {}),
          message: `expected "format": "${RUN_BUNDLE_FORMAT}": not a POLLUX Web run bundle (the .json file that "Export run bundle" writes)`,
        },
      ],
    };
  }
  if (!('version' in input) || input.version !== RUN_BUNDLE_VERSION) {
    const found = 'version' in input ? String(input.version).slice(0, 20) : 'none';
    return {
      ok: false,
      errors: [{ path: 'version', code: 'version', params: { found, expected: RUN_BUNDLE_VERSION }, message: `unsupported version ${found}; this app reads ${RUN_BUNDLE_VERSION}` }],
    };
  }
  const parsed = v.safeParse(BundleSchema, input);
  if (!parsed.success) return { ok: false, errors: locateIssues(parsed.issues, MAX_ISSUES) };
  return { ok: true, bundle: parsed.output };
}

/** A file too large to read is refused by its size alone (before reading a byte of it). */
export function checkBundleSize(bytes: number): BundleIssue | null {
  if (bytes <= MAX_BUNDLE_BYTES) return null;
  return { path: '$', code: 'too-large', params: { size: bytes, max: MAX_BUNDLE_BYTES }, message: `the file has ${bytes} bytes; a run bundle has at most ${MAX_BUNDLE_BYTES}` };
}

/** The text of a bundle file, parsed, or a located JSON syntax error. */
export function parseBundleText(text: string): { ok: true; value: unknown } | { ok: false; errors: BundleIssue[] } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    const detail = (e instanceof Error ? e.message : String(e)).slice(0, 200);
    return { ok: false, errors: [{ path: '$', code: 'not-json', params: { detail }, message: `not JSON: ${detail}` }] };
  }
}
