/**
 * Building blocks every chart uses: the accessible SVG root, the text-alternative table,
 * tooltips (<title> for assistive tech and native hover, data-tip for the app's tooltip layer),
 * clickable marks (mouse and keyboard) and locale-aware numbers.
 */
import { select, type Selection } from 'd3';
import type { ChartLang, ChartOptions, ChartSelection } from './types.ts';

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const FONT = 'system-ui, sans-serif';

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

// Building an Intl.NumberFormat costs ~50 µs; a heatmap formats thousands of numbers.
const formatters = new Map<string, Intl.NumberFormat>();

export function fmt(lang: ChartLang, v: number, digits = 3): string {
  const key = `${lang}:${digits}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    formatters.set(key, f);
  }
  return f.format(v);
}

export function svgRoot(opts: ChartOptions, height: number): Svg {
  const el = opts.doc.createElementNS(SVG_NS, 'svg');
  const svg = select(el)
    .attr('xmlns', SVG_NS)
    .attr('width', opts.width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${opts.width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', opts.title)
    .attr('font-family', FONT)
    .attr('font-size', 11)
    .style('color', 'var(--fg)');
  svg.append('title').text(opts.title);
  return svg;
}

/** Makes marks tooltipped and (when onSelect is given) clickable and focusable. */
export function interactive<E extends SVGElement, D>(
  marks: Selection<E, D, SVGGElement | SVGSVGElement, unknown>,
  tip: (d: D) => string,
  select_: ((d: D) => ChartSelection | null) | null,
  opts: ChartOptions,
): void {
  marks.attr('data-tip', tip).append('title').text(tip);
  const onSelect = opts.onSelect;
  if (!onSelect || !select_) return;
  marks
    .attr('tabindex', 0)
    .attr('data-clickable', 'true')
    .style('cursor', 'pointer')
    .on('click', (_event: Event, d: D) => {
      const sel = select_(d);
      if (sel) onSelect(sel);
    })
    .on('keydown', (event: Event, d: D) => {
      // d3 types listeners with Event; keydown always delivers a KeyboardEvent-like object.
      const key = (event as Partial<KeyboardEvent>).key;
      if (key !== 'Enter' && key !== ' ') return;
      event.preventDefault();
      const sel = select_(d);
      if (sel) onSelect(sel);
    });
}

export function textTable(doc: Document, caption: string, head: string[], rows: (string | number)[][]): HTMLTableElement {
  const table = doc.createElement('table');
  table.className = 'chart-table';
  const cap = doc.createElement('caption');
  cap.textContent = caption;
  table.append(cap);
  const thead = doc.createElement('thead');
  const hr = doc.createElement('tr');
  for (const h of head) {
    const th = doc.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    hr.append(th);
  }
  thead.append(hr);
  const tbody = doc.createElement('tbody');
  for (const row of rows) {
    const tr = doc.createElement('tr');
    row.forEach((v, i) => {
      const td = doc.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) (td as HTMLTableCellElement).scope = 'row';
      td.textContent = String(v);
      tr.append(td);
    });
    tbody.append(tr);
  }
  table.append(thead, tbody);
  return table;
}

/** Shortens long (Russian) labels for axes; the full text stays in tooltips and the table. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export const T = {
  en: { mean: 'mean', ci: '95% CI', n: 'scores', instr: 'instructions', none: '—', expert: 'expert', judge: 'judge', count: 'count', bin: 'score range' },
  ru: { mean: 'среднее', ci: '95% ДИ', n: 'оценок', instr: 'инструкций', none: '—', expert: 'эксперты', judge: 'судья', count: 'число', bin: 'диапазон' },
} as const;
