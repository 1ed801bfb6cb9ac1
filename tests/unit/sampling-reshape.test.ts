import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../src/lib/sampling/prng';
import { GREEDY_TEMPERATURE, reshape, validateSettings, type SamplingSettings } from '../../src/lib/sampling/reshape';

/**
 * Brute-force reference, straight from the definitions: full softmax at T,
 * sort everything, cut to k, renormalise, walk down to mass p.
 */
function bruteForce(z: number[], s: SamplingSettings) {
  const V = z.length;
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => z[b]! - z[a]! || a - b);
  const m = Math.max(...z);
  const softmaxAt = (T: number): number[] => {
    const e = z.map((x) => Math.exp((x - m) / T));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / sum);
  };
  const pT = softmaxAt(s.temperature);
  const p1 = softmaxAt(1);
  let kept = s.topK > 0 ? order.slice(0, s.topK) : order;
  const massK = kept.reduce((a, i) => a + pT[i]!, 0);
  let ambiguous = false;
  if (s.topP < 1) {
    let cum = 0;
    let n = kept.length;
    for (let j = 0; j < kept.length; j++) {
      cum += pT[kept[j]!]! / massK;
      if (Math.abs(cum - s.topP) < 1e-9) ambiguous = true;
      if (cum >= s.topP) {
        n = j + 1;
        break;
      }
    }
    kept = kept.slice(0, n);
  }
  const keptMass = kept.reduce((a, i) => a + pT[i]!, 0);
  return {
    ids: kept,
    probs: kept.map((i) => pT[i]! / keptMass),
    originalProbs: kept.map((i) => p1[i]!),
    keptMass,
    ambiguous,
    order,
    pT,
  };
}

function normalLogits(rng: Rng, V: number, scale: number): number[] {
  return Array.from({ length: V }, () => scale * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()));
}

const sum = (xs: ArrayLike<number>): number => Array.from(xs).reduce((a, b) => a + b, 0);

describe('reshape', () => {
  it('matches a brute-force reference on random small distributions', () => {
    const rng = createRng(555);
    let exactChecks = 0;
    for (let trial = 0; trial < 1500; trial++) {
      const V = 1 + Math.floor(rng() * 30);
      const withTies = trial % 3 === 0;
      const z = withTies ? Array.from({ length: V }, () => Math.floor(rng() * 4)) : normalLogits(rng, V, 0.5 + rng() * 4);
      const s: SamplingSettings = {
        temperature: 0.05 + rng() * 3,
        topK: rng() < 0.4 ? 0 : Math.floor(rng() * (V + 3)),
        topP: rng() < 0.3 ? 1 : 0.01 + rng() * 0.99,
      };
      const got = reshape(z, s);
      const want = bruteForce(z, s);
      const where = JSON.stringify({ z, s });
      if (!want.ambiguous) {
        exactChecks++;
        expect(Array.from(got.ids), where).toEqual(want.ids);
      } else {
        // Rounding-level tie at the top-p boundary: check the definition instead.
        expect(Array.from(got.ids), where).toEqual(want.order.slice(0, got.ids.length));
        const massK = want.order.slice(0, s.topK || V).reduce((a, i) => a + want.pT[i]!, 0);
        expect(got.keptMass / massK).toBeGreaterThanOrEqual(s.topP - 1e-9);
        expect((got.keptMass - want.pT[got.ids[got.ids.length - 1]!]!) / massK).toBeLessThan(s.topP + 1e-9);
        continue;
      }
      for (let j = 0; j < want.ids.length; j++) {
        expect(got.probs[j]).toBeCloseTo(want.probs[j]!, 12);
        expect(got.originalProbs[j]).toBeCloseTo(want.originalProbs[j]!, 12);
      }
      expect(got.keptMass).toBeCloseTo(want.keptMass, 12);
    }
    expect(exactChecks).toBeGreaterThan(1000);
  });

  it('T = 0 (and T below the greedy threshold) keeps only the argmax, ties to the lower id', () => {
    const rng = createRng(1);
    for (let trial = 0; trial < 50; trial++) {
      const z = normalLogits(rng, 20, 3);
      const argmax = z.indexOf(Math.max(...z));
      for (const temperature of [0, GREEDY_TEMPERATURE / 2]) {
        const d = reshape(z, { temperature, topK: 5, topP: 0.5 });
        expect(Array.from(d.ids)).toEqual([argmax]);
        expect(Array.from(d.probs)).toEqual([1]);
        expect(d.keptMass).toBe(1);
        const pArgmax = 1 / sum(z.map((x) => Math.exp(x - z[argmax]!)));
        expect(d.originalProbs[0]).toBeCloseTo(pArgmax, 12);
      }
    }
    const tied = reshape([1, 5, 2, 5, 5], { temperature: 0, topK: 0, topP: 1 });
    expect(Array.from(tied.ids)).toEqual([1]);
    expect(tied.keptMass).toBeCloseTo(1 / 3, 15);
  });

  it('top-k keeps exactly k tokens (all V when k ≥ V), sorted by probability', () => {
    const rng = createRng(2);
    const z = normalLogits(rng, 40, 2);
    for (const k of [1, 2, 5, 6, 39, 40, 41, 100]) {
      const d = reshape(z, { temperature: 0.9, topK: k, topP: 1 });
      expect(d.ids.length).toBe(Math.min(k, z.length));
      expect(new Set(d.ids).size).toBe(d.ids.length);
      for (let j = 1; j < d.probs.length; j++) expect(d.probs[j]).toBeLessThanOrEqual(d.probs[j - 1]!);
      // every dropped token is no more likely than every kept one
      const minKept = Math.min(...Array.from(d.ids, (i) => z[i]!));
      z.forEach((x, i) => {
        if (!d.ids.includes(i)) expect(x).toBeLessThanOrEqual(minKept);
      });
    }
  });

  it('top-p keeps the smallest set reaching p', () => {
    // p = softmax(log q) = q for T = 1
    const q = [0.05, 0.4, 0.1, 0.3, 0.15];
    const z = q.map(Math.log);
    const ids = (p: number): number[] => Array.from(reshape(z, { temperature: 1, topK: 0, topP: p }).ids);
    expect(ids(0.3)).toEqual([1]);
    expect(ids(0.41)).toEqual([1, 3]);
    expect(ids(0.69)).toEqual([1, 3]);
    expect(ids(0.71)).toEqual([1, 3, 4]);
    expect(ids(0.96)).toEqual([1, 3, 4, 2, 0]);
    // after top-k = 2 the renormalised masses are 4/7 and 3/7
    expect(Array.from(reshape(z, { temperature: 1, topK: 2, topP: 0.5 }).ids)).toEqual([1]);
    expect(Array.from(reshape(z, { temperature: 1, topK: 2, topP: 0.6 }).ids)).toEqual([1, 3]);
  });

  it('returns probabilities that sum to 1, and consistent keptMass / originalProbs', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 200; trial++) {
      const V = 1 + Math.floor(rng() * 200);
      const z = normalLogits(rng, V, 5);
      const s = { temperature: rng() * 4, topK: Math.floor(rng() * 20), topP: 0.05 + rng() * 0.95 };
      const d = reshape(z, s);
      expect(d.ids.length).toBeGreaterThanOrEqual(1);
      expect(sum(d.probs)).toBeCloseTo(1, 12);
      expect(d.keptMass).toBeGreaterThan(0);
      expect(d.keptMass).toBeLessThanOrEqual(1 + 1e-12);
      expect(d.probs.length).toBe(d.ids.length);
      expect(d.originalProbs.length).toBe(d.ids.length);
    }
  });

  it('approaches uniform over the kept set as T grows', () => {
    const rng = createRng(4);
    const z = normalLogits(rng, 30, 3);
    for (const k of [0, 7]) {
      let previousSpread = Infinity;
      for (const T of [1, 10, 100, 1e4, 1e6]) {
        const d = reshape(z, { temperature: T, topK: k, topP: 1 });
        const n = d.ids.length;
        const spread = Math.max(...Array.from(d.probs, (x) => Math.abs(x - 1 / n)));
        expect(spread).toBeLessThan(previousSpread);
        previousSpread = spread;
      }
      expect(previousSpread).toBeLessThan(1e-5);
    }
  });

  it('treats −∞ logits as impossible tokens', () => {
    const z = [-Infinity, 1, -Infinity, 0];
    const d = reshape(z, { temperature: 1, topK: 0, topP: 0.999 });
    expect(Array.from(d.ids)).toEqual([1, 3]);
    const all = reshape(z, { temperature: 1, topK: 0, topP: 1 });
    expect(Array.from(all.probs.slice(2))).toEqual([0, 0]);
  });

  it('is correct for a full-size vocabulary (V = 262,144) on every path', () => {
    const rng = createRng(6);
    const V = 262_144;
    const z = new Float32Array(V);
    for (let i = 0; i < V; i++) z[i] = Math.round(3 * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()) * 1000) / 1000;
    const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => z[b]! - z[a]! || a - b);
    const cases: SamplingSettings[] = [
      { temperature: 0.8, topK: 50, topP: 1 },
      { temperature: 1, topK: 0, topP: 0.9 },
      { temperature: 1.5, topK: 0, topP: 1 },
      { temperature: 1, topK: 100_000, topP: 0.99 },
    ];
    for (const s of cases) {
      const d = reshape(z, s);
      expect(Array.from(d.ids), JSON.stringify(s)).toEqual(order.slice(0, d.ids.length));
      expect(sum(d.probs)).toBeCloseTo(1, 10);
      if (s.topK > 0 && s.topP === 1) expect(d.ids.length).toBe(s.topK);
      if (s.topP === 1 && s.topK === 0) expect(d.ids.length).toBe(V);
      if (s.topP < 1) {
        // minimal: dropping the last kept token falls below p (of the top-k mass)
        const lastP = d.keptMass * d.probs[d.probs.length - 1]!;
        const massK = s.topK > 0 ? reshape(z, { ...s, topP: 1 }).keptMass : 1;
        expect(d.keptMass / massK).toBeGreaterThanOrEqual(s.topP - 1e-9);
        expect((d.keptMass - lastP) / massK).toBeLessThan(s.topP);
      }
    }
  });

  it('validates settings with clear RangeErrors', () => {
    const z = [1, 2, 3];
    const ok: SamplingSettings = { temperature: 1, topK: 0, topP: 1 };
    const bad: [Partial<SamplingSettings>, RegExp][] = [
      [{ temperature: -0.1 }, /temperature/],
      [{ temperature: NaN }, /temperature/],
      [{ temperature: Infinity }, /temperature/],
      [{ topK: -1 }, /topK/],
      [{ topK: 2.5 }, /topK/],
      [{ topK: NaN }, /topK/],
      [{ topP: 0 }, /topP/],
      [{ topP: 1.5 }, /topP/],
      [{ topP: NaN }, /topP/],
    ];
    for (const [change, message] of bad) {
      expect(() => reshape(z, { ...ok, ...change })).toThrow(RangeError);
      expect(() => reshape(z, { ...ok, ...change })).toThrow(message);
      expect(() => validateSettings({ ...ok, ...change })).toThrow(message);
    }
    expect(() => validateSettings(ok)).not.toThrow();
  });

  it('rejects logits it cannot turn into a distribution', () => {
    const s: SamplingSettings = { temperature: 1, topK: 0, topP: 1 };
    expect(() => reshape([], s)).toThrow(RangeError);
    expect(() => reshape([1, NaN], s)).toThrow(/NaN/);
    expect(() => reshape([1, Infinity], s)).toThrow(RangeError);
    expect(() => reshape([-Infinity, -Infinity], s)).toThrow(/finite/);
  });
});
