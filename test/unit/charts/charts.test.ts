import { describe, expect, it, vi } from 'vitest';
import {
  barsWithCi,
  confusionMatrix,
  contrast,
  difficultyProfile,
  heatmap,
  histogram,
  judgeScatter,
  normalizeSvgForSnapshot,
  resolveCssVars,
  type ChartResult,
} from '../../../src/lib/charts/index.ts';
import { checkGolden, newDocument } from './golden.ts';

const { doc, window } = newDocument();
const base = { doc, width: 560 } as const;

const groups = [
  { key: 'Написать художественный текст', mean: 0.712345, ci: { lo: 0.65, hi: 0.77 }, n: 120, instructions: 12 },
  { key: 'Интерпретация текста', mean: 0.5, ci: { lo: 0.41, hi: 0.58 }, n: 80, instructions: 8 },
  { key: 'Стайл-трансфер', mean: 0.9, ci: null, n: 3, instructions: 1 },
];

const charts: Record<string, () => ChartResult> = {
  'bars-ci-ru': () => barsWithCi(groups, { ...base, lang: 'ru', title: 'Оценки по группам задач' }),
  'heatmap-en': () =>
    heatmap(
      {
        rows: ['Грамотность', 'Креативность', 'Отсутствие зацикливаний'],
        cols: [
          { id: 'run', label: 'my-model' },
          { id: 'ref:gpt4', label: 'gpt4' },
        ],
        values: [
          [0.8, 0.9],
          [0.45, null],
          [1, 0.97],
        ],
        counts: [
          [10, 10],
          [10, 0],
          [10, 10],
        ],
      },
      { ...base, lang: 'en', title: 'Criterion × model' },
    ),
  'difficulty-en': () =>
    difficultyProfile(
      [
        {
          id: 'run',
          label: 'my-model',
          points: [
            { level: 'Hard', mean: 0.5, ci: { lo: 0.4, hi: 0.6 }, n: 30 },
            { level: 'Easy', mean: 0.8, ci: { lo: 0.7, hi: 0.9 }, n: 40 },
          ],
        },
        { id: 'ref:gpt4', label: 'gpt4', points: [{ level: 'Easy', mean: 0.85, ci: null, n: 40 }, { level: 'Medium', mean: 0.7, ci: null, n: 20 }] },
      ],
      { ...base, lang: 'en', title: 'Difficulty profile' },
    ),
  'histogram-ru': () => histogram([5, 0, 0, 0, 0, 12, 0, 1, 0, 30], { ...base, lang: 'ru', title: 'Распределение оценок' }),
  'confusion-en': () =>
    confusionMatrix(
      {
        levels: [0, 1, 2],
        counts: [
          [5, 2, 0],
          [1, 10, 4],
          [0, 3, 20],
        ],
      },
      { ...base, lang: 'en', title: 'Judge vs experts' },
    ),
  'scatter-en': () =>
    judgeScatter(
      [
        { expert: 0, judge: 0, count: 5 },
        { expert: 1.5, judge: 1, count: 3 },
        { expert: 2, judge: 2, count: 20 },
      ],
      { ...base, lang: 'en', title: 'Judge vs experts (scatter)' },
    ),
};

describe('chart golden snapshots', () => {
  for (const [name, build] of Object.entries(charts)) {
    it(name, () => {
      const { svg, table } = build();
      expect(svg.getAttribute('role')).toBe('img');
      expect(svg.getAttribute('aria-label')).toBeTruthy();
      expect(table.querySelector('caption')?.textContent).toBe(svg.getAttribute('aria-label'));
      expect(table.querySelectorAll('tbody tr').length).toBeGreaterThan(0);
      expect(checkGolden(name, svg, window)).toBeNull();
    });
  }
});

describe('chart behaviour', () => {
  it('shows exact values and counts on hover and reports clicks as filters, with nothing focusable inside the image', () => {
    const onSelect = vi.fn();
    const { svg } = barsWithCi(groups, { ...base, lang: 'en', title: 't', onSelect });
    const bars = svg.querySelectorAll('rect[data-clickable]');
    expect(bars.length).toBe(3);
    const tip = bars[0].getAttribute('data-tip') ?? '';
    expect(tip).toContain('0.712');
    expect(tip).toContain('scores 120');
    expect(bars[0].querySelector('title')?.textContent).toBe(tip);
    bars[1].dispatchEvent(new window.MouseEvent('click', { bubbles: true }));
    expect(onSelect).toHaveBeenCalledWith({ kind: 'group', value: 'Интерпретация текста' });
    expect(svg.querySelector('[tabindex], a, button')).toBeNull();
  });

  it("links the data table's labels where a click on the mark leads: the keyboard's way to filter", () => {
    const linkOf = (sel: { kind: string; value: string }) => (sel.kind === 'group' || sel.kind === 'criterion' || sel.kind === 'difficulty' ? `#/results/r?${sel.kind}=${encodeURIComponent(sel.value)}` : null);
    const bars = barsWithCi(groups, { ...base, lang: 'en', title: 't', linkOf }).table;
    expect([...bars.querySelectorAll('tbody th a')].map((a) => a.getAttribute('href'))).toEqual(groups.map((g) => `#/results/r?group=${encodeURIComponent(g.key)}`));
    const heat = charts['heatmap-en']().table;
    expect(heat.querySelector('a')).toBeNull();
    const linked = heatmap({ rows: ['A', 'B'], cols: [{ id: 'x', label: 'x' }], values: [[0.5], [null]], counts: [[1], [0]] }, { ...base, lang: 'en', title: 't', linkOf }).table;
    expect([...linked.querySelectorAll('tbody th a')].map((a) => a.textContent)).toEqual(['A', 'B']);
    const profile = difficultyProfile([{ id: 'r', label: 'r', points: [{ level: 'Easy', mean: 0.5, ci: null, n: 3 }] }], { ...base, lang: 'en', title: 't', linkOf }).table;
    expect(profile.querySelector('thead a')?.getAttribute('href')).toBe('#/results/r?difficulty=Easy');
    // Without a destination the labels stay text.
    expect(histogram([1, 2], { ...base, lang: 'en', title: 't', linkOf }).table.querySelector('a')).toBeNull();
  });

  it('has no clickable marks without a handler, and never draws NaN', () => {
    for (const build of Object.values(charts)) {
      const { svg } = build();
      expect(svg.querySelector('[data-clickable]')).toBeNull();
      expect(svg.outerHTML).not.toMatch(/NaN|undefined/);
    }
  });

  it('follows the language in numbers and labels', () => {
    const ru = barsWithCi(groups, { ...base, lang: 'ru', title: 't' }).svg.querySelector('rect')?.getAttribute('data-tip');
    expect(ru).toContain('0,712');
    expect(ru).toContain('среднее');
  });

  it('prints heatmap and confusion values in an ink of at least 4.5:1 on their cells, in both themes', () => {
    for (const theme of ['light', 'dark'] as const) {
      const heat = heatmap({ rows: ['a', 'b', 'c'], cols: [{ id: 'x', label: 'x' }, { id: 'y', label: 'y' }], values: [[0, 0.55], [0.7, 1], [0.33, null]], counts: [[1, 1], [1, 1], [1, 0]] }, { ...base, lang: 'en', title: 't', theme }).svg;
      const conf = confusionMatrix({ levels: [0, 1], counts: [[3, 1], [0, 5]] }, { ...base, lang: 'en', title: 't', theme }).svg;
      for (const [cells, labels] of [[heat.querySelectorAll('.cells rect:not([fill="none"])'), heat.querySelectorAll('.values text')], [conf.querySelectorAll('rect'), conf.querySelectorAll('text.count')]] as const) {
        expect(cells.length).toBe(labels.length);
        cells.forEach((cell, i) => expect(contrast(cell.getAttribute('fill') ?? '', labels[i].getAttribute('fill') ?? '')).toBeGreaterThanOrEqual(4.5));
      }
    }
  });

  it('leaves empty heatmap cells unfilled rather than 0', () => {
    const { svg } = charts['heatmap-en']();
    const empty = [...svg.querySelectorAll('.cells rect')].filter((r) => r.getAttribute('fill') === 'none');
    expect(empty.length).toBe(1);
    expect(empty[0].getAttribute('data-tip')).toContain('—');
  });

  it('resolves theme variables for downloads and normalises snapshots', () => {
    expect(resolveCssVars('<rect fill="var(--accent)"/>', (n) => (n === '--accent' ? ' #123456' : ''))).toBe('<rect fill="#123456"/>');
    expect(normalizeSvgForSnapshot('<svg><g id="a1" x="1.23456"/><use href="url(#a1)"/></svg>')).toBe(
      '<svg>\n<g id="id0" x="1.235"/>\n<use href="url(#id0)"/>\n</svg>\n',
    );
  });
});
