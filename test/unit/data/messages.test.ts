import { describe, expect, it } from 'vitest';
import { DATA_LOAD_CODES } from '../../../src/lib/data/errors.ts';
import data from '../../../src/lib/i18n/messages/data.ts';

describe('data messages', () => {
  it('every data error code has a headline in both languages', () => {
    for (const lang of ['en', 'ru'] as const) {
      const m = data[lang] as Record<string, string>;
      for (const code of DATA_LOAD_CODES) expect(m[`error.${code}`], `${lang} error.${code}`).toMatch(/\S/);
    }
  });
});
