/**
 * The colour ramp of the value-coloured cells (criterion × model heatmap, confusion matrix)
 * and the colour of the numbers printed on them, per theme, chosen by computed contrast.
 *
 * WCAG 2.1 AA asks 4.5:1 for small text. Against any one colour the better of a dark and a
 * light ink reaches at least ≈ 4.1:1 (theme inks) — not always 4.5 — so the ramp itself must
 * stay out of the middle luminance band: in the light theme it runs from a pale to a medium
 * blue (dark ink everywhere), in the dark theme from the page's near-black to a deep blue
 * (light ink everywhere). A higher score is a stronger colour in both. The ink is still computed
 * per cell, and test/unit/charts/ramp.test.ts checks ≥ 4.5:1 over the whole ramp in both themes.
 */
import { interpolateLab, rgb } from 'd3';

export type ChartTheme = 'light' | 'dark';

const RAMP: Record<ChartTheme, { from: string; to: string; inks: readonly string[] }> = {
  // Inks are the themes' text colours (app.css --fg) and their opposite.
  light: { from: '#eef2fb', to: '#7394dc', inks: ['#1b1e24', '#ffffff'] },
  dark: { from: '#1c2230', to: '#3d5fb8', inks: ['#e6e8ec', '#0d1020'] },
};

const interpolators = { light: interpolateLab(RAMP.light.from, RAMP.light.to), dark: interpolateLab(RAMP.dark.from, RAMP.dark.to) };

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of a CSS colour. */
export function luminance(colour: string): number {
  const { r, g, b } = rgb(colour);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio of two colours (1 … 21). */
export function contrast(a: string, b: string): number {
  const x = luminance(a);
  const y = luminance(b);
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** The cell colour of a value in [0, 1] (clamped), as #rrggbb. */
export function rampColour(value: number, theme: ChartTheme): string {
  return rgb(interpolators[theme](Math.max(0, Math.min(1, value)))).formatHex();
}

const inks = new Map<string, string>();

/** The theme's ink with the highest contrast on `background` (remembered: a heatmap asks for hundreds of cells). */
export function inkOn(background: string, theme: ChartTheme): string {
  const key = `${theme}${background}`;
  let best = inks.get(key);
  if (best === undefined) {
    best = RAMP[theme].inks[0];
    for (const ink of RAMP[theme].inks) if (contrast(ink, background) > contrast(best, background)) best = ink;
    inks.set(key, best);
  }
  return best;
}
