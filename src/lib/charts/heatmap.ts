/**
 * Criterion × model heatmap of mean normalised scores (the user's run beside the reference
 * models). Cell colour = score on the theme's ramp (ramp.ts), each printed value in the ink of
 * computed contrast with its cell; a cell with no data is left as an outlined empty box, never
 * drawn as 0.
 */
import { scaleBand } from 'd3';
import { T, clip, fmt, interactive, svgRoot, textTable } from './common.ts';
import { inkOn, rampColour } from './ramp.ts';
import type { ChartOptions, ChartResult } from './types.ts';

export interface HeatmapData {
  rows: string[];
  cols: { id: string; label: string }[];
  /** values[row][col]; null = no score. */
  values: (number | null)[][];
  /** counts[row][col] of scores behind each cell. */
  counts: number[][];
}

const MIN_COLUMN = 40;

interface Cell {
  r: number;
  c: number;
  v: number | null;
  n: number;
  /** Fill on the theme's ramp; null without a value. */
  fill: string | null;
}

export function heatmap(data: HeatmapData, opts: ChartOptions): ChartResult {
  const t = T[opts.lang];
  const labelW = Math.min(280, Math.max(120, Math.round(opts.width * 0.45)));
  // Row labels are cut to what fits their column (≈ 6.5 px per character at font size 11).
  const labelChars = Math.max(12, Math.floor((labelW - 10) / 6.5));
  const cell = 20;
  // Column labels slant up to the right from their column: the last one needs room (14 characters ≈ 60 px).
  const margin = { top: 70, right: 64, bottom: 8, left: labelW };
  const theme = opts.theme ?? 'light';
  const height = margin.top + margin.bottom + Math.max(1, data.rows.length) * cell;
  // Columns keep room for their two-digit values: a narrow box scrolls rather than overprints.
  const width = Math.max(opts.width, margin.left + data.cols.length * MIN_COLUMN + margin.right);
  const svg = svgRoot({ ...opts, width }, height);
  const x = scaleBand<number>()
    .domain(data.cols.map((_, i) => i))
    .range([margin.left, Math.min(width - margin.right, margin.left + data.cols.length * 56)])
    .padding(0.06);
  const y = scaleBand<number>()
    .domain(data.rows.map((_, i) => i))
    .range([margin.top, height - margin.bottom])
    .padding(0.06);
  svg
    .append('g')
    .attr('class', 'col-labels')
    .selectAll('text')
    .data(data.cols)
    .join('text')
    .attr('transform', (_, i) => `translate(${(x(i) ?? 0) + x.bandwidth() / 2},${margin.top - 6}) rotate(-45)`)
    .attr('fill', 'var(--fg)')
    .text((d) => clip(d.label, 14));
  svg
    .append('g')
    .attr('class', 'row-labels')
    .selectAll('text')
    .data(data.rows)
    .join('text')
    .attr('x', margin.left - 6)
    .attr('y', (_, i) => (y(i) ?? 0) + y.bandwidth() / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('fill', 'var(--fg)')
    .text((d) => clip(d, labelChars));
  const cells: Cell[] = data.rows.flatMap((_, r) =>
    data.cols.map((_, c) => {
      const v = data.values[r]?.[c] ?? null;
      return { r, c, v, n: data.counts[r]?.[c] ?? 0, fill: v === null ? null : rampColour(v, theme) };
    }),
  );
  const rects = svg
    .append('g')
    .attr('class', 'cells')
    .selectAll<SVGRectElement, Cell>('rect')
    .data(cells)
    .join('rect')
    .attr('x', (d) => x(d.c) ?? 0)
    .attr('y', (d) => y(d.r) ?? 0)
    .attr('width', x.bandwidth())
    .attr('height', y.bandwidth())
    .attr('fill', (d) => d.fill ?? 'none')
    .attr('stroke', 'var(--border)');
  interactive(
    rects,
    (d) => `${data.rows[d.r]} · ${data.cols[d.c].label}: ${d.v === null ? t.none : fmt(opts.lang, d.v)} (${t.n} ${d.n})`,
    (d) => ({ kind: 'criterion', value: data.rows[d.r] }),
    opts,
  );
  svg
    .append('g')
    .attr('class', 'values')
    .attr('pointer-events', 'none')
    .selectAll('text')
    .data(cells.filter((d) => d.v !== null))
    .join('text')
    .attr('x', (d) => (x(d.c) ?? 0) + x.bandwidth() / 2)
    .attr('y', (d) => (y(d.r) ?? 0) + y.bandwidth() / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .attr('font-size', 10)
    .attr('fill', (d) => inkOn(d.fill ?? '', theme))
    .text((d) => fmt(opts.lang, d.v ?? 0, 2));
  const table = textTable(
    opts.doc,
    opts.title,
    ['', ...data.cols.map((c) => c.label)],
    data.rows.map((r, i) => [r, ...data.cols.map((_, c) => (data.values[i]?.[c] == null ? t.none : fmt(opts.lang, data.values[i][c] ?? 0)))]),
    { opts, row: (i) => ({ kind: 'criterion', value: data.rows[i] }) },
  );
  return { svg: svg.node() as SVGSVGElement, table };
}
