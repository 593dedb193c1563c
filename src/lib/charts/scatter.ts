/**
 * Judge-vs-expert scatter: one dot per distinct (expert score, judge score) pair, area ∝ number
 * of pairs (scores are coarse, so thousands of points overlap exactly), with the y = x line.
 */
import { axisBottom, axisLeft, max, scaleLinear, scaleSqrt } from 'd3';
import { T, fmt, interactive, svgRoot, textTable } from './common.ts';
import type { ChartOptions, ChartResult } from './types.ts';

export interface ScatterPoint {
  expert: number;
  judge: number;
  count: number;
}

export function judgeScatter(points: readonly ScatterPoint[], opts: ChartOptions): ChartResult {
  const t = T[opts.lang];
  const height = Math.min(360, opts.width);
  const margin = { top: 12, right: 16, bottom: 34, left: 44 };
  const svg = svgRoot(opts, height);
  const hi = Math.max(1, max(points, (p) => Math.max(p.expert, p.judge)) ?? 1);
  const x = scaleLinear().domain([0, hi]).nice().range([margin.left, opts.width - margin.right]);
  const y = scaleLinear().domain([0, hi]).nice().range([height - margin.bottom, margin.top]);
  const r = scaleSqrt()
    .domain([0, Math.max(1, max(points, (p) => p.count) ?? 1)])
    .range([0, 16]);
  svg.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(axisBottom(x).ticks(5).tickFormat((v) => fmt(opts.lang, Number(v), 1)));
  svg.append('g').attr('transform', `translate(${margin.left},0)`).call(axisLeft(y).ticks(5).tickFormat((v) => fmt(opts.lang, Number(v), 1)));
  svg
    .append('text')
    .attr('x', opts.width - margin.right)
    .attr('y', height - 4)
    .attr('text-anchor', 'end')
    .attr('fill', 'var(--fg-soft)')
    .text(t.expert);
  svg.append('text').attr('x', 4).attr('y', margin.top + 4).attr('fill', 'var(--fg-soft)').text(t.judge);
  const [d0, d1] = x.domain();
  svg
    .append('line')
    .attr('x1', x(d0))
    .attr('y1', y(d0))
    .attr('x2', x(d1))
    .attr('y2', y(d1))
    .attr('stroke', 'var(--border)')
    .attr('stroke-dasharray', '4 3');
  const dots = svg
    .append('g')
    .attr('class', 'dots')
    .selectAll<SVGCircleElement, ScatterPoint>('circle')
    .data(points)
    .join('circle')
    .attr('cx', (p) => x(p.expert))
    .attr('cy', (p) => y(p.judge))
    .attr('r', (p) => Math.max(2, r(p.count)))
    .attr('fill', 'var(--accent)')
    .attr('fill-opacity', 0.55)
    .attr('stroke', 'var(--accent)');
  interactive(dots, (p) => `${t.expert} ${fmt(opts.lang, p.expert)}, ${t.judge} ${fmt(opts.lang, p.judge)}: ${p.count}`, null, opts);
  const table = textTable(opts.doc, opts.title, [t.expert, t.judge, t.count], points.map((p) => [fmt(opts.lang, p.expert), fmt(opts.lang, p.judge), p.count]));
  return { svg: svg.node() as SVGSVGElement, table };
}
