/**
 * Display helpers of the training widgets: numbers, and tokens with their spaces made visible.
 * Bits are written by `lib/format/numbers` at `TRAIN_BITS` precision.
 */
import { visibleToken } from '../model/format';
import type { TokenizerKind } from '../../lib/train/tokenizers';

/**
 * The training widgets' precision for bits, as `formatBits(x, ...TRAIN_BITS)`: 3 decimals below
 * 10 bits, 1 from 10 up (losses and totals run into the thousands).
 */
export const TRAIN_BITS = [3, 1] as const;

/** A whole number with thousands separators: 12,345. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en');
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
