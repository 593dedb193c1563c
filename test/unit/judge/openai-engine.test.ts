import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIMock, type RunningOpenAIMock } from '../../servers/openai-mock.mjs';
import { scriptedScore } from '../../support/scenarios.mjs';
import { OpenAICompatibleEngine, normalizeBaseUrl } from '../../../src/lib/judge/openai.ts';
import { EngineError } from '../../../src/lib/judge/errors.ts';
import { buildJudgePrompt, parseJudgeOutputFor } from '../../../src/lib/pollux/index.ts';
import type { GenerateRequest } from '../../../src/lib/judge/engine.ts';

const prompt = buildJudgePrompt({
  instruction: 'Напиши четверостишие о весне.',
  reference_answer: '',
  answer: 'Весна пришла, ручьи звенят.',
  criteria_name: 'Соответствие жанру',
  rubrics: '0: не стихотворение\n\n1: частично\n\n2: полностью',
});
const req = (max_tokens = 256): GenerateRequest => ({
  messages: [{ role: 'user', content: prompt }],
  sampling: { temperature: 0, top_p: 1, max_tokens, seed: 7 },
});

async function rejection(p: Promise<unknown>): Promise<EngineError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw new Error(`not an EngineError: ${String(e)}`, { cause: e });
  }
  throw new Error('did not reject');
}

let mock: RunningOpenAIMock;
let keyed: RunningOpenAIMock;
beforeAll(async () => {
  mock = await startOpenAIMock();
  keyed = await startOpenAIMock({ apiKey: 'secret', ownedBy: 'llama.cpp' });
});
afterAll(async () => {
  await mock.close();
  await keyed.close();
});

const engine = (model: string, extra: Partial<ConstructorParameters<typeof OpenAICompatibleEngine>[0]> = {}) =>
  new OpenAICompatibleEngine({ baseUrl: mock.url, model, pageOrigin: 'http://app.test', ...extra });

describe('normalizeBaseUrl', () => {
  it('appends /v1 only when no version segment is given', () => {
    expect(normalizeBaseUrl('http://h:8000')).toBe('http://h:8000/v1');
    expect(normalizeBaseUrl('http://h:8000/v1/')).toBe('http://h:8000/v1');
    expect(normalizeBaseUrl(' https://openrouter.ai/api/v1 ')).toBe('https://openrouter.ai/api/v1');
  });
});

describe('OpenAICompatibleEngine against the scripted server', () => {
  it('streams a valid POLLUX judgment, token by token, with usage', async () => {
    const e = engine('scripted-valid');
    await e.load();
    expect(e.models).toContain('scripted-valid');
    const deltas: string[] = [];
    const r = await e.generate(req(), { onToken: (d) => deltas.push(d) });
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(r.text);
    expect(r.finishReason).toBe('stop');
    const parsed = parseJudgeOutputFor('tagged', r.text);
    expect(parsed).toMatchObject({ kind: 'score', score: scriptedScore(prompt) });
    expect(r.usage.completionTokens).toBe(deltas.length);
    expect(r.usage.promptTokens).toBeGreaterThan(10);
    expect(r.usage.decodeTokensPerS).toBeGreaterThan(0);
    const sent = (await (await fetch(`${mock.url}/last-request`)).json()) as Record<string, unknown>;
    expect(sent).toMatchObject({ temperature: 0, top_p: 1, max_tokens: 256, seed: 7, stream: true, stream_options: { include_usage: true } });
  });

  it('reports a max_tokens cut as finishReason length', async () => {
    const r = await engine('scripted-valid').generate(req(3));
    expect(r.finishReason).toBe('length');
    expect(parseJudgeOutputFor('tagged', r.text).kind).toBe('unparsed');
  });

  it('passes the bare-number judge output through for the 4B parser', async () => {
    const r = await engine('scripted-bare', { outputFormat: 'bare-number' }).generate(req());
    expect(parseJudgeOutputFor('bare-number', r.text)).toMatchObject({ kind: 'score', score: scriptedScore(prompt) });
  });

  it('maps a wrong key to unauthorized and a right key to success', async () => {
    const bad = new OpenAICompatibleEngine({ baseUrl: keyed.url, model: 'scripted-valid', apiKey: 'nope' });
    expect((await rejection(bad.load())).code).toBe('unauthorized');
    expect((await rejection(bad.generate(req()))).code).toBe('unauthorized');
    const good = new OpenAICompatibleEngine({ baseUrl: keyed.url, model: 'scripted-valid', apiKey: 'secret' });
    await good.load();
    expect((await good.generate(req())).text).toContain('[END]');
    expect((await rejection(engine('scripted-401').generate(req()))).code).toBe('unauthorized');
  });

  it('maps 500, 429, unknown model and wrong base URL', async () => {
    const five = await rejection(engine('scripted-error').generate(req()));
    expect(five).toMatchObject({ code: 'server', recovery: 'retry' });
    expect((await rejection(engine('scripted-429').generate(req()))).code).toBe('rate-limited');
    const nf = await rejection(engine('no-such-model').load());
    expect(nf.code).toBe('not-found');
    expect(nf.message).toContain('scripted-valid'); // lists what the server has
    const wrongBase = new OpenAICompatibleEngine({ baseUrl: `${mock.url}/nothing/v1`, model: 'scripted-valid' });
    expect((await rejection(wrongBase.load())).code).toBe('not-found');
  });

  it('maps malformed replies (non-JSON, no choices)', async () => {
    expect((await rejection(engine('scripted-nonjson').generate(req()))).code).toBe('malformed-reply');
    expect((await rejection(engine('scripted-no-choices').generate(req()))).code).toBe('malformed-reply');
  });

  it('times out a hung request and cancels via AbortSignal', async () => {
    const t0 = Date.now();
    const to = await rejection(engine('scripted-hang', { timeoutMs: 300 }).generate(req()));
    expect(to.code).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(5_000);
    const ac = new AbortController();
    const p = engine('scripted-slow').generate(req(), { signal: ac.signal });
    setTimeout(() => ac.abort(), 250);
    expect((await rejection(p)).code).toBe('aborted');
  });

  it('says nothing answered (not CORS) when nothing listens, naming the URL', async () => {
    const e = new OpenAICompatibleEngine({ baseUrl: 'http://127.0.0.1:9', model: 'x', pageOrigin: 'http://app.test' });
    const err = await rejection(e.load());
    expect(err.code).toBe('network');
    expect(err.message).toContain('Nothing answered at http://127.0.0.1:9/v1/models');
  });

  it('refuses a base URL without http:// or https:// with what to type', () => {
    let err: unknown;
    try {
      new OpenAICompatibleEngine({ baseUrl: '127.0.0.1:8000', model: 'x' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).code).toBe('bad-url');
    expect((err as EngineError).message).toContain('http://127.0.0.1:8000/v1');
  });

  it('a stream that ends cleanly without a finish reason reports none (maybe cut), not stop', async () => {
    const r = await engine('scripted-cut').generate(req());
    expect(r.finishReason).toBe('none');
  });

  it('learns vLLM structured output at load and sends a regex constraint as vLLM reads it', async () => {
    const e = engine('scripted-malformed');
    await e.load();
    expect(e.info.constraints).toEqual(['regex']);
    const r = await e.generate({ ...req(), constraint: { kind: 'regex', pattern: '\\[FEEDBACK\\][^\\[]+\\[RESULT\\] *(0|1|2) *\\[END\\]' } });
    const sent = (await (await fetch(`${mock.url}/last-request`)).json()) as Record<string, unknown>;
    expect(sent['structured_outputs']).toEqual({ regex: '\\[FEEDBACK\\][^\\[]+\\[RESULT\\] *(0|1|2) *\\[END\\]' });
    // The mock honours the constraint: even the always-malformed scenario now parses.
    expect(parseJudgeOutputFor('tagged', r.text).kind).toBe('score');
    // A server that is not vLLM offers no constraint, and refuses one.
    const plain = new OpenAICompatibleEngine({ baseUrl: keyed.url, model: 'scripted-valid', apiKey: 'secret' });
    expect(plain.info.constraints).toEqual([]);
    expect((await rejection(plain.generate({ ...req(), constraint: { kind: 'regex', pattern: 'x' } }))).code).toBe('unsupported');
  });

  it('a connection cut in the middle of the stream is a transient network error', async () => {
    const err = await rejection(engine('scripted-drop').generate(req()));
    expect(err.code).toBe('network');
    expect(err.recovery).toBe('retry');
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    await fetch(`${mock.url}/reset`, { method: 'POST' });
    const e = engine('scripted-valid', { concurrency: 2 });
    let inFlight = 0;
    let peak = 0;
    const wrapped = new OpenAICompatibleEngine({
      baseUrl: mock.url,
      model: 'scripted-valid',
      concurrency: 2,
      fetch: async (input, init) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        try {
          const r = await fetch(input, init);
          await new Promise((res) => setTimeout(res, 30));
          return r;
        } finally {
          inFlight -= 1;
        }
      },
    });
    await Promise.all([1, 2, 3, 4, 5].map(() => wrapped.generate(req())));
    expect(peak).toBe(2);
    expect(e.maxConcurrency).toBe(2);
  });

  it('flaky scenario: malformed first, valid on retry of the same prompt', async () => {
    await fetch(`${mock.url}/reset`, { method: 'POST' });
    const e = engine('scripted-flaky');
    expect(parseJudgeOutputFor('tagged', (await e.generate(req())).text).kind).toBe('unparsed');
    expect(parseJudgeOutputFor('tagged', (await e.generate(req())).text).kind).toBe('score');
    const stats = (await (await fetch(`${mock.url}/stats`)).json()) as { requests: number };
    expect(stats.requests).toBe(2);
  });
});
