import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../support/scripted-engine.ts';
import { EngineError } from '../../../src/lib/judge/errors.ts';
import { parseJudgeOutputFor } from '../../../src/lib/pollux/index.ts';
import type { GenerateRequest } from '../../../src/lib/judge/engine.ts';

const req: GenerateRequest = {
  messages: [{ role: 'user', content: '### Ответ для оценки:\nА\n\n### Критерий оценки:\nК\n\n### Шкала оценивания по критерию:\n0: нет\n\n1: да' }],
  sampling: { temperature: 0, top_p: 1, max_tokens: 512 },
};
const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => (e instanceof EngineError ? e.code : 'other'));

describe('ScriptedEngine', () => {
  it('valid / malformed / flaky / bare', async () => {
    expect(parseJudgeOutputFor('tagged', (await new ScriptedEngine({ scenario: 'valid' }).generate(req)).text).kind).toBe('score');
    expect(parseJudgeOutputFor('tagged', (await new ScriptedEngine({ scenario: 'malformed' }).generate(req)).text).kind).toBe('unparsed');
    const flaky = new ScriptedEngine({ scenario: 'flaky' });
    expect(parseJudgeOutputFor('tagged', (await flaky.generate(req)).text).kind).toBe('unparsed');
    expect(parseJudgeOutputFor('tagged', (await flaky.generate(req)).text).kind).toBe('score');
    const bare = new ScriptedEngine({ scenario: 'bare' });
    expect(bare.info.outputFormat).toBe('bare-number');
    expect(parseJudgeOutputFor('bare-number', (await bare.generate(req)).text).kind).toBe('score');
  });
  it('device-lost-once needs a reload, then carries on', async () => {
    const e = new ScriptedEngine({ scenario: 'device-lost-once' });
    await e.load();
    expect(await code(e.generate(req))).toBe('device-lost');
    expect(await code(e.generate(req))).toBe('device-lost');
    await e.load();
    expect(await code(e.generate(req))).toBe('resolved');
  });
  it('quota-exceeded fails load; slow and hang honour abort', async () => {
    expect(await code(new ScriptedEngine({ scenario: 'quota-exceeded' }).load())).toBe('quota');
    const ac = new AbortController();
    const slow = new ScriptedEngine({ scenario: 'slow', tokenDelayMs: 50 }).generate(req, { signal: ac.signal });
    const hang = new ScriptedEngine({ scenario: 'hang' }).generate(req, { signal: ac.signal });
    setTimeout(() => ac.abort(), 80);
    expect(await code(slow)).toBe('aborted');
    expect(await code(hang)).toBe('aborted');
  });
});
