import { describe, expect, it } from 'vitest';
import { facetCounts, filterFromQuery, filterInstructions, queryFromFilter } from '../../../src/lib/data/filter.ts';
import { normalizeInstruction, syntheticPromptId, isSyntheticPromptId } from '../../../src/lib/data/text.ts';
import { parseSourceQuery, formatSourceQuery, defaultSource, polluxFiles, datasetKeyOf, parseDatasetsServerParquet } from '../../../src/lib/data/config.ts';
import type { AppInstruction } from '../../../src/lib/data/types.ts';

const mk = (prompt_id: number, instruction: string, task_type: string, difficulty: string, domain: string, is_provocative = false): AppInstruction => ({
  prompt_id,
  instruction,
  meta: 'm',
  task_type,
  task_subtype: `${task_type}/sub`,
  difficulty,
  domain,
  is_provocative,
  criteria: [],
  models: [],
});
const list = [
  mk(1, 'Напиши сказку про ёжика', 'Написать художественный текст', 'Hard', 'Художественный'),
  mk(2, 'Перепиши статью', 'Стайл-трансфер', 'Hard', 'Научный', true),
  mk(3, 'Придумай ЁЛКУ', 'Написать художественный текст', 'Easy', 'Художественный'),
];

describe('filters', () => {
  it('filters by facets and by Russian text with ё = е, case-insensitive', () => {
    expect(filterInstructions(list, { difficulty: 'Hard', task_type: 'Написать художественный текст' }).map((i) => i.prompt_id)).toEqual([1]);
    expect(filterInstructions(list, { q: 'ежик' }).map((i) => i.prompt_id)).toEqual([1]);
    expect(filterInstructions(list, { q: 'елку' }).map((i) => i.prompt_id)).toEqual([3]);
    expect(filterInstructions(list, { provocative: 'yes' }).map((i) => i.prompt_id)).toEqual([2]);
  });

  it('counts each facet under the other filters', () => {
    const c = facetCounts(list, { difficulty: 'Hard' });
    expect(c.difficulty).toEqual([
      ['Hard', 2],
      ['Easy', 1],
    ]);
    expect(c.task_type).toEqual([
      ['Написать художественный текст', 1],
      ['Стайл-трансфер', 1],
    ]);
  });

  it('round-trips the URL query', () => {
    const f = filterFromQuery({ group: 'G', difficulty: 'Hard', provocative: 'maybe', q: 'x' });
    expect(f).toEqual({ task_type: 'G', task_subtype: undefined, difficulty: 'Hard', domain: undefined, provocative: undefined, q: 'x' });
    expect(filterFromQuery(queryFromFilter(f) as Record<string, string>)).toEqual(f);
  });
});

describe('text keys and config', () => {
  it('normalises whitespace and makes stable synthetic ids outside the real range', () => {
    expect(normalizeInstruction('  a \n\t b  ')).toBe('a b');
    const id = syntheticPromptId('a b');
    expect(id).toBe(syntheticPromptId('a b'));
    expect(isSyntheticPromptId(id)).toBe(true);
    expect(isSyntheticPromptId(2100)).toBe(false);
  });

  it('keys instructions exactly as collapsing every whitespace run to one space and trimming', () => {
    // The definition the join relies on; the implementation skips lone spaces for speed.
    const definition = (t: string) => t.replace(/\s+/g, ' ').trim();
    const ws = [' ', '  ', '\n', '\r\n', '\t', '\u00a0', '\u2009', '\u3000', '\ufeff', '\u2028', ' \n ', '\v\f'];
    const words = ['а', 'слово', 'x', '', '.'];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const samples = ['', ' ', 'a', 'a b', ' a', 'a ', '\na\n', 'a\u00a0b', 'a \u00a0 b', 'a  b', 'Что  такое\nLLM?\t '];
    for (let i = 0; i < 2000; i++) {
      let s = '';
      for (let k = next(8); k >= 0; k--) s += next(2) ? ws[next(ws.length)] : words[next(words.length)];
      samples.push(s);
    }
    for (const s of samples) expect(normalizeInstruction(s), JSON.stringify(s)).toBe(definition(s));
  });

  it('parses ?source= and picks the default source', () => {
    expect(parseSourceQuery('sample')).toEqual({ kind: 'sample' });
    expect(parseSourceQuery('mirror:http://127.0.0.1:4401/files')).toEqual({ kind: 'mirror', baseUrl: 'http://127.0.0.1:4401/files' });
    expect(parseSourceQuery('hf@abc123')).toEqual({ kind: 'huggingface', revision: 'abc123' });
    expect(parseSourceQuery('mirror:javascript:alert(1)')).toBeNull();
    expect(formatSourceQuery({ kind: 'huggingface' })).toBe('hf');
    expect(defaultSource({ defaultSource: 'sample' })).toEqual({ kind: 'sample' });
    // `npm start` (dev) reads Hugging Face like the production build.
    expect(defaultSource({})).toEqual({ kind: 'huggingface' });
  });

  it('pins HF shard URLs and sizes; mirrors replace only the host part', () => {
    const hf = polluxFiles({ kind: 'huggingface' });
    expect(hf[0]).toMatchObject({
      url: 'https://huggingface.co/datasets/ai-forever/POLLUX/resolve/461c80411f8dac5ff82f4f363ee7db967305f7eb/data/test-00000-of-00003.parquet',
      size: 132_570_000,
    });
    expect(polluxFiles({ kind: 'huggingface', revision: 'main' })[0].size).toBeUndefined();
    expect(polluxFiles({ kind: 'mirror', baseUrl: 'http://x/files/' })[2]).toHaveProperty(
      'url',
      'http://x/files/datasets/ai-forever/POLLUX/resolve/461c80411f8dac5ff82f4f363ee7db967305f7eb/data/test-00002-of-00003.parquet',
    );
    expect(datasetKeyOf({ kind: 'huggingface' })).toBe('ai-forever/POLLUX@461c80411f8dac5ff82f4f363ee7db967305f7eb');
    const parsed = parseDatasetsServerParquet({
      parquet_files: [
        { dataset: 'ai-forever/POLLUX-instructions', config: 'default', split: 'train', url: 'https://u/0000.parquet', filename: '0000.parquet', size: 123 },
        { config: 'other', split: 'train', url: 'x', filename: 'y' },
      ],
    });
    expect(parsed).toEqual([{ kind: 'url', name: 'default/train/0000.parquet', url: 'https://u/0000.parquet', size: 123 }]);
    expect(parseDatasetsServerParquet({ error: 'x' })).toBeNull();
  });
});
