/**
 * The surprisal and chain-rule figures' numbers with the real embedded model (onnxruntime-node,
 * the same path the build uses): per-token bits against the golden PyTorch log-probs, the
 * chain-rule total against the surprisal total. The figures the notes' prose quotes are checked
 * against the golden data in notes-model-numbers.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { chainRuleTable } from '../../src/lib/surprisal/chain-rule-table';
import { scoredTextFromResult } from '../../src/lib/surprisal/scored-text';
import type { ScoredText } from '../../src/lib/surprisal/scored-text';
import { summarizeSpan } from '../../src/lib/surprisal/span-summary';
import { golden, haveModel, tinyEngine } from './lm-engine-helpers';

const d = haveModel ? describe : describe.skip;

async function scored(text: string): Promise<ScoredText> {
  return scoredTextFromResult(text, await (await tinyEngine()).score({ text }, 5));
}

d('surprisal figures with the embedded model', () => {
  it('gives each golden token bits = −log₂ p of the PyTorch log-prob, within 1e-3', async () => {
    for (const c of golden().cases) {
      const s = await scored(c.text);
      expect(s.tokens).toHaveLength(c.logprobs.length);
      s.tokens.forEach((t, i) => {
        const lp = c.logprobs[i]!;
        expect(Math.abs(t.bits - -lp / Math.LN2), `${c.text} #${i}`).toBeLessThan(1e-3);
        expect(Math.abs(t.p - Math.exp(lp))).toBeLessThan(1e-3);
      });
      const whole = summarizeSpan(s, { start: 0, end: s.tokens.length });
      expect(Math.abs(whole.totalBits - -c.sum_logprob / Math.LN2)).toBeLessThan(1e-3);
    }
  });

  it('gives the chain-rule table the same total as the surprisal figure', async () => {
    for (const text of ['tell me a joke', 'Once upon a time there was a king', golden().cases[2]!.text]) {
      const s = await scored(text);
      const table = chainRuleTable(s, 1000);
      const span = summarizeSpan(s, { start: 0, end: s.tokens.length });
      expect(Math.abs(table.totalBits - span.totalBits)).toBeLessThan(1e-9);
      expect(Math.abs(table.product - 2 ** -span.totalBits) / table.product).toBeLessThan(1e-9);
    }
  });

});
