/**
 * Small display and token helpers shared by the LM internals components. Numbers are written by
 * `lib/format/numbers` (p with 3 decimals, bits with 2), end tokens are told by
 * `lib/lm/end-tokens` and storage is reached through `lib/storage/safe-storage`.
 */

/** A token that looks like a special marker (`<|user|>`, `<eos>`): shown as it is. */
export const SPECIAL_LIKE = /^<[|]?[A-Za-z_][^<>\s]*[|]?>$/;

/** Most tokens "Generate response" writes. */
export const MAX_GENERATE = 100;

/** The tool definitions as the JSON the tools box shows ('' when there are none). */
export function toolsJson(tools: readonly unknown[]): string {
  return tools.length ? JSON.stringify(tools, null, 2) : '';
}
