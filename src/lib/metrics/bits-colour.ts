/**
 * A colour scale for surprise in bits, safe for colour-blind readers: the "cividis" sequence
 * (dark blue → grey → yellow), which varies in lightness monotonically and reads the same under
 * the common forms of colour blindness. Low surprise is light (yellow), high surprise is dark
 * (blue), so "the model stumbled here" stands out on a light page and in print.
 *
 * The scale is clamped at `maxBits` (default 16 bits, p ≈ 1/65,000).
 */

/** cividis, 9 stops from 0 (dark) to 1 (light), as [r, g, b]. */
const CIVIDIS: readonly (readonly [number, number, number])[] = [
  [0, 34, 78],
  [35, 62, 108],
  [87, 92, 109],
  [124, 123, 120],
  [156, 154, 118],
  [188, 186, 107],
  [222, 220, 86],
  [247, 238, 110],
  [255, 250, 185],
];

/** The default top of the scale, in bits. */
export const DEFAULT_MAX_BITS = 16;

/** Position on the scale in [0, 1]: 0 = unsurprising, 1 = `maxBits` or more. */
export function bitsPosition(bits: number, maxBits = DEFAULT_MAX_BITS): number {
  if (!Number.isFinite(bits)) return 1;
  return Math.min(1, Math.max(0, bits / maxBits));
}

/** Background colour for `bits` as `rgb(r g b)`. */
export function bitsColour(bits: number, maxBits = DEFAULT_MAX_BITS): string {
  const [r, g, b] = bitsRgb(bits, maxBits);
  return `rgb(${r} ${g} ${b})`;
}

/** Background colour for `bits` as [r, g, b] (0–255 integers). */
export function bitsRgb(bits: number, maxBits = DEFAULT_MAX_BITS): [number, number, number] {
  // 0 bits → the light end of cividis, maxBits → the dark end.
  const x = (1 - bitsPosition(bits, maxBits)) * (CIVIDIS.length - 1);
  const i = Math.min(CIVIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = CIVIDIS[i]!;
  const c = CIVIDIS[i + 1]!;
  return [0, 1, 2].map((j) => Math.round(a[j]! + (c[j]! - a[j]!) * f)) as [number, number, number];
}

/** Relative luminance (WCAG 2) of an sRGB colour. */
export function luminance([r, g, b]: readonly [number, number, number]): number {
  const lin = (v: number): number => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Black or white text, whichever contrasts more with the background for `bits`. */
export function bitsTextColour(bits: number, maxBits = DEFAULT_MAX_BITS): '#000' | '#fff' {
  const L = luminance(bitsRgb(bits, maxBits));
  // Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05).
  return (L + 0.05) / 0.05 >= 1.05 / (L + 0.05) ? '#000' : '#fff';
}

/** Legend stops: the bit values to label (0, a quarter, …, maxBits). */
export function legendStops(maxBits = DEFAULT_MAX_BITS, count = 5): number[] {
  return Array.from({ length: count }, (_, i) => (maxBits * i) / (count - 1));
}
