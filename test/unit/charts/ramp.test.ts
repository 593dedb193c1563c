import { describe, expect, it } from 'vitest';
import { contrast, inkOn, luminance, rampColour } from '../../../src/lib/charts/index.ts';

describe('the value ramp and its inks', () => {
  it('computes WCAG luminance and contrast', () => {
    expect(luminance('#ffffff')).toBeCloseTo(1, 12);
    expect(luminance('#000000')).toBe(0);
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 12);
    // #767676 on white is the classic 4.54:1.
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`gives every value in [0, 1] an ink of at least 4.5:1 (${theme} theme)`, () => {
      let worst = Infinity;
      for (let i = 0; i <= 1000; i++) {
        const cell = rampColour(i / 1000, theme);
        worst = Math.min(worst, contrast(cell, inkOn(cell, theme)));
      }
      expect(worst).toBeGreaterThanOrEqual(4.5);
    });

    it(`runs from weak to strong colour as the value grows, clamped outside [0, 1] (${theme} theme)`, () => {
      const l = [0, 0.25, 0.5, 0.75, 1].map((v) => luminance(rampColour(v, theme)));
      const steps = l.slice(1).map((x, i) => x - l[i]);
      // Light theme: darker with the value; dark theme: brighter.
      expect(steps.every((d) => (theme === 'light' ? d < 0 : d > 0))).toBe(true);
      expect(rampColour(-1, theme)).toBe(rampColour(0, theme));
      expect(rampColour(7, theme)).toBe(rampColour(1, theme));
    });
  }
});
