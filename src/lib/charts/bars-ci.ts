/**
 * Horizontal bars with 95% CI whiskers: scores by task group (or category, domain…), one bar
 * per group, on the normalised 0–1 scale. Long Russian group names fit as row labels.
 */
import { axisBottom, scaleBand, scaleLinear } from 'd3';
import { T, clip, fmt, interactive, svgRoot, textTable } from './common.ts';
import type { ChartOptions, ChartResult, ChartSelection, Interval } from './types.ts';

export interface BarDatum {
  key: string;
  label?: string;
  mean: number;
  ci: Interval | null;
  n: number;
  instructions: number;
}

export function barsWithCi(data: readonly BarDatum[], opts: ChartOptions & { kind?: ChartSelection['kind'] }): ChartResult {
  const t = T[opts.lang];
  const labelW = Math.min(260, Math.round(opts.width * 0.4));
  const row = 22;
  const margin = { top: 8, right: 16, bottom: 28, left: labelW };
  const height = margin.top + margin.bottom + Math.max(1, data.length) * row;
  const svg = svgRoot(opts, height);
  const x = scaleLinear().domain([0, 1]).range([margin.left, opts.width - margin.right]);
  const y = scaleBand<string>()
    .domain(data.map((d) => d.key))
    .range([margin.top, height - margin.bottom])
    .padding(0.25);
  const label = (d: BarDatum) => d.label ?? (d.key || t.none);
  const kind = opts.kind ?? 'group';
  const tip = (d: BarDatum) =>
    `${label(d)}: ${t.mean} ${fmt(opts.lang, d.mean)}` +
    (d.ci ? `, ${t.ci} [${fmt(opts.lang, d.ci.lo)}; ${fmt(opts.lang, d.ci.hi)}]` : '') +
    `, ${t.n} ${d.n}, ${t.instr} ${d.instructions}`;

  svg
    .append('g')
    .attr('transform', `translate(0,${height - margin.bottom})`)
    .call(axisBottom(x).ticks(5).tickFormat((v) => fmt(opts.lang, Number(v), 1)))
    .call((g) => g.selectAll('text').attr('fill', 'var(--fg-soft)'));
  svg
    .append('g')
    .attr('class', 'labels')
    .selectAll('text')
    .data(data)
    .join('text')
    .attr('x', margin.left - 6)
    .attr('y', (d) => (y(d.key) ?? 0) + y.bandwidth() / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('fill', 'var(--fg)')
    .text((d) => clip(label(d), 38));
  const bars = svg
    .append('g')
    .attr('class', 'bars')
    .selectAll<SVGRectElement, BarDatum>('rect')
    .data(data)
    .join('rect')
    .attr('x', x(0))
    .attr('y', (d) => y(d.key) ?? 0)
    .attr('width', (d) => Math.max(0, x(Math.min(1, d.mean)) - x(0)))
    .attr('height', y.bandwidth())
    .attr('fill', 'var(--accent)')
    .attr('fill-opacity', 0.8);
  interactive(bars, tip, (d) => ({ kind, value: d.key }), opts);
  const whiskers = svg
    .append('g')
    .attr('class', 'ci')
    .attr('stroke', 'var(--fg)')
    .selectAll('g')
    .data(data.filter((d) => d.ci !== null))
    .join('g');
  const mid = (d: BarDatum) => (y(d.key) ?? 0) + y.bandwidth() / 2;
  whiskers
    .append('line')
    .attr('x1', (d) => x(d.ci?.lo ?? d.mean))
    .attr('x2', (d) => x(Math.min(1, d.ci?.hi ?? d.mean)))
    .attr('y1', mid)
    .attr('y2', mid);
  for (const end of ['lo', 'hi'] as const) {
    whiskers
      .append('line')
      .attr('x1', (d) => x(Math.min(1, d.ci?.[end] ?? d.mean)))
      .attr('x2', (d) => x(Math.min(1, d.ci?.[end] ?? d.mean)))
      .attr('y1', (d) => mid(d) - 4)
      .attr('y2', (d) => mid(d) + 4);
  }
  const table = textTable(
    opts.doc,
    opts.title,
    ['', t.mean, t.ci, t.n, t.instr],
    data.map((d) => [label(d), fmt(opts.lang, d.mean), d.ci ? `${fmt(opts.lang, d.ci.lo)} – ${fmt(opts.lang, d.ci.hi)}` : t.none, d.n, d.instructions]),
    { opts, row: (i) => ({ kind, value: data[i].key }) },
  );
  return { svg: svg.node() as SVGSVGElement, table };
}
