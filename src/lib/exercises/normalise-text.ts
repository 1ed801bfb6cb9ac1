/**
 * Normalised comparison of short text answers and tokens: the same answer typed a little
 * differently ("  America.", "america", "␣America") counts as the same.
 */

/** Options for {@link normaliseText}. */
export interface NormaliseOptions {
  /** Keep upper and lower case apart (default false: "America" equals "america"). */
  caseSensitive?: boolean;
}

/**
 * The comparable form of a short answer: Unicode NFKC, the visible-whitespace symbols the
 * widgets show (␣ ⇥ ⏎) turned back into spaces, outer spaces, quotes and a final full stop
 * removed, inner runs of spaces collapsed, and lower case unless `caseSensitive`.
 */
export function normaliseText(s: string, opts: NormaliseOptions = {}): string {
  let t = s.normalize('NFKC').replace(/[␣⇥⏎\u00a0]/g, ' ');
  t = t.trim().replace(/^["'“”‘’«»`]+|["'“”‘’«»`]+$/g, '').trim();
  t = t.replace(/[.!?;:,]+$/, '').trim();
  t = t.replace(/\s+/g, ' ');
  return opts.caseSensitive ? t : t.toLowerCase();
}

/** Whether `given` matches any of the `accepted` answers after normalisation. */
export function textMatches(given: string, accepted: readonly string[], opts: NormaliseOptions = {}): boolean {
  const g = normaliseText(given, opts);
  if (g === '') return false;
  return accepted.some((a) => normaliseText(a, opts) === g);
}
