import { describe, expect, it } from 'vitest';
import { countDraws, expectedCounts, landings, seededUniforms, stretches } from '../../src/lib/sampling/seeded-draws';
import { parseLabels, parseNumberList } from '../../src/lib/sampling/parse-numbers';
import { withRest } from '../../src/lib/sampling/top-with-rest';

/** Independent inverse CDF: walk the running sum until it passes r. */
function walk(p: number[], r: number): number {
  const total = p.reduce((a, b) => a + b, 0);
  let run = 0;
  for (let i = 0; i < p.length; i++) {
    run += p[i]!;
    if (run / total > r) return i;
  }
  return p.length - 1;
}

describe('seeded draws', () => {
  const p = [0.4, 0.25, 0.15, 0.12, 0.08];
  it('r = 0.62 lands on the second token (floor), as in the notes', () => {
    expect(landings(p, [0.62])).toEqual([1]);
    expect(walk(p, 0.62)).toBe(1);
  });
  it('landings agree with an independent running sum for 500 seeded r', () => {
    const rs = seededUniforms(7, 500);
    expect(landings(p, rs)).toEqual(rs.map((r) => walk(p, r)));
  });
  it('same seed, same uniforms; different seed, different ones', () => {
    expect(seededUniforms(42, 20)).toEqual(seededUniforms(42, 20));
    expect(seededUniforms(42, 20)).not.toEqual(seededUniforms(43, 20));
    expect(seededUniforms(1, 0)).toEqual([]);
  });
  it('counts and expected counts', () => {
    expect(countDraws([0, 1, 1, 4], 5)).toEqual([1, 2, 0, 0, 1]);
    const e = expectedCounts(p, 100);
    e.forEach((x, i) => expect(x).toBeCloseTo(100 * p[i]!, 9));
    const h = countDraws(landings(p, seededUniforms(3, 20000)), 5);
    h.forEach((c, i) => expect(Math.abs(c / 20000 - p[i]!)).toBeLessThan(0.015));
  });
  it('stretches tile [0, 1]', () => {
    const s = stretches(p);
    expect(s[0]!.from).toBe(0);
    expect(s[1]!.from).toBeCloseTo(0.4, 12);
    expect(s[4]!.to).toBeCloseTo(1, 12);
  });
});

describe('parseNumberList', () => {
  it('reads numbers', () => {
    expect(parseNumberList('2, 1, 0')).toEqual({ ok: true, values: [2, 1, 0] });
    expect(parseNumberList('−1.5; 1e2, .5')).toEqual({ ok: true, values: [-1.5, 100, 0.5] });
  });
  it('explains bad input', () => {
    const empty = parseNumberList('  ');
    expect(empty.ok).toBe(false);
    const bad = parseNumberList('2, abc, 0');
    expect(bad.ok === false && bad.message).toMatch(/“abc” is not a number \(logit 2\)/);
    expect(parseNumberList('1,,2').ok).toBe(false);
    expect(parseNumberList('Infinity').ok).toBe(false);
    expect(parseNumberList('0x10').ok).toBe(false);
  });
  it('labels', () => {
    expect(parseLabels('cheese, bread', 3)).toEqual(['cheese', 'bread', 'token 3']);
  });
});

describe('withRest', () => {
  it('adds the remaining mass', () => {
    const s = withRest([{ label: 'a', p: 0.5 }, { label: 'b', p: 0.3 }]);
    expect(s).toHaveLength(3);
    expect(s[2]!.rest).toBe(true);
    expect(s[2]!.p).toBeCloseTo(0.2, 12);
    expect(withRest([{ label: 'a', p: 1 }])).toHaveLength(1);
  });
});
