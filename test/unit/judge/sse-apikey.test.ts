import { describe, expect, it } from 'vitest';
import { createSseParser } from '../../../src/lib/judge/sse.ts';
import { ApiKeyStore } from '../../../src/lib/judge/api-key.ts';

describe('createSseParser', () => {
  it('emits data events across arbitrary chunk splits, CRLF and comments', () => {
    const got: string[] = [];
    const p = createSseParser((d) => got.push(d));
    const stream = ': keep-alive\r\ndata: {"a":1}\r\n\r\ndata: {"b":\ndata: 2}\n\ndata: [DONE]\n\n';
    for (let i = 0; i < stream.length; i += 3) p.feed(stream.slice(i, i + 3));
    p.end();
    expect(got).toEqual(['{"a":1}', '{"b":\n2}', '[DONE]']);
  });
  it('flushes a last event without a blank line', () => {
    const got: string[] = [];
    const p = createSseParser((d) => got.push(d));
    p.feed('data: x');
    p.end();
    expect(got).toEqual(['x']);
  });
});

describe('ApiKeyStore', () => {
  const mem = (): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { m: Map<string, string> } => {
    const m = new Map<string, string>();
    return { m, getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
  };
  it('keeps keys in memory unless remembered', () => {
    const s = mem();
    const a = new ApiKeyStore(s);
    a.set('http://h/v1', 'k1', false);
    expect(a.get('http://h/v1')).toBe('k1');
    expect(s.m.size).toBe(0);
    expect(new ApiKeyStore(s).get('http://h/v1')).toBe('');
    a.set('http://h/v1', 'k2', true);
    expect(new ApiKeyStore(s).get('http://h/v1')).toBe('k2');
    expect(new ApiKeyStore(s).isRemembered('http://h/v1')).toBe(true);
    a.forget('http://h/v1');
    expect(s.m.size).toBe(0);
    expect(a.get('http://h/v1')).toBe('');
  });
});
