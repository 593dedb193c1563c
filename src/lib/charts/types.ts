/**
 * Options and results shared by every chart. Charts are pure functions: data + options in, an
 * SVG element (built with d3 in the Document given) and a text-alternative table out. Colours
 * are CSS variables (var(--accent)…), so a chart follows the light/dark theme live; downloads
 * resolve them to concrete colours (see serialize.ts). Value-coloured cells are the exception:
 * their colours come from ramp.ts for the theme given, so their labels' contrast is computed.
 *
 * Charts are images to assistive technology (role="img" with a name) and hold nothing
 * focusable: what a click on a mark does (filter the Results page) the keyboard reaches through
 * the links in the chart's data table.
 */
import type { ChartTheme } from './ramp.ts';

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
  /** Colours of value-coloured cells (default light). */
  theme?: ChartTheme;
  /** Called with the filter a clicked mark stands for. */
  onSelect?: (sel: ChartSelection) => void;
  /** Where a filter leads (null: nowhere): the data table's labels become links to it. */
  linkOf?: (sel: ChartSelection) => string | null;
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
