/**
 * The share link's codec: JSON → deflate (fflate) → base64url, placed in the URL FRAGMENT
 * `#/metrics/share/<payload>`. Browsers never send the fragment in requests, so the data never
 * reaches any server, not even the one hosting the app. Decoding validates every field and says
 * where a damaged link breaks. Loaded on demand (share.ts holds the payload's shape).
 */
import { deflateSync, Inflate, inflateSync } from 'fflate';
import * as v from 'valibot';
import { boundedText, count, finiteNumber, rubricsSchema } from '../validate/common.ts';
import { locateIssues } from '../validate/located.ts';
import { MAX_SHARE_JSON_BYTES, MAX_SHARE_LINK_CHARS, SHARE_LIMITS, SHARE_VERSION, scoresHash, type ShareDecode, type ShareErrorCode, type SharePayload } from './share.ts';

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function encodeShare(payload: SharePayload): string {
  return toBase64Url(deflateSync(new TextEncoder().encode(JSON.stringify(payload)), { level: 9 }));
}

const str = boundedText;
const finite = finiteNumber;
const RubricsSchema = rubricsSchema(SHARE_LIMITS.rubricText);

const numberMap = v.record(str(SHARE_LIMITS.criterionName), finite);
const IntervalSchema = v.object({ lo: finite, hi: finite });
const EstimateSchema = v.object({ key: str(SHARE_LIMITS.criterionName), mean: finite, n: count, instructions: count, ci: v.nullable(IntervalSchema) });
const breakdown = v.pipe(v.array(EstimateSchema), v.maxLength(SHARE_LIMITS.breakdownRows));

const SystemMetricsSchema = v.object({
  id: str(SHARE_LIMITS.label),
  label: str(SHARE_LIMITS.label),
  kind: v.picklist(['run', 'reference']),
  pollux: v.object({
    matrix: v.record(str(SHARE_LIMITS.criterionName), numberMap),
    mean_over_meta: numberMap,
    mean_over_criteria: numberMap,
    grand_mean: v.nullable(finite),
    dropped: v.object({ unparsed: count, out_of_scale: count }),
    unknown_prompt: count,
  }),
  overall: v.nullable(EstimateSchema),
  breakdowns: v.object({
    difficulty: breakdown,
    task_type: breakdown,
    category: breakdown,
    domain: breakdown,
    meta: breakdown,
    criterion: breakdown,
  }),
  coverage: v.object({
    total: count,
    judged: count,
    unparsed: count,
    failed: count,
    pending: count,
    outOfScale: count,
    gated: count,
    instructions: count,
    gatedInstructions: count,
  }),
  histogram: v.pipe(v.array(count), v.maxLength(1000)),
});

const PayloadSchema = v.object({
  v: v.literal(SHARE_VERSION),
  name: str(SHARE_LIMITS.name),
  info: v.pipe(v.record(str(SHARE_LIMITS.label), str(SHARE_LIMITS.infoText)), v.maxEntries(SHARE_LIMITS.infoEntries)),
  settings: v.object({
    gate: v.picklist(['official', 'critical-only']),
    resamples: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(SHARE_LIMITS.resamples)),
    seed: v.pipe(v.number(), v.safeInteger()),
  }),
  criteria: v.pipe(v.array(str(SHARE_LIMITS.criterionName)), v.maxLength(SHARE_LIMITS.criteria)),
  rubrics: v.pipe(v.array(RubricsSchema), v.maxLength(SHARE_LIMITS.rubrics)),
  instructions: v.pipe(
    v.array(v.tuple([count, str(SHARE_LIMITS.facetText), str(SHARE_LIMITS.facetText), str(SHARE_LIMITS.facetText), str(SHARE_LIMITS.facetText)])),
    v.maxLength(SHARE_LIMITS.instructions),
  ),
  scores: v.pipe(v.array(v.tuple([count, count, count, v.nullable(finite)])), v.maxLength(SHARE_LIMITS.scores)),
  categories: v.pipe(v.array(v.tuple([str(SHARE_LIMITS.criterionName), str(SHARE_LIMITS.rubricText), str(SHARE_LIMITS.facetText)])), v.maxLength(SHARE_LIMITS.criteria)),
  references: v.pipe(v.array(SystemMetricsSchema), v.maxLength(SHARE_LIMITS.references)),
  answers: v.optional(v.pipe(v.record(v.pipe(v.string(), v.regex(/^\d{1,15}$/)), str(SHARE_LIMITS.answerText)), v.maxEntries(SHARE_LIMITS.instructions))),
  hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{8}$/)),
});

// The schema is the contract of the types above: a change to SharePayload (or to the metrics
// types it carries) that the schema does not follow fails to compile here.
const _schemaMatchesType = (p: v.InferOutput<typeof PayloadSchema>): SharePayload => p;
void _schemaMatchesType;

const fail = (code: ShareErrorCode, where: string, message: string): ShareDecode => ({ kind: 'error', code, where, message });

/** Deflate's largest expansion: 258 bytes from 2 bits is 1,032:1; a margin on top. */
const MAX_DEFLATE_RATIO = 1100;

/** Inflates raw deflate, refusing (null) as soon as the output passes `max` bytes. */
function inflateCapped(bytes: Uint8Array, max: number): Uint8Array | null {
  // A link this short cannot inflate past the cap: one call, no stream.
  if (bytes.length * MAX_DEFLATE_RATIO <= max) return inflateSync(bytes);
  const parts: Uint8Array[] = [];
  let size = 0;
  const inflate = new Inflate((chunk) => {
    size += chunk.length;
    if (size <= max) parts.push(chunk);
  });
  // Each step's output is bounded by the ratio (16 KB in, at most ~18 MB out).
  const STEP = 16 * 1024;
  for (let i = 0; i < bytes.length && size <= max; i += STEP) inflate.push(bytes.subarray(i, i + STEP), i + STEP >= bytes.length);
  if (size > max) return null;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Cross-field checks the schema cannot express: indices in range, unique instructions, the hash. */
function checkPayload(p: SharePayload): ShareDecode {
  const ids = new Set<number>();
  for (const [i, row] of p.instructions.entries()) {
    if (ids.has(row[0])) return fail('invalid', `instructions[${i}]`, `prompt_id ${row[0]} appears twice`);
    ids.add(row[0]);
  }
  for (const [i, [, c, r]] of p.scores.entries()) {
    if (c >= p.criteria.length || r >= p.rubrics.length) {
      return fail('invalid', `scores[${i}]`, `criterion or rubric index out of range (${p.criteria.length} criteria, ${p.rubrics.length} rubrics)`);
    }
  }
  if (scoresHash(p.scores) !== p.hash) return fail('damaged', 'hash', 'scores do not match their hash (damaged link)');
  return { kind: 'ok', payload: p };
}

/**
 * A link's payload, validated field by field, or the first problem with its location. Never
 * throws, and its work is bounded by the budgets above whatever the link holds.
 */
export function decodeShare(link: string): ShareDecode {
  if (link.length > MAX_SHARE_LINK_CHARS) {
    return fail('too-long', 'link', `${link.length} characters; a share link has at most ${MAX_SHARE_LINK_CHARS}`);
  }
  if (!/^[A-Za-z0-9_-]+$/.test(link)) return fail('not-base64', 'link', 'contains characters outside base64url (copied incompletely?)');
  let bytes: Uint8Array | null;
  try {
    bytes = inflateCapped(fromBase64Url(link), MAX_SHARE_JSON_BYTES);
  } catch (e) {
    return fail('truncated', 'link', `cannot decompress (${e instanceof Error ? e.message : String(e)}); the link is probably truncated`);
  }
  if (bytes === null) return fail('too-large', 'link', `inflates to more than ${MAX_SHARE_JSON_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    return fail('not-json', 'json', e instanceof Error ? e.message : String(e));
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('invalid', '$', 'expected an object');
  if ('v' in json && json.v !== SHARE_VERSION) {
    return fail('version', 'v', `unsupported version ${String(json.v).slice(0, 20)}; this app reads version ${SHARE_VERSION}`);
  }
  const parsed = v.safeParse(PayloadSchema, json, { abortEarly: true });
  if (!parsed.success) {
    const [first] = locateIssues(parsed.issues, 1);
    return fail('invalid', first.path, first.message);
  }
  return checkPayload(parsed.output);
}
