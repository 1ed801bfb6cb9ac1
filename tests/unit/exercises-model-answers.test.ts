import { describe, expect, it } from 'vitest';
import { answerFromModel } from '../../src/lib/exercises/model-answers';
import { golden, haveModel, tinyEngine } from './lm-engine-helpers';

/**
 * Model-dependent exercise answers, checked against the PyTorch golden data (an independent
 * computation): the build computes them with the same engine on onnxruntime-node.
 */
describe.skipIf(!haveModel)('exercise answers computed from the embedded model', () => {
  const g = haveModel ? golden() : null;
  const usa = g?.cases.find((c) => c.text === 'The United States of America');

  it('counts tokens like the golden tokenizer output', async () => {
    const engine = await tinyEngine();
    for (const c of g!.cases) {
      const a = await answerFromModel({ ask: 'token-count', text: c.text }, engine);
      expect(a.value, c.text).toBe(c.input_ids.length - 1);
    }
  });

  it('gives the golden top next token after "The United States of"', async () => {
    const engine = await tinyEngine();
    const a = await answerFromModel({ ask: 'top-next', prompt: 'The United States of' }, engine);
    // Row 4 of the golden top-k predicts the token after " of" ([bos] The United States of).
    const topId = usa!.top_ids[4]![0]!;
    const t = engine.tokenize(String(a.value));
    expect(t.ids).toEqual([topId]);
    expect(a.note).toContain(Math.exp(usa!.top_logprobs[4]![0]!).toFixed(3));
  });

  it('gives the golden probability and bits of " America" after "The United States of"', async () => {
    const engine = await tinyEngine();
    const want = Math.exp(usa!.logprobs[4]!);
    const p = await answerFromModel({ ask: 'next-prob', prompt: 'The United States of', token: ' America' }, engine);
    expect(p.value as number).toBeCloseTo(want, 4);
    const b = await answerFromModel({ ask: 'next-bits', prompt: 'The United States of', token: ' America' }, engine);
    expect(b.value as number).toBeCloseTo(-usa!.logprobs[4]! / Math.LN2, 3);
  });

  it('gives the golden total bits, bits per token and perplexity of a text', async () => {
    const engine = await tinyEngine();
    const bits = -usa!.sum_logprob / Math.LN2;
    const n = usa!.logprobs.length;
    const q = { text: usa!.text };
    expect((await answerFromModel({ ask: 'text-bits', ...q }, engine)).value as number).toBeCloseTo(bits, 3);
    expect((await answerFromModel({ ask: 'bits-per-token', ...q }, engine)).value as number).toBeCloseTo(bits / n, 3);
    expect((await answerFromModel({ ask: 'perplexity', ...q }, engine)).value as number).toBeCloseTo(2 ** (bits / n), 2);
  });

  it('names the golden most surprising token of a text', async () => {
    const engine = await tinyEngine();
    const c = g!.cases.find((x) => x.text.startsWith('The committee'))!;
    let worst = 0;
    c.logprobs.forEach((lp, i) => {
      if (lp < c.logprobs[worst]!) worst = i;
    });
    const a = await answerFromModel({ ask: 'most-surprising', text: c.text }, engine);
    expect(a.value).toBe(c.token_texts[worst + 1]);
  });

  it('refuses a token the model does not rank among its likely next tokens', async () => {
    const engine = await tinyEngine();
    await expect(answerFromModel({ ask: 'next-prob', prompt: 'The', token: ' xylophonezzz' }, engine)).rejects.toThrow(/not among/);
  });
});
