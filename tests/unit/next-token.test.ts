/**
 * Next-token widget logic: entropy and top-1 mass, the table view (against the golden PyTorch
 * top-10 of "The United States of"), prompt history, seeded sampling, the pick event detail.
 */
import { describe, expect, it } from 'vitest';
import { entropyBits, topMass } from '../../src/lib/next-token/entropy';
import { FULL_DISTRIBUTION_K, nextTokenView } from '../../src/lib/next-token/next-token-view';
import { appendToken, isBlankPrompt, pickDetail, popHistory, pushHistory, sampleWithSeed } from '../../src/lib/next-token/extend-prompt';
import type { NextResult } from '../../src/lib/lm/protocol';
import { golden, haveModel, tinyEngine } from './lm-engine-helpers';

describe('entropy', () => {
  it('is 0 bits for a certain token, 1 bit for a fair coin, log2 V for uniform', () => {
    expect(entropyBits([1, 0, 0])).toBe(0);
    expect(Object.is(entropyBits([1]), -0)).toBe(false);
    expect(entropyBits([0.5, 0.5])).toBeCloseTo(1, 12);
    expect(entropyBits(new Array(8).fill(1 / 8))).toBeCloseTo(3, 12);
    expect(entropyBits([0.5, 0.25, 0.25])).toBeCloseTo(1.5, 12);
  });
  it('top mass is the largest probability', () => {
    expect(topMass([0.2, 0.7, 0.1])).toBe(0.7);
    expect(topMass([])).toBe(0);
  });
});

function fakeResult(ps: number[]): NextResult {
  return {
    top: ps.map((p, i) => ({ id: i, token: `t${i}`, text: ` w${i}`, logp: Math.log(p), p, special: false })),
    otherMass: Math.max(0, 1 - ps.reduce((a, b) => a + b, 0)),
    contextTokens: 3,
    truncated: null,
  };
}

describe('nextTokenView', () => {
  it('keeps the top k rows with bits = −log2 p and lumps the rest', () => {
    const v = nextTokenView(fakeResult([0.5, 0.25, 0.125, 0.125]), 2);
    expect(v.rows.map((r) => r.id)).toEqual([0, 1]);
    expect(v.rows.map((r) => r.bits)).toEqual([1, 2]);
    expect(v.otherMass).toBeCloseTo(0.25, 12);
    expect(v.otherCount).toBe(2);
    expect(v.entropyBits).toBeCloseTo(1.75, 12);
    expect(v.complete).toBe(true);
    expect(v.topP).toBe(0.5);
    expect(v.droppedTokens).toBe(0);
  });
  it('says when the listed distribution is incomplete, and reports truncation', () => {
    const r = fakeResult([0.5, 0.2]);
    r.truncated = { droppedTokens: 7, contextLength: 256 };
    const v = nextTokenView(r, 10);
    expect(v.complete).toBe(false);
    expect(v.rows).toHaveLength(2);
    expect(v.otherMass).toBeCloseTo(0.3, 12);
    expect(v.droppedTokens).toBe(7);
    expect(v.contextLength).toBe(256);
  });
});

describe('extending a prompt', () => {
  it('appends token text, keeps history, undoes', () => {
    expect(appendToken('The cat', ' sat')).toBe('The cat sat');
    let h = pushHistory([], 'a');
    h = pushHistory(h, 'ab');
    expect(popHistory(h)).toEqual({ prompt: 'ab', history: ['a'] });
    expect(popHistory([])).toBeNull();
    expect(pushHistory(['1', '2', '3'], '4', 3)).toEqual(['2', '3', '4']);
  });
  it('treats whitespace-only prompts as blank', () => {
    expect(isBlankPrompt('')).toBe(true);
    expect(isBlankPrompt(' \n\t')).toBe(true);
    expect(isBlankPrompt('a')).toBe(false);
  });
  it('samples reproducibly with a seed, following the probabilities', () => {
    const p = [0.7, 0.2, 0.1];
    expect(sampleWithSeed(p, 42)).toBe(sampleWithSeed(p, 42));
    const counts = [0, 0, 0];
    for (let s = 0; s < 3000; s++) counts[sampleWithSeed(p, s)]! += 1;
    expect(counts[0]! / 3000).toBeCloseTo(0.7, 1);
    expect(counts[2]! / 3000).toBeCloseTo(0.1, 1);
    expect(sampleWithSeed([0, 1, 0], 9)).toBe(1);
  });
  it('builds the pick event detail', () => {
    expect(pickDetail('nt', ' the', 0.3)).toEqual({ widget: 'nt', kind: 'token', text: ' the', p: 0.3 });
  });
});

const d = haveModel ? describe : describe.skip;
d('nextTokenView on the real model', () => {
  it('matches the golden PyTorch top-10 after "The United States of" to 1e-4', async () => {
    const g = golden();
    const c = g.cases.find((x) => x.text === 'The United States of America');
    expect(c).toBeDefined();
    // Row i of top_* predicts the token after input_ids[0..i]; "of" is input_ids[4].
    const row = c!.token_texts.indexOf(' of');
    const engine = await tinyEngine();
    const v = nextTokenView(await engine.next({ text: 'The United States of' }, FULL_DISTRIBUTION_K), 10);
    expect(v.rows.map((r) => r.id)).toEqual(c!.top_ids[row]);
    v.rows.forEach((r, i) => {
      const lp = c!.top_logprobs[row]![i]!;
      expect(Math.abs(r.p - Math.exp(lp))).toBeLessThan(1e-4);
      expect(Math.abs(r.bits - -lp / Math.LN2)).toBeLessThan(1e-3);
    });
    // p(" America") from PyTorch: logprobs[4] scores input_ids[5] = " America".
    const america = await engine.next({ text: 'The United States of' }, FULL_DISTRIBUTION_K);
    const a = america.top.find((x) => x.text === ' America')!;
    expect(Math.abs(a.p - Math.exp(c!.logprobs[4]!))).toBeLessThan(1e-5);
    expect(v.complete).toBe(true);
    expect(v.entropyBits).toBeGreaterThan(0);
  }, 60_000);
});
