import { describe, expect, it } from 'vitest';
import { shouldFallBackToSample } from '../../../src/lib/data/index.ts';

describe('falling back to the bundled sample', () => {
  it('happens for the default Hugging Face source when it cannot be read', () => {
    for (const code of ['cors-or-network', 'not-found', 'rate-limited', 'range-ignored', 'corrupt', 'http'] as const) {
      expect(shouldFallBackToSample({ kind: 'huggingface' }, code, false), code).toBe(true);
    }
  });

  it('never hides a source the user chose, linked or remembered', () => {
    expect(shouldFallBackToSample({ kind: 'huggingface' }, 'cors-or-network', true)).toBe(false);
    expect(shouldFallBackToSample({ kind: 'huggingface', revision: 'abc' }, 'cors-or-network', false)).toBe(false);
    expect(shouldFallBackToSample({ kind: 'mirror', baseUrl: 'http://127.0.0.1:1' }, 'cors-or-network', false)).toBe(false);
    expect(shouldFallBackToSample({ kind: 'local', files: [] }, 'corrupt', false)).toBe(false);
    expect(shouldFallBackToSample({ kind: 'sample' }, 'not-found', false)).toBe(false);
  });

  it('is not triggered by a cancelled load', () => {
    expect(shouldFallBackToSample({ kind: 'huggingface' }, 'aborted', false)).toBe(false);
  });
});
