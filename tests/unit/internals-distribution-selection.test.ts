import { describe, expect, it } from 'vitest';
import { distributionRows } from '../../src/lib/internals/distribution';
import { clampSelection, moveSelectionBy as moveSelection, selectionRange } from '../../src/lib/selection/token-selection';

const top = [
  { id: 1, token: 'a', text: 'a', logp: Math.log(0.5) },
  { id: 2, token: 'b', text: 'b', logp: Math.log(0.25) },
];

describe('distribution rows', () => {
  it('marks the actual token and adds the rest row', () => {
    const rows = distributionRows(top, { id: 2, token: 'b', text: 'b', logp: Math.log(0.25) });
    expect(rows.map((r) => [r.id, r.actual, r.rest])).toEqual([[1, false, false], [2, true, false], [null, false, true]]);
    expect(rows[0]!.bits).toBeCloseTo(1, 12);
    expect(rows[1]!.bits).toBeCloseTo(2, 12);
    expect(rows[2]!.p).toBeCloseTo(0.25, 12);
    expect(rows[2]!.bits).toBeCloseTo(2, 12);
  });
  it('adds the actual token when it is not among the top ones', () => {
    const rows = distributionRows(top, { id: 9, token: 'z', text: 'z', logp: Math.log(0.125) });
    expect(rows[2]).toMatchObject({ id: 9, actual: true });
    expect(rows[2]!.p).toBeCloseTo(0.125, 12);
    expect(rows[3]!.p).toBeCloseTo(0.125, 12);
    expect(rows.reduce((s, r) => s + r.p, 0)).toBeCloseTo(1, 12);
  });
  it('at the end of the document nothing is marked; a full top gives a zero rest', () => {
    const rows = distributionRows([{ id: 1, token: 'a', text: 'a', logp: 0 }], null);
    expect(rows.some((r) => r.actual)).toBe(false);
    expect(rows[1]).toMatchObject({ p: 0, bits: Infinity, rest: true });
  });
});

describe('selection', () => {
  it('ranges, clamps and moves', () => {
    expect(selectionRange({ anchor: 5, focus: 2 })).toEqual({ start: 2, end: 6 });
    expect(clampSelection({ anchor: 9, focus: -1 }, 4)).toEqual({ anchor: 3, focus: 0 });
    expect(clampSelection({ anchor: 1, focus: 1 }, 0)).toBeNull();
    expect(clampSelection(null, 3)).toBeNull();
    expect(moveSelection({ anchor: 2, focus: 2 }, 1, true, 10)).toEqual({ anchor: 2, focus: 3 });
    expect(moveSelection({ anchor: 2, focus: 3 }, 1, false, 10)).toEqual({ anchor: 4, focus: 4 });
    expect(moveSelection({ anchor: 2, focus: 3 }, -100, true, 10)).toEqual({ anchor: 2, focus: 0 });
  });
});
