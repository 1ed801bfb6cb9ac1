/**
 * Small display and token helpers shared by the LM internals components.
 */

/** Token strings that end a turn or a document in the chat templates the site knows. */
export const END_STRINGS = ['<|endoftext|>', '<|end|>', '<|im_end|>', '<end_of_turn>', '<eos>', '</s>'];

/** A token that looks like a special marker (`<|user|>`, `<eos>`): shown as it is. */
export const SPECIAL_LIKE = /^<[|]?[A-Za-z_][^<>\s]*[|]?>$/;

/** Most tokens "Generate response" writes. */
export const MAX_GENERATE = 100;

/** A probability: 3 decimals, or 1 significant digit in exponent form below 0.001. */
export function fmtP(p: number): string {
  return p >= 0.001 ? p.toFixed(3) : p.toExponential(1);
}

/** Bits with 2 decimals (∞ for an impossible token). */
export function fmtBits(b: number): string {
  return Number.isFinite(b) ? b.toFixed(2) : '∞';
}

/** Whether a distribution row is an end token (by its text, or by the model's end-of-sequence ids). */
export function isEndToken(row: { id: number | null; token: string }, eosIds: readonly number[]): boolean {
  return row.id !== null && (END_STRINGS.includes(row.token) || eosIds.includes(row.id));
}

/** The browser's localStorage, or null when there is none or it is blocked. */
export function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The tool definitions as the JSON the tools box shows ('' when there are none). */
export function toolsJson(tools: readonly unknown[]): string {
  return tools.length ? JSON.stringify(tools, null, 2) : '';
}
