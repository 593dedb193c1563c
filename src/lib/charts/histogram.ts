/** Score distribution: counts of normalised (non-binary) scores in equal-width bins over 0–1. */
import { axisBottom, axisLeft, max, scaleBand, scaleLinear } from 'd3';
import { T, fmt, interactive, svgRoot, textTable } from './common.ts';
import type { ChartOptions, ChartResult } from './types.ts';

interface Bin {
  i: number;
  lo: number;
  hi: number;
  count: number;
}

export function histogram(counts: readonly number[], opts: ChartOptions): ChartResult {
  const t = T[opts.lang];
  const k = counts.length;
  const bins: Bin[] = counts.map((count, i) => ({ i, lo: i / k, hi: (i + 1) / k, count }));
  const total = counts.reduce((a, b) => a + b, 0);
  const height = 220;
  const margin = { top: 10, right: 12, bottom: 28, left: 44 };
  const svg = svgRoot(opts, height);
  const x = scaleBand<number>()
    .domain(bins.map((b) => b.i))
    .range([margin.left, opts.width - margin.right])
    .padding(0.08);
  const y = scaleLinear()
    .domain([0, Math.max(1, max(counts) ?? 1)])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const label = (b: Bin) => `${fmt(opts.lang, b.lo, 1)}–${fmt(opts.lang, b.hi, 1)}`;
  svg
    .append('g')
    .attr('transform', `translate(0,${height - margin.bottom})`)
    // Each bar is a bin, so its tick names the bin's range (a lone lower bound read as a point).
    .call(axisBottom(x).tickFormat((i) => label(bins[i] ?? { i, lo: i / k, hi: (i + 1) / k, count: 0 })))
    .call((g) => g.selectAll('text').attr('font-size', 9));
  svg.append('g').attr('transform', `translate(${margin.left},0)`).call(axisLeft(y).ticks(5).tickFormat((v) => fmt(opts.lang, Number(v), 0)));
  const bars = svg
    .append('g')
    .attr('class', 'bars')
    .selectAll<SVGRectElement, Bin>('rect')
    .data(bins)
    .join('rect')
    .attr('x', (b) => x(b.i) ?? 0)
    .attr('y', (b) => y(b.count))
    .attr('width', x.bandwidth())
    .attr('height', (b) => y(0) - y(b.count))
    .attr('fill', 'var(--accent)');
  interactive(
    bars,
    (b) => `${label(b)}: ${b.count} (${total > 0 ? fmt(opts.lang, (100 * b.count) / total, 1) : 0}%)`,
    (b) => ({ kind: 'score', value: `${b.lo}-${b.hi}` }),
    opts,
  );
  const table = textTable(opts.doc, opts.title, [t.bin, t.count], bins.map((b) => [label(b), b.count]));
  return { svg: svg.node() as SVGSVGElement, table };
}
