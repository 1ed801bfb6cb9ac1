import { describe, expect, it } from 'vitest';
import { contrast, luminance, pageLook, parsePnm, wordContrast } from '../../scripts/lib/pdf-look.mjs';

/** A binary PPM of `w`×`h` filled by `px(x, y)` → [r, g, b]. */
function ppm(w: number, h: number, px: (x: number, y: number) => [number, number, number]): Buffer {
  const head = Buffer.from(`P6\n# made by the test\n${w} ${h}\n255\n`, 'latin1');
  const data = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set(px(x, y), 3 * (y * w + x));
  return Buffer.concat([head, data]);
}

describe('parsePnm', () => {
  it('reads a binary PPM with a comment, and a PGM', () => {
    const img = parsePnm(ppm(3, 2, (x, y) => [x * 100, y * 200, 7]));
    expect([img.width, img.height, img.channels]).toEqual([3, 2, 3]);
    expect([...img.data.subarray(3 * 5, 3 * 6)]).toEqual([200, 200, 7]);
    const pgm = parsePnm(Buffer.concat([Buffer.from('P5 2 1 255\n'), Buffer.from([0, 255])]));
    expect([pgm.channels, ...pgm.data]).toEqual([1, 0, 255]);
  });
  it('refuses other formats and truncated data', () => {
    expect(() => parsePnm(Buffer.from('P3\n1 1\n255\n0 0 0'))).toThrow(/binary PPM/);
    expect(() => parsePnm(Buffer.from('P6\n2 2\n255\n\x00\x00'))).toThrow(/truncated/);
  });
});

describe('luminance and contrast', () => {
  it('match WCAG: black on white is 21:1, #777 on white about 4.48:1', () => {
    const lum = luminance(parsePnm(ppm(3, 1, (x) => (x === 0 ? [0, 0, 0] : x === 1 ? [255, 255, 255] : [0x77, 0x77, 0x77]))));
    expect(contrast(lum[0], lum[1])).toBeCloseTo(21, 5);
    expect(contrast(lum[2], lum[1])).toBeCloseTo(4.48, 2);
  });
});

describe('pageLook', () => {
  const W = 120;
  const H = 160;
  it('a white page with black text lines: white frame, no dark area, no blank bottom', () => {
    const text = (x: number, y: number) => y >= 10 && y < 150 && y % 8 < 2 && x > 10 && x < 110 && x % 3 === 0;
    const look = pageLook(parsePnm(ppm(W, H, (x, y) => (text(x, y) ? [0, 0, 0] : [255, 255, 255]))), { tile: 12, margin: 6, contentTop: 8, contentBottom: 8 });
    expect(look.marginWhiteShare).toBe(1);
    expect(look.darkTiles).toBe(0);
    expect(look.blankBottomShare).toBeLessThan(0.05);
  });
  it('a dark frame and a dark box are found', () => {
    const box = (x: number, y: number) => x >= 20 && x < 80 && y >= 20 && y < 60;
    const look = pageLook(parsePnm(ppm(W, H, (x, y) => (x < 6 || y < 6 || x >= W - 6 || y >= H - 6 || box(x, y) ? [18, 18, 30] : [255, 255, 255]))), {
      tile: 10,
      margin: 6,
      contentTop: 8,
      contentBottom: 8,
    });
    expect(look.marginWhiteShare).toBe(0);
    expect(look.largestDarkArea).toBeGreaterThanOrEqual(6 * 4);
    expect(look.largestDarkShare).toBeGreaterThan(0.1);
  });
  it('measures the blank left below the last mark inside the margins', () => {
    const box = (x: number, y: number) => x >= 20 && x < 80 && y >= 20 && y < 60;
    // The footer line in the bottom margin does not count.
    const look = pageLook(parsePnm(ppm(W, H, (x, y) => (box(x, y) || y === H - 3 ? [60, 60, 60] : [255, 255, 255]))), {
      tile: 10,
      margin: 6,
      contentTop: 8,
      contentBottom: 8,
    });
    // The box ends at row 59 of the content area rows 8…151: rows 60…151, 92 of 144, are blank.
    expect(look.blankBottomShare).toBeCloseTo(92 / 144, 6);
  });
});

describe('wordContrast', () => {
  const word = (ink: [number, number, number], bg: [number, number, number]) => {
    const img = parsePnm(ppm(20, 10, (x, y) => ((x + y) % 4 === 0 ? ink : bg)));
    return wordContrast(img, luminance(img), { xMin: 0, yMin: 0, xMax: 20, yMax: 10 });
  };
  it('black on white is legible, dark text on dark navy and pale on pale are not', () => {
    expect(word([0, 0, 0], [255, 255, 255])!.ratio).toBeGreaterThan(20);
    expect(word([0, 0, 0], [30, 30, 60])!.ratio).toBeLessThan(1.6);
    expect(word([210, 215, 225], [240, 242, 246])!.ratio).toBeLessThan(1.3);
  });
});
