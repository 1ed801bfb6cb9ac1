/**
 * Answers that depend on the embedded model ("how many tokens…", "the most likely next
 * token after…"), computed from the model itself at BUILD time so the notes never quote a
 * number the model does not produce. An exercise names a {@link ModelQuestion}; the `.astro`
 * wrapper calls {@link answerFromModel} with the build-time engine.
 */
import type { NextResult, ScoreResult, TextOrIds, TokenizeResult } from '../lm/protocol';
import { bitsFromLogProb, perplexityFromBitsPerToken } from '../metrics/surprise';

/** A question about the model whose answer is computed from it. */
export type ModelQuestion =
  /** Number of tokens the model's tokenizer turns `text` into. */
  | { ask: 'token-count'; text: string }
  /** The most likely next token after `prompt` (its text, leading space included). */
  | { ask: 'top-next'; prompt: string }
  /** Probability the model gives to `token` (a token's text, e.g. " America") right after `prompt`. */
  | { ask: 'next-prob'; prompt: string; token: string }
  /** Surprise in bits of `token` right after `prompt`. */
  | { ask: 'next-bits'; prompt: string; token: string }
  /** The most surprising token of `text` (highest bits; its text, leading space included). */
  | { ask: 'most-surprising'; text: string }
  /** Total bits of the tokens of `text` (all of them, from the start of a document). */
  | { ask: 'text-bits'; text: string }
  /** Bits per token of `text`. */
  | { ask: 'bits-per-token'; text: string }
  /** Perplexity of the model on `text`: 2^(bits per token). */
  | { ask: 'perplexity'; text: string };

/** The part of the model engine these answers need (LmEngine and ModelClient both fit). */
export interface ModelAnswerEngine {
  /** Splits text into tokens. */
  tokenize(text: string): TokenizeResult | Promise<TokenizeResult>;
  /** The k most likely next tokens. */
  next(input: TextOrIds, k?: number): Promise<NextResult>;
  /** Log-probability of every token of a text. */
  score(input: TextOrIds, topK?: number): Promise<ScoreResult>;
}

/** A computed answer and a sentence explaining where it came from. */
export interface ModelAnswer {
  /** The answer: a number, or a token's text. */
  value: number | string;
  /** One sentence with the model's figures, shown with the solution. */
  note: string;
}

/** How many next-token candidates to search for a named token. */
const SEARCH_K = 200;

/** A token's text with its spaces made visible (␣). */
function shown(text: string): string {
  return `“${text.replaceAll(' ', '␣').replaceAll('\n', '⏎')}”`;
}

/** Finds `token` among the likely next tokens after `prompt`; throws when it is not among them. */
async function nextProb(engine: ModelAnswerEngine, prompt: string, token: string): Promise<number> {
  const res = await engine.next({ text: prompt }, SEARCH_K);
  const hit = res.top.find((c) => c.text === token);
  if (!hit) throw new Error(`model answer: ${shown(token)} is not among the ${SEARCH_K} most likely tokens after “${prompt}”`);
  return hit.p;
}

/** Sum of the natural log-probabilities of all tokens of `text`, and how many there are. */
async function textLogProb(engine: ModelAnswerEngine, text: string): Promise<{ logp: number; n: number }> {
  const s = await engine.score({ text }, 0);
  if (s.truncated) throw new Error('model answer: the text is longer than the context window');
  return { logp: s.totalLogprob, n: s.tokens.length };
}

/** Computes the answer to a model question with the given engine. */
export async function answerFromModel(q: ModelQuestion, engine: ModelAnswerEngine): Promise<ModelAnswer> {
  switch (q.ask) {
    case 'token-count': {
      const t = await engine.tokenize(q.text);
      const pieces = t.tokens.map((p) => shown(p.text)).join(' ');
      return { value: t.ids.length, note: `The embedded model splits “${q.text}” into ${t.ids.length} tokens: ${pieces}.` };
    }
    case 'top-next': {
      const res = await engine.next({ text: q.prompt }, 1);
      const best = res.top[0];
      if (!best) throw new Error('model answer: the model returned no next token');
      return {
        value: best.text,
        note: `After “${q.prompt}” the embedded model's most likely next token is ${shown(best.text)}, with probability ${best.p.toFixed(3)}.`,
      };
    }
    case 'next-prob': {
      const p = await nextProb(engine, q.prompt, q.token);
      return { value: p, note: `The embedded model gives ${shown(q.token)} probability ${p.toFixed(4)} after “${q.prompt}”.` };
    }
    case 'next-bits': {
      const p = await nextProb(engine, q.prompt, q.token);
      const bits = -Math.log2(p);
      return {
        value: bits,
        note: `The embedded model gives ${shown(q.token)} probability ${p.toFixed(4)} after “${q.prompt}”, so −log₂ ${p.toFixed(4)} ≈ ${bits.toFixed(3)} bits.`,
      };
    }
    case 'most-surprising': {
      const s = await engine.score({ text: q.text }, 0);
      if (s.tokens.length === 0) throw new Error('model answer: the text has no scored tokens');
      let worst = s.tokens[0]!;
      for (const t of s.tokens) if (t.logprob < worst.logprob) worst = t;
      return {
        value: worst.text,
        note: `In “${q.text}” the embedded model is most surprised by ${shown(worst.text)}: ${bitsFromLogProb(worst.logprob).toFixed(2)} bits.`,
      };
    }
    case 'text-bits':
    case 'bits-per-token':
    case 'perplexity': {
      const { logp, n } = await textLogProb(engine, q.text);
      const bits = bitsFromLogProb(logp);
      const bpt = bits / n;
      const ppl = perplexityFromBitsPerToken(bpt);
      const note = `The embedded model gives “${q.text}” ${bits.toFixed(3)} bits over ${n} tokens: ${bpt.toFixed(3)} bits per token, perplexity ${ppl.toFixed(2)}.`;
      const value = q.ask === 'text-bits' ? bits : q.ask === 'bits-per-token' ? bpt : ppl;
      return { value, note };
    }
  }
}
