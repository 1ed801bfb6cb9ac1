/**
 * What to do with inputs longer than the model's context window (C tokens). ONNX Runtime must
 * never see more than C positions (a GPT-2 model has only C position embeddings: position C
 * reads out of bounds and the run fails), so every path cuts before the model runs:
 *
 * - Scoring keeps the LAST C tokens of [bos] + text. The first kept token is only context (it
 *   has nothing before it in the window), so the scored tokens are the last C − 1 of the text,
 *   and `droppedTokens` counts the text tokens that got no score.
 * - Next-token distributions keep the last C tokens of [bos] + text.
 * - Generation slides: when the sequence would outgrow the window, it restarts the cache on
 *   the last C − ⌊C/4⌋ tokens (one re-read every ⌊C/4⌋ new tokens rather than every token).
 *
 * Cutting at the start (not the end) keeps what matters for what comes next, and a window
 * that starts mid-text is what the model saw in training (it was trained on C-token chunks).
 */

/** The part of a token sequence that is fed to the model for scoring. */
export interface ScoringWindow {
  /** Ids fed to the model, at most C of them. */
  input: number[];
  /** Index (into the text's tokens) of the first token that gets a score. */
  firstScored: number;
  /** Text tokens that get no score: dropped, or used only as context (0 when nothing was cut). */
  droppedTokens: number;
}

/**
 * The window for scoring text tokens `ids`, with `bos` prepended when not null. Without
 * truncation and with a bos, every text token is scored; without a bos the first one cannot be
 * (nothing precedes it) and is not counted as dropped.
 */
export function scoringWindow(ids: readonly number[], bos: number | null, context: number): ScoringWindow {
  if (!(Number.isInteger(context) && context >= 2)) throw new RangeError(`context window must be ≥ 2 (got ${context})`);
  const seq = bos === null ? [...ids] : [bos, ...ids];
  const offset = bos === null ? 0 : 1; // position of ids[0] in seq
  if (seq.length <= context) {
    return { input: seq, firstScored: offset === 1 ? 0 : 1, droppedTokens: 0 };
  }
  const start = seq.length - context; // first kept position in seq
  const firstScored = start + 1 - offset; // token at start+1 is the first with a predecessor in the window
  return { input: seq.slice(start), firstScored, droppedTokens: firstScored };
}

/** The context fed to the model for a next-token distribution. */
export interface ContextWindow {
  /** Ids fed to the model, at most C of them. */
  input: number[];
  /** Text tokens cut from the start (0 when nothing was cut). */
  droppedTokens: number;
}

/** The last `context` tokens of [bos] + ids (bos only when not null). */
export function contextWindow(ids: readonly number[], bos: number | null, context: number): ContextWindow {
  if (!(Number.isInteger(context) && context >= 1)) throw new RangeError(`context window must be ≥ 1 (got ${context})`);
  const seq = bos === null ? [...ids] : [bos, ...ids];
  if (seq.length <= context) return { input: seq, droppedTokens: 0 };
  const cut = seq.length - context;
  return { input: seq.slice(cut), droppedTokens: cut - (bos === null ? 0 : 1) };
}

/** How many tokens a slide keeps: C − ⌊C/4⌋ (at least 1). */
export function slideKeep(context: number): number {
  return Math.max(1, context - Math.floor(context / 4));
}

/** The tokens kept after a slide: the last `slideKeep(C)` of the sequence. */
export function slideWindow(seq: readonly number[], context: number): number[] {
  const keep = slideKeep(context);
  return seq.slice(Math.max(0, seq.length - keep));
}
