/**
 * Narrowing of decoded parquet values. hyparquet hands back `unknown`-ish values (INT64 as
 * BigInt, nulls for optional columns, structs as plain objects); these helpers turn them into the
 * app's types without trusting the file.
 */
import type { Rubrics, RubricMap } from '../pollux/types.ts';
import type { ExpertAnnotation } from './types.ts';

export function asString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  return String(v);
}

export function asNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return Number.NaN;
}

export function asBool(v: unknown): boolean {
  return v === true || v === 1 || v === 'true' || v === 'True';
}

function asRubricMap(v: object): RubricMap {
  const out: RubricMap = {};
  for (const [k, val] of Object.entries(v)) {
    if (typeof val === 'string') out[k] = val;
    else if (typeof val === 'object' && val !== null) out[k] = asRubricMap(val);
  }
  return out;
}

/** POLLUX rubrics are strings; lighteval-style sources may carry a `{level: text}` struct. */
export function asRubrics(v: unknown): Rubrics {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null) return asRubricMap(v);
  return '';
}

export function asAnnotations(v: unknown): ExpertAnnotation[] {
  if (!Array.isArray(v)) return [];
  const out: ExpertAnnotation[] = [];
  for (const a of v) {
    if (typeof a !== 'object' || a === null) continue;
    const r = a as { score?: unknown; comment?: unknown };
    out.push({ score: asNumber(r.score), comment: asString(r.comment) });
  }
  return out;
}
