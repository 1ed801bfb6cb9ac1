/**
 * Spotting the loops in a sample. A greedy bigram model sees only the last token, so as soon as
 * a token comes back, everything after it repeats: "the good , the good , the good , …".
 * `findLoop` finds such a cycle at the end of a token sequence.
 */

/** A cycle that repeats until the end of a sequence. */
export interface Loop {
  /** Position where the repeating part starts. */
  start: number;
  /** Length of one cycle, in tokens. */
  period: number;
  /** How many times the cycle repeats (can end with a partial cycle, counted as a fraction). */
  repeats: number;
}

/**
 * The repetition that covers the longest tail of `ids`: the smallest `start` such that
 * ids[i] = ids[i + period] for every i ≥ start, over all periods; ties go to the shortest period.
 * Only tails of at least two whole cycles and at least `minTokens` tokens count; null if none.
 */
export function findLoop(ids: ArrayLike<number>, minTokens = 6): Loop | null {
  const n = ids.length;
  let best: Loop | null = null;
  for (let period = 1; 2 * period <= n; period++) {
    let start = n - period;
    while (start > 0 && ids[start - 1] === ids[start - 1 + period]) start--;
    const covered = n - start;
    if (covered < 2 * period || covered < minTokens) continue;
    if (!best || start < best.start) best = { start, period, repeats: covered / period };
  }
  return best;
}
