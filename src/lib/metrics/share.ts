/**
 * Share links without a server: a run's scores, settings and hashes (answer texts only when the
 * user asks) are JSON → deflate (fflate) → base64url, placed in the URL FRAGMENT
 * `#/metrics/share/<payload>`. Browsers never send the fragment in requests, so the data never
 * reaches any server, not even the one hosting the app. Decoding validates every field and says
 * where a damaged link breaks.
 */
import { deflateSync, inflateSync } from 'fflate';
import type { GateMode, Rubrics } from '../pollux/types.ts';
import type { CategoryEntry } from './report.ts';
import type { InstructionFacets, SystemMetrics } from './types.ts';

export const SHARE_VERSION = 1;

/** One score: [prompt_id, criterion index, rubric index, score | null (unparsed)]. */
export type SharedScore = [number, number, number, number | null];

export interface SharePayload {
  v: typeof SHARE_VERSION;
  name: string;
  /** Free-form run facts: judge, answers source, dataset key, template version. */
  info: Record<string, string>;
  settings: { gate: GateMode; resamples: number; seed: number };
  criteria: string[];
  rubrics: Rubrics[];
  /** [prompt_id, meta, difficulty, task_type, domain]. */
  instructions: [number, string, string, string, string][];
  scores: SharedScore[];
  categories: CategoryEntry[];
  /** Reference models as computed by the sender (the recipient may not have the dataset). */
  references: SystemMetrics[];
  answers?: Record<string, string>;
  /** FNV-1a of the scores, to tell a truncated link from a damaged one. */
  hash: string;
}

export type ShareDecode = { kind: 'ok'; payload: SharePayload } | { kind: 'error'; where: string; message: string };

export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

export function scoresHash(scores: readonly SharedScore[]): string {
  return fnv1a(JSON.stringify(scores));
}

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

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkPayload(v: unknown): ShareDecode {
  const bad = (where: string, message: string): ShareDecode => ({ kind: 'error', where, message });
  if (!isObj(v)) return bad('payload', 'not an object');
  if (v.v !== SHARE_VERSION) return bad('v', `unsupported version ${String(v.v)}`);
  if (!isStr(v.name)) return bad('name', 'missing');
  if (!isObj(v.info) || !Object.values(v.info).every(isStr)) return bad('info', 'must map names to text');
  const s = v.settings;
  if (!isObj(s) || (s.gate !== 'official' && s.gate !== 'critical-only') || !isNum(s.resamples) || !isNum(s.seed)) {
    return bad('settings', 'gate/resamples/seed invalid');
  }
  if (!Array.isArray(v.criteria) || !v.criteria.every(isStr)) return bad('criteria', 'must be a list of names');
  if (!Array.isArray(v.rubrics) || !v.rubrics.every((r) => isStr(r) || isObj(r))) return bad('rubrics', 'must be a list');
  if (!Array.isArray(v.instructions)) return bad('instructions', 'must be a list');
  for (const [i, row] of v.instructions.entries()) {
    if (!Array.isArray(row) || row.length !== 5 || !isNum(row[0]) || !row.slice(1).every(isStr)) return bad(`instructions[${i}]`, 'malformed');
  }
  if (!Array.isArray(v.scores)) return bad('scores', 'must be a list');
  const nc = v.criteria.length;
  const nr = v.rubrics.length;
  for (const [i, row] of v.scores.entries()) {
    if (!Array.isArray(row) || row.length !== 4 || !isNum(row[0]) || !isNum(row[1]) || !isNum(row[2]) || !(row[3] === null || isNum(row[3]))) {
      return bad(`scores[${i}]`, 'malformed');
    }
    if (row[1] < 0 || row[1] >= nc || row[2] < 0 || row[2] >= nr) return bad(`scores[${i}]`, 'criterion or rubric index out of range');
  }
  if (!Array.isArray(v.categories) || !v.categories.every((c) => Array.isArray(c) && c.length === 3 && c.every(isStr))) {
    return bad('categories', 'malformed');
  }
  if (!Array.isArray(v.references) || !v.references.every((r) => isObj(r) && isStr(r.id) && isObj(r.pollux) && isObj(r.breakdowns))) {
    return bad('references', 'malformed');
  }
  if (v.answers !== undefined && (!isObj(v.answers) || !Object.values(v.answers).every(isStr))) return bad('answers', 'malformed');
  if (!isStr(v.hash)) return bad('hash', 'missing');
  const payload = v as unknown as SharePayload;
  if (scoresHash(payload.scores) !== payload.hash) return bad('hash', 'scores do not match their hash (damaged link)');
  return { kind: 'ok', payload };
}

export function decodeShare(text: string): ShareDecode {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return { kind: 'error', where: 'link', message: 'contains characters outside base64url (copied incompletely?)' };
  let bytes: Uint8Array;
  try {
    bytes = inflateSync(fromBase64Url(text));
  } catch (e) {
    return { kind: 'error', where: 'link', message: `cannot decompress (${e instanceof Error ? e.message : String(e)}); the link is probably truncated` };
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    return { kind: 'error', where: 'json', message: e instanceof Error ? e.message : String(e) };
  }
  return checkPayload(json);
}

/** The facets of the shared instructions, as the metrics need them (criteria rebuilt from scores). */
export function sharedInstructions(p: SharePayload): InstructionFacets[] {
  const criteria = new Map<number, { criteria_name: string; rubrics: Rubrics }[]>();
  for (const [pid, ci, ri] of p.scores) {
    const list = criteria.get(pid) ?? [];
    list.push({ criteria_name: p.criteria[ci], rubrics: p.rubrics[ri] });
    criteria.set(pid, list);
  }
  return p.instructions.map(([prompt_id, meta, difficulty, task_type, domain]) => ({
    prompt_id,
    meta,
    difficulty,
    task_type,
    domain,
    criteria: criteria.get(prompt_id) ?? [],
  }));
}
