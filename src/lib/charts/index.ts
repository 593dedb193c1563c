/** d3 charts as pure functions (data + options → SVG element + text-alternative table). */
export type { ChartLang, ChartOptions, ChartResult, ChartSelection, Interval } from './types.ts';
export { barsWithCi, type BarDatum } from './bars-ci.ts';
export { heatmap, type HeatmapData } from './heatmap.ts';
export { difficultyProfile, DIFFICULTY_ORDER, seriesColour, type ProfileSeries } from './difficulty-profile.ts';
export { histogram } from './histogram.ts';
export { confusionMatrix } from './confusion.ts';
export { judgeScatter, type ScatterPoint } from './scatter.ts';
export { contrast, inkOn, luminance, rampColour, type ChartTheme } from './ramp.ts';
export { serializeSvg, resolveCssVars, normalizeSvgForSnapshot } from './serialize.ts';
