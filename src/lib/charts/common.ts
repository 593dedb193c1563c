/**
 * Building blocks every chart uses: the accessible SVG root, the text-alternative table (whose
 * labels link where a click on the matching mark leads), tooltips (<title> for native hover,
 * data-tip for the app's tooltip layer), clickable marks and locale-aware numbers.
 */
import { select, type Selection } from 'd3';
import type { ChartLang, ChartOptions, ChartSelection } from './types.ts';
import { formatNumberUpTo } from '../format/format.ts';

export const SVG_NS = 'http://www.w3.org/2000/svg';
export const FONT = 'system-ui, sans-serif';

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

/**
 * A chart's number: at most `digits` decimals, no trailing zeros, grouped and separated as the
 * language writes them — the app's one formatter (lib/format), which creates no Intl formatter
 * for plain numbers (the page's first one loads locale data: tens of ms on the main thread).
 */
export function fmt(lang: ChartLang, v: number, digits = 3): string {
  return formatNumberUpTo(lang, v, digits);
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

/**
 * Makes marks tooltipped and (when onSelect is given) clickable. Marks are never focusable: the
 * SVG is one image to assistive technology, and the data table's links are the keyboard's way.
 */
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
    .attr('data-clickable', 'true')
    .style('cursor', 'pointer')
    .on('click', (_event: Event, d: D) => {
      const sel = select_(d);
      if (sel) onSelect(sel);
    });
}

/** A header or row label, as a link when `sel` leads somewhere. */
function label(doc: Document, text: string, sel: ChartSelection | null | undefined, opts: Pick<ChartOptions, 'linkOf'>): Node {
  const href = sel ? opts.linkOf?.(sel) : null;
  if (!href) return doc.createTextNode(text);
  const a = doc.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}

/** What a table's rows and columns stand for, for links (both optional). */
export interface TableLinks {
  opts: Pick<ChartOptions, 'linkOf'>;
  row?: (i: number) => ChartSelection | null;
  col?: (j: number) => ChartSelection | null;
}

export function textTable(doc: Document, caption: string, head: string[], rows: (string | number)[][], links?: TableLinks): HTMLTableElement {
  const table = doc.createElement('table');
  table.className = 'chart-table';
  const cap = doc.createElement('caption');
  cap.textContent = caption;
  table.append(cap);
  const thead = doc.createElement('thead');
  const hr = doc.createElement('tr');
  head.forEach((h, j) => {
    const th = doc.createElement('th');
    th.scope = 'col';
    th.append(links && j > 0 ? label(doc, h, links.col?.(j - 1), links.opts) : doc.createTextNode(h));
    hr.append(th);
  });
  thead.append(hr);
  const tbody = doc.createElement('tbody');
  rows.forEach((row, i) => {
    const tr = doc.createElement('tr');
    row.forEach((v, j) => {
      const td = doc.createElement(j === 0 ? 'th' : 'td');
      if (j === 0) (td as HTMLTableCellElement).scope = 'row';
      td.append(j === 0 && links ? label(doc, String(v), links.row?.(i), links.opts) : doc.createTextNode(String(v)));
      tr.append(td);
    });
    tbody.append(tr);
  });
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
