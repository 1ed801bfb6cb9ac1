/**
 * How a token is written inside the surprisal strip: its own text with spaces kept (so the strip
 * reads like the sentence), newlines and tabs made visible, and ∅ for a token that holds only
 * the tail bytes of a character split across tokens.
 */
import type { TokenView } from '../../../lib/surprisal/scored-text';
import { visibleToken } from '../../model/format';

/** Text shown in the strip for a token. */
export function stripText(t: Pick<TokenView, 'text' | 'special'>): string {
  if (t.text === '') return '∅';
  return t.text.replaceAll('\t', '⇥').replaceAll('\n', '⏎');
}

/** Text used in sentences and tables ("␣upon"): whitespace visible. */
export function quotedToken(text: string): string {
  return `“${visibleToken(text)}”`;
}
