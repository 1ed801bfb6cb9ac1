import { describe, expect, it } from 'vitest';
import { createBigramModel } from '../../src/lib/train/bigram-model';
import { averageModelLayout, createContextAverageModel } from '../../src/lib/train/context-average-model';
import type { Batch, NextTokenModel } from '../../src/lib/train/model';
import { createRng } from '../../src/lib/sampling/prng';

/**
 * Checks every analytic partial derivative of the mean batch loss against a central finite
 * difference (f(θ + h) − f(θ − h)) / 2h, in float64.
 */
function expectGradientMatchesFiniteDifferences(model: NextTokenModel, ids: number[], batch: Batch): number {
  const grad = new Float64Array(model.params.length);
  model.lossAndGradient(ids, batch, grad);
  const h = 1e-5;
  let worst = 0;
  for (let i = 0; i < model.params.length; i++) {
    const keep = model.params[i] as number;
    model.params[i] = keep + h;
    const up = model.lossAndGradient(ids, batch, null).meanNats;
    model.params[i] = keep - h;
    const down = model.lossAndGradient(ids, batch, null).meanNats;
    model.params[i] = keep;
    const numeric = (up - down) / (2 * h);
    const err = Math.abs(numeric - (grad[i] as number));
    worst = Math.max(worst, err);
    expect(err, `parameter ${i}: analytic ${grad[i]} vs numeric ${numeric}`).toBeLessThan(1e-4);
  }
  return worst;
}

/** Random parameters of a typical size, so that no gradient is trivially zero. */
function randomize(model: NextTokenModel, seed: number): void {
  const rng = createRng(seed);
  for (let i = 0; i < model.params.length; i++) model.params[i] = 2 * rng() - 1;
}

describe('analytic gradients match central finite differences', () => {
  const ids = [1, 2, 3, 1, 4, 2, 2, 0, 3, 1, 4, 4];

  it('bigram model (|V| = 5), overlapping windows, repeated pairs', () => {
    const model = createBigramModel(5, createRng(1));
    randomize(model, 11);
    const worst = expectGradientMatchesFiniteDifferences(model, ids, { starts: [0, 3, 3, 7], length: 4 });
    expect(worst).toBeLessThan(1e-6);
  });

  it('bigram model: only the columns of tokens that occur as "current" get a gradient', () => {
    const V = 5;
    const model = createBigramModel(V, createRng(2));
    randomize(model, 12);
    const grad = new Float64Array(V * V);
    model.lossAndGradient([1, 2, 1], { starts: [0], length: 3 }, grad);
    for (const a of [0, 3, 4]) for (let i = 0; i < V; i++) expect(grad[a * V + i]).toBe(0);
    // Each touched column's gradient is (probabilities − one-hot) scaled by 1/N: it sums to 0.
    for (const a of [1, 2]) {
      const s = Array.from(grad.subarray(a * V, a * V + V)).reduce((x, y) => x + y, 0);
      expect(Math.abs(s)).toBeLessThan(1e-12);
    }
  });

  it('context-averaging model (|V| = 5, d = 3): E, W and b', () => {
    const model = createContextAverageModel(5, 3, createRng(3));
    randomize(model, 13);
    const worst = expectGradientMatchesFiniteDifferences(model, ids, { starts: [0, 2, 5], length: 6 });
    expect(worst).toBeLessThan(1e-6);
  });

  it('context-averaging model with d = 1 and a single whole-corpus window', () => {
    const model = createContextAverageModel(5, 1, createRng(4));
    randomize(model, 14);
    expectGradientMatchesFiniteDifferences(model, ids, { starts: [0], length: ids.length });
  });

  it('the gradient check itself fails on a wrong gradient', () => {
    // A sanity check of the check: perturb the analytic gradient of b by a small amount.
    const model = createContextAverageModel(4, 2, createRng(5));
    randomize(model, 15);
    const broken: NextTokenModel = {
      ...model,
      params: model.params,
      lossAndGradient(x, batch, grad) {
        const r = model.lossAndGradient(x, batch, grad);
        if (grad) grad[averageModelLayout(4, 2).outputBias] = (grad[averageModelLayout(4, 2).outputBias] as number) + 1e-3;
        return r;
      },
    };
    expect(() => expectGradientMatchesFiniteDifferences(broken, [1, 2, 3, 1], { starts: [0], length: 4 })).toThrow();
  });
});
