/**
 * Judge-vs-expert confusion matrix: rows = expert score (rounded to the nearest level),
 * columns = judge score. Cell colour = share of the row on the theme's ramp (ramp.ts), counts
 * in the ink of computed contrast; the diagonal (agreement) is outlined.
 */
import { scaleBand } from 'd3';
import { T, fmt, interactive, svgRoot, textTable } from './common.ts';
import { inkOn, rampColour } from './ramp.ts';
import type { ChartOptions, ChartResult } from './types.ts';

interface Cell {
  r: number;
  c: number;
  count: number;
  share: number;
}

export function confusionMatrix(data: { levels: number[]; counts: number[][] }, opts: ChartOptions): ChartResult {
  const t = T[opts.lang];
  const theme = opts.theme ?? 'light';
  const k = data.levels.length;
  const size = Math.min(56, Math.floor((opts.width - 80) / Math.max(1, k)));
  const margin = { top: 36, left: 64 };
  const height = margin.top + k * size + 12;
  const svg = svgRoot(opts, height);
  const band = scaleBand<number>().domain(data.levels.map((_, i) => i)).range([0, k * size]).padding(0.04);
  const cells: Cell[] = [];
  data.counts.forEach((row, r) => {
    const sum = row.reduce((a, b) => a + b, 0);
    row.forEach((count, c) => cells.push({ r, c, count, share: sum > 0 ? count / sum : 0 }));
  });
  const g = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  svg.append('text').attr('x', margin.left).attr('y', 12).attr('fill', 'var(--fg-soft)').text(`${t.judge} →`);
  svg.append('text').attr('x', 4).attr('y', margin.top - 6).attr('fill', 'var(--fg-soft)').text(`${t.expert} ↓`);
  g.selectAll('text.col')
    .data(data.levels)
    .join('text')
    .attr('class', 'col')
    .attr('x', (_, i) => (band(i) ?? 0) + band.bandwidth() / 2)
    .attr('y', -6)
    .attr('text-anchor', 'middle')
    .attr('fill', 'var(--fg)')
    .text((v) => fmt(opts.lang, v));
  g.selectAll('text.row')
    .data(data.levels)
    .join('text')
    .attr('class', 'row')
    .attr('x', -8)
    .attr('y', (_, i) => (band(i) ?? 0) + band.bandwidth() / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('fill', 'var(--fg)')
    .text((v) => fmt(opts.lang, v));
  const rects = g
    .selectAll<SVGRectElement, Cell>('rect')
    .data(cells)
    .join('rect')
    .attr('x', (d) => band(d.c) ?? 0)
    .attr('y', (d) => band(d.r) ?? 0)
    .attr('width', band.bandwidth())
    .attr('height', band.bandwidth())
    .attr('fill', (d) => rampColour(d.share, theme))
    .attr('stroke', (d) => (d.r === d.c ? 'var(--fg)' : 'var(--border)'))
    .attr('stroke-width', (d) => (d.r === d.c ? 2 : 1));
  interactive(
    rects,
    (d) => `${t.expert} ${fmt(opts.lang, data.levels[d.r])}, ${t.judge} ${fmt(opts.lang, data.levels[d.c])}: ${d.count} (${fmt(opts.lang, 100 * d.share, 1)}%)`,
    null,
    opts,
  );
  g.selectAll('text.count')
    .data(cells)
    .join('text')
    .attr('class', 'count')
    .attr('pointer-events', 'none')
    .attr('x', (d) => (band(d.c) ?? 0) + band.bandwidth() / 2)
    .attr('y', (d) => (band(d.r) ?? 0) + band.bandwidth() / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .attr('fill', (d) => inkOn(rampColour(d.share, theme), theme))
    .text((d) => d.count);
  const table = textTable(
    opts.doc,
    opts.title,
    [`${t.expert} \\ ${t.judge}`, ...data.levels.map((v) => fmt(opts.lang, v))],
    data.counts.map((row, r) => [fmt(opts.lang, data.levels[r]), ...row]),
  );
  return { svg: svg.node() as SVGSVGElement, table };
}
