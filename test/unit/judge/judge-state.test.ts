import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JudgeState, type JudgeStateDeps } from '../../../src/state/judge.svelte.ts';
import type { StatusLine } from '../../../src/state/status.svelte.ts';
import { ScriptedEngine } from '../../support/scripted-engine.ts';
import { startOpenAIMock, type RunningOpenAIMock } from '../../servers/openai-mock.mjs';
import { findAppModel } from '../../../src/lib/judge/catalog.ts';
import type { JudgeSpec } from '../../../src/lib/judge/spec.ts';
import { openPolluxDB, type PolluxDB } from '../../../src/lib/store/db.ts';
import { saveJudgeTypicalError } from '../../../src/lib/store/typical-error.ts';

let mock: RunningOpenAIMock;
beforeAll(async () => {
  mock = await startOpenAIMock();
});
afterAll(async () => {
  await mock.close();
});

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
}

function make(over: Partial<JudgeStateDeps> = {}): { state: JudgeState; db: PolluxDB; lines: Map<string, StatusLine>; created: JudgeSpec[] } {
  const db = openPolluxDB(`judge-state-${Math.random().toString(36).slice(2)}`);
  const lines = new Map<string, StatusLine>();
  const created: JudgeSpec[] = [];
  const state = new JudgeState({
    db: () => db,
    storage: memoryStorage(),
    navigator: {},
    createEngine: (spec) => {
      created.push(spec);
      return new ScriptedEngine({ scenario: 'valid', modelId: spec.kind === 'openai' ? spec.model : spec.modelId });
    },
    siteBase: () => 'https://me.github.io/pollux-web/',
    status: { set: (id, l) => void lines.set(id, l) },
    t: (k, p) => `${k}${p ? JSON.stringify(p) : ''}`,
    ...over,
  });
  return { state, db, lines, created };
}

describe('JudgeState', () => {
  it('loads an engine once per spec, remembers it and publishes its status line', async () => {
    const { state, db, lines, created } = make();
    await state.init();
    expect(lines.get('judge')?.tone).toBe('idle');
    const spec: JudgeSpec = { kind: 'openai', baseUrl: 'http://h:8000/v1', model: 'm', outputFormat: 'tagged', polluxTrained: true, concurrency: 2 };
    const a = await state.ensureEngine(spec);
    expect(await state.ensureEngine(spec)).toBe(a);
    expect(created).toHaveLength(1);
    expect(lines.get('judge')?.tone).toBe('ok');
    expect((await db.settings.get('judge.spec'))?.value).toEqual(spec);
    // A reload reads it back (and loads nothing).
    const reloaded = make({ db: () => db });
    await reloaded.state.init();
    expect(reloaded.state.spec).toEqual(spec);
    expect(reloaded.state.engine).toBeNull();
    expect(reloaded.created).toHaveLength(0);
  });

  it('builds a POLLUX record’s spec from the weights’ commit and the context size chosen for it', async () => {
    const { state, db } = make();
    await state.init();
    const m = findAppModel('pollux-judge-7b-q4f32_1-MLC')!;
    expect(state.webllmSpec(m)).toEqual({ kind: 'webllm', modelId: m.record.model_id, weightsRevision: m.app.weightsRevision, outputFormat: 'tagged', polluxTrained: true });
    expect(m.app.weightsRevision).toBe(`${m.record.model_id}@${m.app.weightsCommit ?? 'unpublished'}`);
    await state.setContextWindow(m.record.model_id, 16384);
    expect(state.webllmSpec(m)).toMatchObject({ contextWindow: 16384 });
    expect((await db.settings.get('judge.contextWindows'))?.value).toEqual({ [m.record.model_id]: 16384 });
    // Other weights at another URL never share cache keys with the published ones.
    await state.setUrlOverrides({ [m.record.model_id]: { model: 'https://mirror.example/w' } });
    expect(state.webllmSpec(m).kind === 'webllm' && state.webllmSpec(m)).toMatchObject({ weightsRevision: `${m.record.model_id}@url:https://mirror.example/w` });
  });

  it('keeps one endpoint draft, refuses a base URL without http://, and checks an endpoint before it is used', async () => {
    const { state, db } = make();
    await state.init();
    const draft = { baseUrl: '127.0.0.1:8000', model: 'scripted-valid', concurrency: 4, outputFormat: 'tagged' as const, polluxTrained: true };
    await state.setEndpointDraft(draft);
    expect((await db.settings.get('judge.endpoint'))?.value).toEqual(draft);
    expect(() => state.endpointSpec(draft)).toThrow(/http:\/\/127\.0\.0\.1:8000\/v1/);
    expect((await state.checkEndpoint(draft))?.code).toBe('bad-url');
    expect((await state.checkEndpoint({ ...draft, baseUrl: 'http://127.0.0.1:9' }))?.code).toBe('network');
    expect((await state.checkEndpoint({ ...draft, baseUrl: mock.url, model: 'nope' }))?.code).toBe('not-found');
    expect(await state.checkEndpoint({ ...draft, baseUrl: mock.url })).toBeNull();
  });

  it('reads the judge’s measured agreement with the experts', async () => {
    const { state, db } = make();
    expect(await state.typicalError('Qwen2.5-7B-Instruct-q4f32_1-MLC')).toBeNull();
    await saveJudgeTypicalError(db, 'Qwen2.5-7B-Instruct-q4f32_1-MLC', { 'Критерий 1': { mae: 0.4, n: 20 } });
    expect(await state.typicalError('Qwen2.5-7B-Instruct-q4f32_1-MLC')).toEqual({ 'Критерий 1': { mae: 0.4, n: 20 } });
  });

  it('a load that fails keeps the error and publishes it', async () => {
    const { state, lines } = make({ createEngine: () => new ScriptedEngine({ scenario: 'quota-exceeded' }) });
    await expect(state.ensureEngine({ kind: 'webllm', modelId: 'x', weightsRevision: 'r', outputFormat: 'tagged', polluxTrained: false })).rejects.toMatchObject({ code: 'quota' });
    expect(state.error?.code).toBe('quota');
    expect(state.engine).toBeNull();
    expect(lines.get('judge')?.tone).toBe('error');
  });
});
