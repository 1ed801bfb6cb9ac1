/**
 * Display helpers of the training widgets: numbers, and tokens with their spaces made visible.
 */
import { visibleToken } from '../model/format';
import type { TokenizerKind } from '../../lib/train/tokenizers';

/** A whole number with thousands separators: 12,345. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en');
}

/** A loss or surprise in bits with a sensible number of decimals (3 below 10, else 1). */
export function formatBits(bits: number): string {
  if (!Number.isFinite(bits)) return '∞';
  return bits < 10 ? bits.toFixed(3) : bits.toFixed(1);
}

/** A perplexity: 2 decimals below 10, 1 below 1000, none above. */
export function formatPerplexity(p: number): string {
  if (!Number.isFinite(p)) return '∞';
  if (p < 10) return p.toFixed(2);
  if (p < 1000) return p.toFixed(1);
  return formatCount(p);
}

/** A token as the widgets show it: character tokens with ␣ for a space, word tokens as they are. */
export function tokenLabel(token: string, tokenizer: TokenizerKind): string {
  return tokenizer === 'chars' ? visibleToken(token) : token;
}
