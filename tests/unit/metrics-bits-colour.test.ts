import { describe, expect, it } from 'vitest';
import { bitsColour, bitsPosition, bitsRgb, bitsTextColour, legendStops, luminance } from '../../src/lib/metrics/bits-colour';

function contrast(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

describe('bits colour scale', () => {
  it('clamps positions and treats infinite surprise as the top', () => {
    expect(bitsPosition(-1)).toBe(0);
    expect(bitsPosition(8, 16)).toBe(0.5);
    expect(bitsPosition(40, 16)).toBe(1);
    expect(bitsPosition(Infinity)).toBe(1);
  });

  it('gets darker as surprise grows (monotone lightness)', () => {
    let last = Infinity;
    for (let b = 0; b <= 16; b += 0.5) {
      const L = luminance(bitsRgb(b));
      expect(L).toBeLessThanOrEqual(last + 1e-12);
      last = L;
    }
    expect(bitsColour(0)).toBe('rgb(255 250 185)');
    expect(bitsColour(16)).toBe('rgb(0 34 78)');
  });

  it('picks a text colour with at least 4.5:1 contrast everywhere on the scale', () => {
    for (let b = 0; b <= 16; b += 0.25) {
      const bg = luminance(bitsRgb(b));
      const fg = bitsTextColour(b) === '#000' ? 0 : 1;
      expect(contrast(bg, fg)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('labels the legend evenly', () => {
    expect(legendStops(16, 5)).toEqual([0, 4, 8, 12, 16]);
  });
});
