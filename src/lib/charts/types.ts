/**
 * Options and results shared by every chart. Charts are pure functions: data + options in, an
 * SVG element (built with d3 in the Document given) and a text-alternative table out. Colours
 * are CSS variables (var(--accent)…), so a chart follows the light/dark theme live; downloads
 * resolve them to concrete colours (see serialize.ts).
 */
export type ChartLang = 'ru' | 'en';

/** What a click on a mark means: a filter for the Results page. */
export interface ChartSelection {
  kind: 'criterion' | 'group' | 'difficulty' | 'category' | 'domain' | 'meta' | 'score';
  value: string;
}

export interface ChartOptions {
  doc: Document;
  lang: ChartLang;
  width: number;
  /** Accessible name (aria-label) and <title>; also the table caption. */
  title: string;
  /** Called with the filter a clicked (or Enter-pressed) mark stands for. */
  onSelect?: (sel: ChartSelection) => void;
}

export interface ChartResult {
  svg: SVGSVGElement;
  /** The same numbers as a table: the chart's text alternative. */
  table: HTMLTableElement;
}

export interface Interval {
  lo: number;
  hi: number;
}
