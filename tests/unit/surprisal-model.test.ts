/**
 * The surprisal and chain-rule figures' numbers with the real embedded model (onnxruntime-node,
 * the same path the build uses): per-token bits against the golden PyTorch log-probs, the
 * chain-rule total against the surprisal total, and every model figure quoted in the notes'
 * prose next to the two widgets.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chainRuleTable } from '../../src/lib/surprisal/chain-rule-table';
import { formatBits } from '../../src/lib/surprisal/number-format';
import { scoredTextFromResult } from '../../src/lib/surprisal/scored-text';
import type { ScoredText } from '../../src/lib/surprisal/scored-text';
import { summarizeSpan } from '../../src/lib/surprisal/span-summary';
import { golden, haveModel, tinyEngine } from './lm-engine-helpers';

const d = haveModel ? describe : describe.skip;

async function scored(text: string): Promise<ScoredText> {
  return scoredTextFromResult(text, await (await tinyEngine()).score({ text }, 5));
}

function mdx(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../../src/content/docs/unit-1/${name}.mdx`, import.meta.url)), 'utf8').replace(
    /\s+/g,
    ' ',
  );
}

/** Bits of the tokens of `s` whose index is in `idx`. */
function bitsAt(s: ScoredText, ...idx: number[]): number {
  return idx.reduce((sum, i) => sum + s.tokens[i]!.bits, 0);
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

  it('matches the figures quoted in “Evaluating language models”', async () => {
    const a = await scored('Once upon a time there was a king');
    const b = await scored('Once upon a spreadsheet there was a king');
    expect(a.tokens.map((t) => t.text)).toEqual(['O', 'nce', ' upon', ' a', ' time', ' there', ' was', ' a', ' k', 'ing']);
    expect(b.tokens.map((t) => t.text)).toEqual(
      ['O', 'nce', ' upon', ' a', ' spread', 's', 'he', 'et', ' there', ' was', ' a', ' k', 'ing'],
    );
    const text = mdx('evaluating-language-models');
    const wholeA = summarizeSpan(a, { start: 0, end: 10 });
    const wholeB = summarizeSpan(b, { start: 0, end: 13 });
    const spanA = summarizeSpan(a, { start: 2, end: 7 });
    expect(spanA.text).toBe(' upon a time there was');
    const quoted = [
      `sentence A costs ${formatBits(wholeA.totalBits)} bits over 10 tokens`,
      `sentence B ${formatBits(wholeB.totalBits)} bits over 13 tokens`,
      `" spread" costs ${formatBits(b.tokens[4]!.bits)} bits where " time" cost ${formatBits(a.tokens[4]!.bits)}`,
      `(" there" costs ${formatBits(b.tokens[8]!.bits)} bits instead of ${formatBits(a.tokens[5]!.bits)})`,
      `those three tokens cost ${formatBits(bitsAt(b, 10, 11, 12))} bits in B and ${formatBits(bitsAt(a, 7, 8, 9))} in A`,
      `5 tokens, ${formatBits(spanA.totalBits)} bits, ${formatBits(spanA.bitsPerToken)} bits per token`,
    ];
    for (const q of quoted) expect(text).toContain(q);
  });

  it('matches the figures quoted in “Generative models and the chain rule”', async () => {
    const s = await scored('tell me a joke');
    expect(s.tokens.map((t) => t.text)).toEqual(['t', 'ell', ' me', ' a', ' j', 'oke']);
    const t = chainRuleTable(s);
    const [mant, exp] = t.product.toExponential(2).split('e');
    const text = mdx('generative-models-and-the-chain-rule');
    expect(text).toContain(`multiply to about $${mant} \\times 10^{${Number(exp)}}$`);
    expect(text).toContain(`sum of their $\\log_2$ is $${formatBits(t.log2Sum)}$`);
  });
});
