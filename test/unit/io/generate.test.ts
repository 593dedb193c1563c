import { describe, expect, it } from 'vitest';
import type { GenerateRequest, GenerateResult, JudgeEngine } from '../../../src/lib/judge/engine.ts';
import { EngineError } from '../../../src/lib/judge/errors.ts';
import { ANSWER_PY_DEFAULTS, answerRequest, generateAnswers } from '../../../src/lib/io/index.ts';

function fakeEngine(reply: (req: GenerateRequest) => string | EngineError, maxConcurrency = 1): JudgeEngine & { seen: GenerateRequest[]; peak: number } {
  let inFlight = 0;
  const e = {
    seen: [] as GenerateRequest[],
    peak: 0,
    info: { kind: 'scripted', modelId: 'fake', weightsRevision: 'r', label: 'fake', polluxTrained: false, outputFormat: 'tagged' } as const,
    maxConcurrency,
    async load() {},
    async unload() {},
    async generate(req: GenerateRequest): Promise<GenerateResult> {
      e.seen.push(req);
      inFlight++;
      e.peak = Math.max(e.peak, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      const out = reply(req);
      if (out instanceof EngineError) throw out;
      return { text: out, finishReason: 'stop', usage: { promptTokens: 1, completionTokens: 1 } };
    },
  };
  return e;
}

const items = [
  { prompt_id: 1, instruction: 'Напиши стихотворение' },
  { prompt_id: 2, instruction: 'FAIL' },
  { prompt_id: 3, instruction: 'Третье' },
];

describe('answer generation (answer.py semantics)', () => {
  it('sends the raw instruction as the only user message, with the given sampling', () => {
    const req = answerRequest('Привет', ANSWER_PY_DEFAULTS);
    expect(req.messages).toEqual([{ role: 'user', content: 'Привет' }]);
    expect(req.sampling).toEqual({ temperature: 0.7, top_p: 1, max_tokens: 4096 });
  });

  it('strips <think> blocks, turns request errors into visible per-item failures, reports progress', async () => {
    const engine = fakeEngine((req) =>
      req.messages[0].content === 'FAIL' ? new EngineError('server', 'HTTP 500', 'retry') : `<think>hmm</think>\n Ответ на: ${req.messages[0].content}`,
    );
    const progress: number[] = [];
    const out = await generateAnswers(engine, items, { temperature: 0.5, maxTokens: 1024 }, { onProgress: (p) => progress.push(p.done) });
    expect(out.cancelled).toBe(false);
    expect(out.items).toEqual([
      { prompt_id: 1, ok: true, answer: 'Ответ на: Напиши стихотворение', finishReason: 'stop', usage: { promptTokens: 1, completionTokens: 1 } },
      { prompt_id: 2, ok: false, code: 'server', message: 'HTTP 500' },
      { prompt_id: 3, ok: true, answer: 'Ответ на: Третье', finishReason: 'stop', usage: { promptTokens: 1, completionTokens: 1 } },
    ]);
    expect(progress).toEqual([0, 1, 2, 3]);
    expect(engine.seen.every((r) => r.messages.length === 1 && r.sampling.max_tokens === 1024)).toBe(true);
  });

  it('uses the engine concurrency and stops on cancel', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ prompt_id: i, instruction: `q${i}` }));
    const engine = fakeEngine(() => 'a', 4);
    const ctl = new AbortController();
    const out = await generateAnswers(engine, many, ANSWER_PY_DEFAULTS, {
      signal: ctl.signal,
      onProgress: (p) => {
        if (p.done >= 10) ctl.abort();
      },
    });
    expect(engine.peak).toBe(4);
    expect(out.cancelled).toBe(true);
    expect(out.items.length).toBeLessThan(40);
    expect(out.items.length).toBeGreaterThanOrEqual(10);
  });
});
