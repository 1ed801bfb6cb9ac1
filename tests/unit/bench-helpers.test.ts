import { describe, expect, it } from 'vitest';
import { formatMs, formatRatio } from '../../src/lib/bench/format';
import { median } from '../../src/lib/bench/median';
import { describeTarget, verdict } from '../../src/lib/bench/target';
import { displayWidth, formatTable } from '../../src/lib/bench/text-table';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('ignores an outlier that would move the mean, and does not modify its input', () => {
    const xs = [10, 11, 9, 500, 10];
    expect(median(xs)).toBe(10);
    expect(xs).toEqual([10, 11, 9, 500, 10]);
  });

  it('sorts numerically, not as strings', () => {
    expect(median([100, 9, 20])).toBe(20);
  });

  it('is NaN for no values', () => {
    expect(median([])).toBeNaN();
  });
});

describe('verdict', () => {
  it('checks at-most and at-least targets, the limit itself included', () => {
    expect(verdict(2, { kind: 'max', limit: 2 })).toBe('PASS');
    expect(verdict(2.01, { kind: 'max', limit: 2 })).toBe('MISS');
    expect(verdict(20, { kind: 'min', limit: 20 })).toBe('PASS');
    expect(verdict(19.9, { kind: 'min', limit: 20 })).toBe('MISS');
  });

  it('misses when the figure is not a number', () => {
    expect(verdict(Number.NaN, { kind: 'max', limit: 2 })).toBe('MISS');
    expect(verdict(Number.POSITIVE_INFINITY, { kind: 'min', limit: 1 })).toBe('MISS');
  });

  it('describes a target', () => {
    expect(describeTarget({ kind: 'max', limit: 2 }, ' ms')).toBe('≤ 2 ms');
    expect(describeTarget({ kind: 'min', limit: 20 }, '×')).toBe('≥ 20×');
  });
});

describe('formatMs and formatRatio', () => {
  it('keeps about three significant digits', () => {
    expect(formatMs(0.41234)).toBe('0.41');
    expect(formatMs(12.345)).toBe('12.3');
    expect(formatMs(1534.4)).toBe('1534');
    expect(formatMs(Number.NaN)).toBe('–');
    expect(formatRatio(23.44)).toBe('23.4×');
    expect(formatRatio(1.234)).toBe('1.23×');
    expect(formatRatio(412.3)).toBe('412×');
    expect(formatRatio(Number.NaN)).toBe('–');
  });
});

describe('formatTable', () => {
  it('pads columns to the widest cell and marks right-aligned columns in the rule', () => {
    const t = formatTable(['what', 'ms'], [['one pass', '12.3'], ['by token', '1534']], ['left', 'right']);
    expect(t.split('\n')).toEqual([
      '| what     |   ms |',
      '| -------- | ---: |',
      '| one pass | 12.3 |',
      '| by token | 1534 |',
    ]);
  });

  it('counts ×, ≤ and – as one column each, so rows stay aligned', () => {
    const t = formatTable(['a', 'b'], [['≤ 2×', 'x'], ['abcd', '–']]);
    const widths = t.split('\n').map((l) => displayWidth(l));
    expect(new Set(widths).size).toBe(1);
  });

  it('escapes pipes, fills missing cells and keeps at least three dashes', () => {
    const t = formatTable(['a', 'b'], [['x|y']]);
    expect(t.split('\n')).toEqual(['| a    | b   |', '| ---- | --- |', '| x\\|y |     |']);
  });
});
