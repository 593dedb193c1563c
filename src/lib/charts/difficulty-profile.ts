/**
 * Difficulty profile: mean score per difficulty level (Easy → University) for each system, as
 * dots joined by lines with CI whiskers — a model that holds up on Hard prompts shows a flat
 * line. Levels missing for a system break its line rather than being drawn as 0.
 */
import { axisBottom, axisLeft, line, scalePoint, scaleLinear } from 'd3';
import { T, fmt, interactive, svgRoot, textTable } from './common.ts';
import type { ChartOptions, ChartResult, Interval } from './types.ts';

export const DIFFICULTY_ORDER = ['Easy', 'Medium', 'Hard', 'High School', 'University'];

export interface ProfileSeries {
  id: string;
  label: string;
  points: { level: string; mean: number; ci: Interval | null; n: number }[];
}

interface Pt {
  s: number;
  level: string;
  mean: number;
  ci: Interval | null;
  n: number;
}

/** Series colours: the run in the accent colour, reference models in muted greys. */
export const seriesColour = (i: number): string => (i === 0 ? 'var(--accent)' : `color-mix(in srgb, var(--fg-soft) ${90 - ((i * 11) % 50)}%, var(--bg))`);

export function difficultyProfile(series: readonly ProfileSeries[], opts: ChartOptions): ChartResult {
  const t = T[opts.lang];
  const present = new Set(series.flatMap((s) => s.points.map((p) => p.level)));
  const levels = [...DIFFICULTY_ORDER.filter((l) => present.has(l)), ...[...present].filter((l) => !DIFFICULTY_ORDER.includes(l)).sort()];
  const legendH = 16 * series.length;
  const margin = { top: 10 + legendH, right: 16, bottom: 28, left: 40 };
  const height = 240 + legendH;
  const svg = svgRoot(opts, height);
  const x = scalePoint<string>().domain(levels).range([margin.left, opts.width - margin.right]).padding(0.5);
  const y = scaleLinear().domain([0, 1]).range([height - margin.bottom, margin.top]);
  svg.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(axisBottom(x));
  svg.append('g').attr('transform', `translate(${margin.left},0)`).call(axisLeft(y).ticks(5).tickFormat((v) => fmt(opts.lang, Number(v), 1)));
  series.forEach((s, i) => {
    const colour = seriesColour(i);
    const pts: Pt[] = levels.map((level) => {
      const p = s.points.find((q) => q.level === level);
      return p ? { s: i, level, mean: p.mean, ci: p.ci, n: p.n } : { s: i, level, mean: NaN, ci: null, n: 0 };
    });
    const g = svg.append('g').attr('class', 'series').attr('data-series', s.id);
    g.append('path')
      .attr('fill', 'none')
      .attr('stroke', colour)
      .attr('stroke-width', i === 0 ? 2.5 : 1.5)
      .attr(
        'd',
        line<Pt>()
          .defined((p) => Number.isFinite(p.mean))
          .x((p) => x(p.level) ?? 0)
          .y((p) => y(p.mean))(pts),
      );
    const real = pts.filter((p) => Number.isFinite(p.mean));
    g.selectAll('line')
      .data(real.filter((p) => p.ci !== null))
      .join('line')
      .attr('stroke', colour)
      .attr('x1', (p) => x(p.level) ?? 0)
      .attr('x2', (p) => x(p.level) ?? 0)
      .attr('y1', (p) => y(p.ci?.lo ?? p.mean))
      .attr('y2', (p) => y(Math.min(1, p.ci?.hi ?? p.mean)));
    const dots = g
      .selectAll<SVGCircleElement, Pt>('circle')
      .data(real)
      .join('circle')
      .attr('cx', (p) => x(p.level) ?? 0)
      .attr('cy', (p) => y(p.mean))
      .attr('r', 4)
      .attr('fill', colour);
    interactive(
      dots,
      (p) => `${s.label} · ${p.level}: ${fmt(opts.lang, p.mean)}${p.ci ? ` [${fmt(opts.lang, p.ci.lo)}; ${fmt(opts.lang, p.ci.hi)}]` : ''}, ${t.n} ${p.n}`,
      (p) => ({ kind: 'difficulty', value: p.level }),
      opts,
    );
    const legend = svg.append('g').attr('transform', `translate(${margin.left},${6 + i * 16})`);
    legend.append('rect').attr('width', 10).attr('height', 10).attr('fill', colour);
    legend.append('text').attr('x', 14).attr('y', 9).attr('fill', 'var(--fg)').text(s.label);
  });
  const table = textTable(
    opts.doc,
    opts.title,
    ['', ...levels],
    series.map((s) => [
      s.label,
      ...levels.map((l) => {
        const p = s.points.find((q) => q.level === l);
        return p ? fmt(opts.lang, p.mean) : t.none;
      }),
    ]),
    { opts, col: (j) => ({ kind: 'difficulty', value: levels[j] }) },
  );
  return { svg: svg.node() as SVGSVGElement, table };
}
