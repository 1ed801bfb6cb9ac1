/**
 * How every figure writes bits and probabilities, so the static page, the live figure and the
 * tests agree digit for digit. Each figure states its precision at the call site (the notes
 * print probabilities with 3 or 4 decimals, bits with 2 or 3); the rules around the digits are
 * the same everywhere: "∞" for an infinite or undefined number of bits, never "−0.000", and a
 * probability too small to show at the precision written as "<0.0001" rather than "0.0000".
 */

/**
 * Bits with `decimals` decimals ("7.966"); "∞" when not finite (p = 0 costs infinitely many
 * bits). From 10 bits up (in size) `largeDecimals` are used instead, for figures whose totals
 * run into the tens and thousands (a loss of "21.4" bits, not "21.412").
 */
export function formatBits(bits: number, decimals = 3, largeDecimals = decimals): string {
  if (!Number.isFinite(bits)) return '∞';
  const s = bits.toFixed(Math.abs(bits) < 10 ? decimals : largeDecimals);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s; // −0.0001 rounds to "0.000", not "-0.000"
}

/**
 * A probability with `decimals` decimals ("0.3155"); a positive probability that would round to
 * zero is written "<0.0001" (at 4 decimals), so a possible token never reads as impossible.
 */
export function formatP(p: number, decimals = 4): string {
  const smallest = 10 ** -decimals;
  if (p > 0 && p < smallest / 2) return `<${smallest.toFixed(decimals)}`;
  return p.toFixed(decimals);
}
