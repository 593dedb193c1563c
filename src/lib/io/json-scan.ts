/**
 * A strict JSON parser that remembers where each object and array started, so the importers can
 * say "line 14: prompt_id is a string" instead of "answers[13]". JSON.parse gives no positions
 * and its syntax-error wording differs between engines. Never throws: nesting is bounded
 * (MAX_JSON_DEPTH) and every failure is a located result.
 */
import { MAX_JSON_DEPTH } from './limits.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export type ScanResult =
  | { ok: true; value: JsonValue; offsets: WeakMap<object, number> }
  | { ok: false; offset: number; message: string };

class ScanError {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings: this finds them
const CONTROL = /[\u0000-\u001f]/;

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function scanJson(text: string): ScanResult {
  let pos = 0;
  const offsets = new WeakMap<object, number>();

  const ws = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) pos++;
      else break;
    }
  };
  const describe = (): string => (pos >= text.length ? 'unexpected end of input' : `unexpected character ${JSON.stringify(text[pos])}`);

  const str = (): string => {
    const start = pos;
    pos++;
    let escaped = false;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        pos += 2;
        continue;
      }
      pos++;
    }
    if (pos >= text.length) throw new ScanError(start, 'unterminated string');
    pos++;
    const token = text.slice(start, pos);
    const ctl = CONTROL.exec(token);
    if (ctl) throw new ScanError(start + ctl.index, 'control character in string (a raw line break must be written as \\n)');
    if (!escaped) return token.slice(1, -1);
    try {
      const v: unknown = JSON.parse(token);
      if (typeof v === 'string') return v;
    } catch {
      // fall through to the located error below
    }
    throw new ScanError(start, 'invalid escape sequence in string');
  };

  const value = (depth: number): JsonValue => {
    if (depth > MAX_JSON_DEPTH) throw new ScanError(pos, `nested deeper than ${MAX_JSON_DEPTH} levels`);
    ws();
    const c = text[pos];
    if (c === '{') {
      const obj: JsonObject = Object.create(null) as JsonObject;
      offsets.set(obj, pos);
      pos++;
      ws();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[pos] !== '"') throw new ScanError(pos, `expected a property name in double quotes, ${describe()}`);
        const key = str();
        ws();
        if (text[pos] !== ':') throw new ScanError(pos, `expected ':', ${describe()}`);
        pos++;
        obj[key] = value(depth + 1);
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return obj;
        }
        throw new ScanError(pos, `expected ',' or '}', ${describe()}`);
      }
    }
    if (c === '[') {
      const arr: JsonValue[] = [];
      offsets.set(arr, pos);
      pos++;
      ws();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return arr;
        }
        throw new ScanError(pos, `expected ',' or ']', ${describe()}`);
      }
    }
    if (c === '"') return str();
    if (text.startsWith('true', pos)) {
      pos += 4;
      return true;
    }
    if (text.startsWith('false', pos)) {
      pos += 5;
      return false;
    }
    if (text.startsWith('null', pos)) {
      pos += 4;
      return null;
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m) {
      pos += m[0].length;
      return Number(m[0]);
    }
    throw new ScanError(pos, `expected a value, ${describe()}`);
  };

  try {
    const v = value(0);
    ws();
    if (pos < text.length) throw new ScanError(pos, `unexpected text after the JSON value, ${describe()}`);
    return { ok: true, value: v, offsets };
  } catch (e) {
    if (e instanceof ScanError) return { ok: false, offset: e.offset, message: e.message };
    // RangeError from a pathological input (e.g. string too long) is still a located result.
    return { ok: false, offset: pos, message: e instanceof Error ? e.message : String(e) };
  }
}
