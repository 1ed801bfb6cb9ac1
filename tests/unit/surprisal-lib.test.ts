/**
 * The pure logic behind the surprisal and chain-rule figures: span selection by mouse and
 * keyboard, span statistics against the formulas, the pick event, the chain-rule table and the
 * number formats.
 */
import { describe, expect, it } from 'vitest';
import type { ScoreResult } from '../../src/lib/lm/protocol';
import { chainRuleTable, MAX_TABLE_TOKENS } from '../../src/lib/surprisal/chain-rule-table';
import { formatBits, formatPerplexity, formatProbability, superscript } from '../../src/lib/surprisal/number-format';
import { logProbsOf, scoredTextFromResult, spanText } from '../../src/lib/surprisal/scored-text';
import type { ScoredText } from '../../src/lib/surprisal/scored-text';
import {
  clampSelection,
  dragSelection,
  formatSpanParam,
  moveForKey,
  moveSelection,
  parseSpanParam,
  selectAll,
  selectionRange,
} from '../../src/lib/selection/token-selection';
import { PICK_EVENT, spanPickDetail, summarizeSpan } from '../../src/lib/surprisal/span-summary';

/** A fake score of "ab cd" with chosen probabilities. */
function fakeScore(probs: number[], texts: string[]): ScoreResult {
  let at = 0;
  return {
    tokens: probs.map((p, i) => {
      const text = texts[i]!;
      const t = {
        id: i,
        token: text,
        text,
        bytes: [],
        start: at,
        end: at + text.length,
        special: false,
        logprob: Math.log(p),
        top: [{ id: 99, token: 'x', text: 'x', logp: Math.log(0.5) }],
      };
      at += text.length;
      return t;
    }),
    totalLogprob: probs.reduce((s, p) => s + Math.log(p), 0),
    truncated: null,
    bosPrepended: true,
  };
}

const PROBS = [1 / 8, 1 / 2, 1 / 4, 1 / 1024];
const TEXTS = ['Once', ' upon', ' a', ' time'];
const scored: ScoredText = scoredTextFromResult('Once upon a time', fakeScore(PROBS, TEXTS));

describe('scored text', () => {
  it('keeps each token with p, bits = −log₂ p and its alternatives', () => {
    expect(scored.tokens.map((t) => t.text)).toEqual(TEXTS);
    scored.tokens.forEach((t, i) => {
      expect(t.p).toBeCloseTo(PROBS[i]!, 12);
      expect(t.bits).toBeCloseTo(-Math.log2(PROBS[i]!), 12);
    });
    expect(scored.tokens[0]!.top[0]).toEqual({ text: 'x', p: 0.5 });
    expect(scored.bosPrepended).toBe(true);
    expect(scored.droppedTokens).toBe(0);
    expect(logProbsOf(scored)).toEqual(PROBS.map(Math.log));
    expect(spanText(scored, 1, 3)).toBe(' upon a');
  });

  it('records truncation', () => {
    const r = { ...fakeScore([0.5], ['x']), truncated: { droppedTokens: 7, contextLength: 256 } };
    const s = scoredTextFromResult('…x', r);
    expect(s.droppedTokens).toBe(7);
    expect(s.contextLength).toBe(256);
  });
});

describe('span selection', () => {
  it('covers anchor and focus in either order', () => {
    expect(selectionRange({ anchor: 1, focus: 3 })).toEqual({ start: 1, end: 4 });
    expect(selectionRange({ anchor: 3, focus: 1 })).toEqual({ start: 1, end: 4 });
    expect(selectionRange(dragSelection(2, 2))).toEqual({ start: 2, end: 3 });
  });

  it('maps keys to moves', () => {
    expect(moveForKey('ArrowLeft')).toBe('previous');
    expect(moveForKey('ArrowUp')).toBe('previous');
    expect(moveForKey('ArrowRight')).toBe('next');
    expect(moveForKey('ArrowDown')).toBe('next');
    expect(moveForKey('Home')).toBe('first');
    expect(moveForKey('End')).toBe('last');
    expect(moveForKey('a')).toBeNull();
  });

  it('moves the cursor, extends with Shift, and stops at the ends', () => {
    let sel = moveSelection(null, 'next', false, 4);
    expect(sel).toEqual({ anchor: 0, focus: 0 });
    sel = moveSelection(sel, 'next', false, 4);
    expect(sel).toEqual({ anchor: 1, focus: 1 });
    sel = moveSelection(sel, 'next', true, 4);
    sel = moveSelection(sel, 'next', true, 4);
    expect(sel).toEqual({ anchor: 1, focus: 3 });
    sel = moveSelection(sel, 'next', true, 4);
    expect(sel).toEqual({ anchor: 1, focus: 3 });
    sel = moveSelection(sel, 'first', true, 4);
    expect(selectionRange(sel!)).toEqual({ start: 0, end: 2 });
    sel = moveSelection(sel, 'previous', false, 4);
    expect(sel).toEqual({ anchor: 0, focus: 0 });
    expect(moveSelection(null, 'last', false, 4)).toEqual({ anchor: 3, focus: 3 });
    expect(moveSelection(null, 'previous', false, 4)).toEqual({ anchor: 3, focus: 3 });
    expect(moveSelection({ anchor: 0, focus: 0 }, 'last', false, 4)).toEqual({ anchor: 3, focus: 3 });
    expect(moveSelection(null, 'next', false, 0)).toBeNull();
  });

  it('clamps a selection when the text gets shorter, and selects all', () => {
    expect(clampSelection({ anchor: 2, focus: 9 }, 4)).toEqual({ anchor: 2, focus: 3 });
    expect(clampSelection({ anchor: 2, focus: 9 }, 0)).toBeNull();
    expect(clampSelection(null, 3)).toBeNull();
    expect(selectAll(4)).toEqual({ anchor: 0, focus: 3 });
    expect(selectAll(0)).toBeNull();
  });

  it('round-trips a span through its URL form and rejects junk', () => {
    expect(formatSpanParam({ start: 1, end: 4 })).toBe('2-4');
    expect(parseSpanParam('2-4')).toEqual({ anchor: 1, focus: 3 });
    for (const bad of [undefined, '', '0-3', '4-2', 'a-b', '1-2-3', '<script>']) expect(parseSpanParam(bad)).toBeNull();
  });
});

describe('span summary and pick event', () => {
  it('sums the bits of the span and gives bits per token and perplexity 2^(bits/token)', () => {
    const s = summarizeSpan(scored, { start: 1, end: 4 });
    const bits = -Math.log2(1 / 2) - Math.log2(1 / 4) - Math.log2(1 / 1024);
    expect(s.tokens).toBe(3);
    expect(s.totalBits).toBeCloseTo(bits, 12);
    expect(s.bitsPerToken).toBeCloseTo(bits / 3, 12);
    expect(s.perplexity).toBeCloseTo(2 ** (bits / 3), 9);
    expect(s.text).toBe(' upon a time');
  });

  it('clamps an out-of-range span instead of throwing', () => {
    const s = summarizeSpan(scored, { start: 2, end: 99 });
    expect([s.start, s.end, s.tokens]).toEqual([2, 4, 2]);
  });

  it('builds the pick detail', () => {
    const s = summarizeSpan(scored, { start: 0, end: 2 });
    expect(PICK_EVENT).toBe('lm-notes:pick');
    expect(spanPickDetail('surprisal', s)).toEqual({ widget: 'surprisal', kind: 'span', text: 'Once upon', tokens: 2, bits: 4 });
    expect(spanPickDetail('surprisal', s, 'B').side).toBe('B');
  });
});

describe('chain-rule table', () => {
  it('lists the factors with their contexts, product and sum of logs', () => {
    const t = chainRuleTable(scored);
    expect(t.rows.map((r) => r.context)).toEqual(['', 'Once', 'Once upon', 'Once upon a']);
    expect(t.rows.map((r) => r.step)).toEqual([1, 2, 3, 4]);
    t.rows.forEach((r, i) => {
      expect(r.p).toBeCloseTo(PROBS[i]!, 12);
      expect(r.log2p).toBeCloseTo(Math.log2(PROBS[i]!), 12);
    });
    expect(t.product).toBeCloseTo(PROBS.reduce((a, b) => a * b, 1), 15);
    expect(t.log2Sum).toBeCloseTo(-3 - 1 - 2 - 10, 12);
    expect(t.tooLong).toBe(false);
  });

  it('has the same total as the surprisal span over the whole text', () => {
    expect(chainRuleTable(scored).totalBits).toBeCloseTo(summarizeSpan(scored, { start: 0, end: 4 }).totalBits, 12);
  });

  it('flags texts too long for a readable table', () => {
    const n = MAX_TABLE_TOKENS + 1;
    const long = scoredTextFromResult('x', fakeScore(Array(n).fill(0.5), Array(n).fill('x')));
    expect(chainRuleTable(long).tooLong).toBe(true);
    expect(chainRuleTable(long, n).tooLong).toBe(false);
  });
});

describe('number formats', () => {
  it('writes bits, probabilities and perplexities', () => {
    expect(formatBits(7.96578)).toBe('7.966');
    expect(formatBits(-0)).toBe('0.000');
    expect(formatBits(Infinity)).toBe('∞');
    expect(formatProbability(0.069031)).toBe('0.0690');
    expect(formatProbability(0.001)).toBe('0.00100');
    expect(formatProbability(0.001698)).toBe('0.00170');
    expect(formatProbability(0.5)).toBe('0.500');
    expect(formatProbability(3.443e-5)).toBe('3.44×10⁻⁵');
    expect(formatProbability(1.07e-16)).toBe('1.07×10⁻¹⁶');
    expect(formatProbability(0)).toBe('0');
    expect(formatProbability(1)).toBe('1');
    expect(formatPerplexity(90.5)).toBe('90.50');
    expect(formatPerplexity(2e7)).toBe('2.00e+7');
    expect(formatPerplexity(Infinity)).toBe('∞');
    expect(superscript('1234567890')).toBe('¹²³⁴⁵⁶⁷⁸⁹⁰');
  });
});
