/**
 * Shape validation of an imported run bundle. The file comes from another machine, so nothing
 * in it is trusted: every field is checked, and each problem is reported at its JSON path
 * (`jobs[3].cacheKey`) so the user sees where the file is wrong. Meaning checks (do the cache
 * keys match the prompts?) are in bundle.ts, after the shape is known to be right.
 */
import { isCacheKey } from './cache-key.ts';
import { RUN_BUNDLE_FORMAT, RUN_BUNDLE_VERSION, type BundleIssue, type RunBundle } from './types.ts';

/** Reporting stops here: a wholly wrong file would otherwise list thousands of lines. */
const MAX_ISSUES = 50;

type Obj = Record<string, unknown>;

class Checker {
  issues: BundleIssue[] = [];

  add(path: string, message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ path, message });
  }

  obj(v: unknown, path: string): v is Obj {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return true;
    this.add(path, 'expected an object');
    return false;
  }

  arr(v: unknown, path: string): v is unknown[] {
    if (Array.isArray(v)) return true;
    this.add(path, 'expected an array');
    return false;
  }

  str(o: Obj, key: string, path: string, optional = false): void {
    const v = o[key];
    if (optional && v === undefined) return;
    if (typeof v !== 'string') this.add(`${path}.${key}`, 'expected a string');
  }

  num(o: Obj, key: string, path: string, opts: { int?: boolean; min?: number; optional?: boolean } = {}): void {
    const v = o[key];
    if (opts.optional && v === undefined) return;
    if (typeof v !== 'number' || !Number.isFinite(v)) return this.add(`${path}.${key}`, 'expected a number');
    if (opts.int && !Number.isInteger(v)) this.add(`${path}.${key}`, 'expected an integer');
    if (opts.min !== undefined && v < opts.min) this.add(`${path}.${key}`, `expected at least ${opts.min}`);
  }

  bool(o: Obj, key: string, path: string, optional = false): void {
    const v = o[key];
    if (optional && v === undefined) return;
    if (typeof v !== 'boolean') this.add(`${path}.${key}`, 'expected true or false');
  }

  oneOf(o: Obj, key: string, path: string, allowed: readonly string[], optional = false): void {
    const v = o[key];
    if (optional && v === undefined) return;
    if (typeof v !== 'string' || !allowed.includes(v)) this.add(`${path}.${key}`, `expected one of ${allowed.join(', ')}`);
  }

  key(o: Obj, key: string, path: string, optional = false): void {
    const v = o[key];
    if (optional && v === undefined) return;
    if (!isCacheKey(v)) this.add(`${path}.${key}`, 'expected a cache key (64 hex digits)');
  }

  each(v: unknown, path: string, check: (item: Obj, path: string) => void): void {
    if (!this.arr(v, path)) return;
    v.forEach((item, i) => {
      if (this.issues.length >= MAX_ISSUES) return;
      const p = `${path}[${i}]`;
      if (this.obj(item, p)) check(item, p);
    });
  }
}

function checkSettings(c: Checker, s: unknown, path: string): void {
  if (!c.obj(s, path)) return;
  if (c.obj(s.judge, `${path}.judge`)) {
    const j = s.judge;
    const jp = `${path}.judge`;
    c.oneOf(j, 'kind', jp, ['webllm', 'openai']);
    c.oneOf(j, 'outputFormat', jp, ['tagged', 'bare-number']);
    c.bool(j, 'polluxTrained', jp);
    if (j.kind === 'webllm') {
      c.str(j, 'modelId', jp);
      c.str(j, 'weightsRevision', jp);
    } else if (j.kind === 'openai') {
      c.str(j, 'baseUrl', jp);
      c.str(j, 'model', jp);
      c.num(j, 'concurrency', jp, { int: true, min: 1 });
    }
  }
  if (c.obj(s.sampling, `${path}.sampling`)) {
    const sp = `${path}.sampling`;
    c.num(s.sampling, 'temperature', sp, { min: 0 });
    c.num(s.sampling, 'top_p', sp, { min: 0 });
    c.num(s.sampling, 'max_tokens', sp, { int: true, min: 1 });
    c.num(s.sampling, 'seed', sp, { int: true, optional: true });
    const stop = s.sampling.stop;
    if (stop !== undefined && !(Array.isArray(stop) && stop.every((x) => typeof x === 'string'))) {
      c.add(`${sp}.stop`, 'expected an array of strings');
    }
  }
  c.num(s, 'maxParseRetries', path, { int: true, min: 0 });
  c.num(s, 'orderSeed', path, { int: true });
  c.str(s, 'datasetKey', path);
  c.bool(s, 'custom', path, true);
  if (c.obj(s.answersFrom, `${path}.answersFrom`)) {
    const a = s.answersFrom;
    c.oneOf(a, 'kind', `${path}.answersFrom`, ['candidate', 'dataset']);
    c.str(a, a.kind === 'dataset' ? 'model_id' : 'model', `${path}.answersFrom`);
  }
}

function checkRubrics(c: Checker, v: unknown, path: string, depth = 0): void {
  if (typeof v === 'string') return;
  if (depth > 3 || !c.obj(v, path)) return;
  for (const [k, x] of Object.entries(v)) checkRubrics(c, x, `${path}.${k}`, depth + 1);
}

/** The bundle, typed, or every located problem found (up to MAX_ISSUES). */
export function validateBundleShape(input: unknown): { ok: true; bundle: RunBundle } | { ok: false; errors: BundleIssue[] } {
  const c = new Checker();
  if (!c.obj(input, '$')) return { ok: false, errors: c.issues };
  if (input.format !== RUN_BUNDLE_FORMAT) c.add('format', `expected "${RUN_BUNDLE_FORMAT}" (not a POLLUX Web run bundle)`);
  else if (input.version !== RUN_BUNDLE_VERSION) c.add('version', `unsupported version ${String(input.version)}; this app reads ${RUN_BUNDLE_VERSION}`);
  if (c.issues.length > 0) return { ok: false, errors: c.issues };

  if (c.obj(input.run, 'run')) {
    c.str(input.run, 'id', 'run');
    c.str(input.run, 'name', 'run');
    c.num(input.run, 'createdAt', 'run');
    c.oneOf(input.run, 'status', 'run', ['draft', 'queued', 'running', 'paused', 'done', 'cancelled']);
    c.oneOf(input.run, 'answerSource', 'run', ['paste', 'import', 'generate', 'dataset']);
    checkSettings(c, input.run.settings, 'run.settings');
  }
  c.each(input.instructions, 'instructions', (o, p) => {
    c.num(o, 'prompt_id', p, { int: true });
    c.str(o, 'instruction', p);
    c.str(o, 'meta', p);
    if (o.reference_answer !== undefined && o.reference_answer !== null) c.str(o, 'reference_answer', p);
    c.each(o.criteria, `${p}.criteria`, (k, kp) => {
      c.str(k, 'criteria_name', kp);
      checkRubrics(c, k.rubrics, `${kp}.rubrics`);
    });
  });
  c.each(input.answers, 'answers', (o, p) => {
    c.num(o, 'prompt_id', p, { int: true });
    c.str(o, 'answer', p);
    c.str(o, 'stratum', p, true);
  });
  c.each(input.jobs, 'jobs', (o, p) => {
    c.str(o, 'jobId', p);
    c.num(o, 'order', p, { int: true, min: 0 });
    c.num(o, 'prompt_id', p, { int: true });
    c.num(o, 'criterionIndex', p, { int: true, min: 0 });
    c.str(o, 'criteria_name', p);
    c.oneOf(o, 'status', p, ['pending', 'running', 'done', 'unparsed', 'failed']);
    c.key(o, 'cacheKey', p);
    c.num(o, 'attempts', p, { int: true, min: 0 });
    if (c.arr(o.attemptKeys, `${p}.attemptKeys`)) {
      o.attemptKeys.forEach((k, i) => {
        if (!isCacheKey(k)) c.add(`${p}.attemptKeys[${i}]`, 'expected a cache key (64 hex digits)');
      });
    }
    c.key(o, 'resultKey', p, true);
    c.bool(o, 'cached', p, true);
    if (o.error !== undefined && c.obj(o.error, `${p}.error`)) {
      c.str(o.error, 'code', `${p}.error`);
      c.str(o.error, 'message', `${p}.error`);
    }
  });
  c.each(input.judgments, 'judgments', (o, p) => {
    c.key(o, 'cacheKey', p);
    c.str(o, 'raw', p);
    c.num(o, 'createdAt', p);
  });
  if (c.issues.length > 0) return { ok: false, errors: c.issues };
  // Every field the type declares was checked above.
  return { ok: true, bundle: input as unknown as RunBundle };
}
