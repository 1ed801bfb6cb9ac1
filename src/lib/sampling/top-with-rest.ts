/**
 * A next-token distribution cut down for display: the k most likely tokens plus one bucket
 * "every other token" holding the remaining probability, so the shown probabilities still add
 * up to 1 and a draw can land in the rest.
 */

/** One entry of the cut-down distribution. */
export interface ShownToken {
  /** The token's text (as the model writes it, leading space included). */
  label: string;
  /** Its probability. */
  p: number;
  /** Whether this is the "every other token" bucket. */
  rest: boolean;
}

/** The given top tokens followed by the rest bucket (omitted when its mass is ≤ 0). */
export function withRest(top: readonly { label: string; p: number }[], restLabel = 'every other token'): ShownToken[] {
  const shown: ShownToken[] = top.map((t) => ({ label: t.label, p: t.p, rest: false }));
  const mass = 1 - top.reduce((s, t) => s + t.p, 0);
  if (mass > 0) shown.push({ label: restLabel, p: mass, rest: true });
  return shown;
}
