/**
 * Growing a prompt one token at a time, the way a model generates: append the chosen token's
 * text, keep the earlier prompts so the reader can undo, and pick a token either greedily (the
 * most likely) or by a seeded random draw.
 */
import { drawIndex } from '../sampling/draw';
import { createRng } from '../sampling/prng';

/** Whether a prompt has nothing to continue from (empty or only whitespace). */
export function isBlankPrompt(prompt: string): boolean {
  return prompt.trim() === '';
}

/** The prompt with a token's text appended (token texts carry their own leading space). */
export function appendToken(prompt: string, tokenText: string): string {
  return prompt + tokenText;
}

/** The history after appending: earlier prompts, most recent last, at most `limit` kept. */
export function pushHistory(history: readonly string[], prompt: string, limit = 100): string[] {
  const next = [...history, prompt];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/** Undo: the previous prompt and the shorter history, or null when there is nothing to undo. */
export function popHistory(history: readonly string[]): { prompt: string; history: string[] } | null {
  if (history.length === 0) return null;
  return { prompt: history[history.length - 1] as string, history: history.slice(0, -1) };
}

/**
 * Index of the token drawn from `probs` (the model's plain distribution, T = 1) with the first
 * number of a generator seeded with `seed`: the same seed and distribution always give the same
 * token.
 */
export function sampleWithSeed(probs: ArrayLike<number>, seed: number): number {
  return drawIndex(probs, createRng(seed)());
}

/** The detail of the `lm-notes:pick` event a widget dispatches when the reader picks a token. */
export interface PickDetail {
  /** The widget's id. */
  widget: string;
  /** What was picked; always `token` here. */
  kind: 'token';
  /** The token's text. */
  text: string;
  /** The token's probability in the distribution it was picked from. */
  p: number;
  /** The prompt the token was picked after (an exercise counts a pick only for its own prompt). */
  context?: string;
}

/** Builds the `lm-notes:pick` event detail (with the prompt the token followed, when given). */
export function pickDetail(widget: string, text: string, p: number, context?: string): PickDetail {
  return context === undefined ? { widget, kind: 'token', text, p } : { widget, kind: 'token', text, p, context };
}
