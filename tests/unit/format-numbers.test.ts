/** The one formatter of bits and probabilities, against digits written out by hand. */
import { describe, expect, it } from 'vitest';
import { formatBits, formatP } from '../../src/lib/format/numbers';

describe('formatBits', () => {
  it('writes bits at the figure’s precision (3 by default)', () => {
    expect(formatBits(7.96578)).toBe('7.966');
    expect(formatBits(7.96578, 2)).toBe('7.97');
    expect(formatBits(12.04, 1)).toBe('12.0');
  });
  it('uses the large precision from 10 bits up (in size), the small one below', () => {
    expect(formatBits(9.99949, 3, 1)).toBe('9.999');
    expect(formatBits(10, 3, 1)).toBe('10.0');
    expect(formatBits(21.4123, 3, 1)).toBe('21.4');
    expect(formatBits(-21.4123, 3, 1)).toBe('-21.4');
    expect(formatBits(1234.56, 3, 0)).toBe('1235');
    expect(formatBits(21.4123, 3)).toBe('21.412'); // no large precision: the same everywhere
  });
  it('never writes a minus zero, and ∞ for an infinite or undefined number of bits', () => {
    expect(formatBits(-0)).toBe('0.000');
    expect(formatBits(-0.0001)).toBe('0.000');
    expect(formatBits(-0.004, 2)).toBe('0.00');
    expect(formatBits(-0.006, 2)).toBe('-0.01');
    expect(formatBits(Infinity)).toBe('∞');
    expect(formatBits(NaN, 2)).toBe('∞');
  });
});

describe('formatP', () => {
  it('writes a probability with 4 decimals by default, or the figure’s precision', () => {
    expect(formatP(0.31549)).toBe('0.3155');
    expect(formatP(0.31549, 3)).toBe('0.315');
    expect(formatP(1)).toBe('1.0000');
    expect(formatP(0)).toBe('0.0000');
  });
  it('a possible token never reads as impossible: below half the last digit it is "<0.0001"', () => {
    expect(formatP(0.00004)).toBe('<0.0001');
    expect(formatP(0.00005)).toBe('0.0001');
    expect(formatP(1e-12)).toBe('<0.0001');
    expect(formatP(0.0004, 3)).toBe('<0.001');
    expect(formatP(0.0005, 3)).toBe('0.001');
  });
});
