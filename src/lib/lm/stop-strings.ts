/**
 * Watching generated text for stop strings ("\n\n", "User:", …). A stop string may be split
 * over several tokens, so the whole text so far is searched, starting a little before the
 * newest piece.
 */

/** Where a stop string was found. */
export interface StopHit {
  /** The stop string that matched. */
  stop: string;
  /** Index in the text where it starts (the output is cut here). */
  index: number;
}

/**
 * Finds the earliest stop string in `text` that ends after `fromIndex` (the length of the text
 * before the newest piece was appended), or null. Empty stop strings are ignored.
 */
export function findStop(text: string, stops: readonly string[], fromIndex = 0): StopHit | null {
  let best: StopHit | null = null;
  for (const stop of stops) {
    if (!stop) continue;
    const i = text.indexOf(stop, Math.max(0, fromIndex - stop.length + 1));
    if (i >= 0 && (best === null || i < best.index)) best = { stop, index: i };
  }
  return best;
}
