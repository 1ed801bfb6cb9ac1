/**
 * Adam against its formula (Kingma & Ba, 2015, Algorithm 1), written out here:
 *   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ),
 *   θ ← θ − η m̂ / (√v̂ + ε).
 * The training tests only show that the loss goes down; these pin the update itself.
 */
import { describe, expect, it } from 'vitest';
import { createAdam, createSgd } from '../../src/lib/train/optimizer';

/** The reference: `steps` Adam updates of `theta` with the given gradients, straight from the formula. */
function adamReference(theta: number[], grads: number[][], eta: number, beta1: number, beta2: number, eps: number): number[] {
  const p = theta.slice();
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  grads.forEach((g, k) => {
    const t = k + 1;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]!;
      m[i] = beta1 * m[i]! + (1 - beta1) * gi;
      v[i] = beta2 * v[i]! + (1 - beta2) * gi * gi;
      const mHat = m[i]! / (1 - beta1 ** t);
      const vHat = v[i]! / (1 - beta2 ** t);
      p[i] = p[i]! - (eta * mHat) / (Math.sqrt(vHat) + eps);
    }
  });
  return p;
}

describe('Adam: one step and a few steps against the formula', () => {
  it('first step, worked by hand: m̂ = g and v̂ = g², so each parameter moves by η·g/(|g| + ε)', () => {
    // η = 0.1, default β₁ = 0.9, β₂ = 0.999, ε = 1e-8; θ = (1, −2, 0.5, 3), g = (0.5, −4, 0, 1e-3).
    const theta = Float64Array.of(1, -2, 0.5, 3);
    createAdam(0.1).step(theta, Float64Array.of(0.5, -4, 0, 1e-3));
    // By hand: 1 − 0.1·0.5/(0.5 + 1e-8); −2 + 0.1·4/(4 + 1e-8); 0.5 (no gradient); 3 − 0.1·1e-3/(1e-3 + 1e-8).
    const want = [1 - 0.05 / 0.50000001, -2 + 0.4 / 4.00000001, 0.5, 3 - 1e-4 / 0.00100001];
    want.forEach((w, i) => expect(theta[i]).toBeCloseTo(w, 14));
    // About η whatever the gradient's scale (0.5, 4, 1e-3): Adam's point.
    expect(want[0]).toBeCloseTo(0.9, 6);
    expect(want[1]).toBeCloseTo(-1.9, 6);
    expect(want[3]).toBeCloseTo(2.900001, 6); // even for g = 1e-3, a step of about η
  });

  it('second step, worked by hand with the bias corrections 1/(1 − 0.9²) and 1/(1 − 0.999²)', () => {
    const theta = Float64Array.of(0);
    const adam = createAdam(0.1);
    adam.step(theta, Float64Array.of(0.5));
    adam.step(theta, Float64Array.of(-1));
    // m₁ = 0.05, v₁ = 0.00025; m₂ = 0.045 − 0.1 = −0.055, v₂ = 0.00024975 + 0.001 = 0.00124975;
    // m̂₂ = −0.055/0.19, v̂₂ = 0.00124975/0.001999; θ₂ = θ₁ − 0.1·m̂₂/(√v̂₂ + 1e-8).
    const theta1 = -0.1 * 0.5 / (0.5 + 1e-8);
    const theta2 = theta1 - (0.1 * (-0.055 / 0.19)) / (Math.sqrt(0.00124975 / 0.001999) + 1e-8);
    expect(theta[0]).toBeCloseTo(theta2, 13);
    expect(theta[0]).toBeCloseTo(-0.0633894, 6); // −0.1 + 0.0366106
  });

  it('ten steps with other constants and changing gradients equal the reference to 1e-12', () => {
    const theta0 = [0.3, -1.2, 2.5, 0, -0.7];
    const grads = Array.from({ length: 10 }, (_, k) => theta0.map((_, i) => Math.sin(1.3 * k + 0.7 * i) * 10 ** ((i % 3) - 1)));
    const [eta, beta1, beta2, eps] = [0.03, 0.8, 0.99, 1e-6];
    const theta = Float64Array.from(theta0);
    const adam = createAdam(eta, { beta1, beta2, epsilon: eps });
    for (const g of grads) adam.step(theta, Float64Array.from(g));
    const want = adamReference(theta0, grads, eta, beta1, beta2, eps);
    want.forEach((w, i) => expect(Math.abs(theta[i]! - w)).toBeLessThan(1e-12));
  });

  it('SGD steps by exactly −η·g', () => {
    const theta = Float64Array.of(1, -1);
    createSgd(0.25).step(theta, Float64Array.of(2, -8));
    expect([...theta]).toEqual([0.5, 1]);
  });
});
