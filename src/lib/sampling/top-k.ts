/**
 * Top-k selection: the k largest values of an array, without sorting it.
 *
 * We scan the V values once and keep the best k seen so far in a min-heap: a
 * binary tree stored in an array, where every parent is *worse* than its
 * children, so the root heap[0] is the worst of the kept values. A new value
 * only has to beat the root to get in (it then replaces the root, which sinks
 * to its place in O(log k) steps); in a long-tailed logit vector almost every
 * value fails that single comparison. Cost: O(V log k) time and O(k) extra
 * memory, versus O(V log V) for sorting all V values.
 *
 * When k is a large share of V (more than V/8), sorting everything with argsortDescending
 * (src/lib/math/argsort.ts: a radix sort, or a native sort for a Float32Array) is faster than
 * the heap, whose work then grows as V log k
 * with most values getting in: a full next-token distribution (k = V) is such a case.
 *
 * "Better" means a larger value, or an equal value at a lower index.
 */
import { argsortDescending } from '../math/argsort';

/** The result of topK: positions in the input and their values, best first. */
export interface TopK {
  /** Indices into the input array, sorted by value descending (ties: lower index first). */
  indices: Int32Array;
  /** values[j] = input[indices[j]]. */
  values: Float64Array;
}

/**
 * The k largest entries of `values`, sorted descending; equal values are
 * ordered by lower index first. k is rounded down and clamped to [0, V].
 * NaN entries are ignored, so fewer than k entries come back if fewer than k
 * values are not NaN. Runs in O(V log k) using a size-k min-heap (a full sort for k > V/8).
 */
export function topK(values: ArrayLike<number>, k: number): TopK {
  const V = values.length;
  const size = Number.isNaN(k) ? 0 : Math.max(0, Math.min(V, Math.floor(k)));
  if (size > V / 8) {
    const indices = argsortDescending(values).slice(0, size);
    return { indices, values: Float64Array.from(indices, (i) => values[i] as number) };
  }
  // The heap: heapIndex[j] is a position in `values`, heapValue[j] its value.
  const heapIndex = new Int32Array(size);
  const heapValue = new Float64Array(size);
  let count = 0;

  // Phase 1: fill the heap with the first `size` values that are not NaN.
  let i = 0;
  for (; i < V && count < size; i++) {
    const v = values[i] as number;
    if (v === v) {
      siftUp(heapIndex, heapValue, count, i, v);
      count++;
    }
  }
  // Phase 2: a value gets in only if it beats the worst kept one, heap[0].
  // It must be strictly greater: an equal value has a higher index than
  // everything kept, so it loses the tie. (NaN > x is false: NaN is skipped.)
  let worst = count > 0 ? (heapValue[0] as number) : Infinity;
  for (; i < V; i++) {
    const v = values[i] as number;
    if (v > worst) {
      siftDown(heapIndex, heapValue, count, 0, i, v);
      worst = heapValue[0] as number;
    }
  }

  // Take out the worst element repeatedly, filling the output from the back.
  const indices = new Int32Array(count);
  const out = new Float64Array(count);
  for (let slot = count - 1; slot >= 0; slot--) {
    indices[slot] = heapIndex[0] as number;
    out[slot] = heapValue[0] as number;
    count--;
    if (count > 0) siftDown(heapIndex, heapValue, count, 0, heapIndex[count] as number, heapValue[count] as number);
  }
  return { indices, values: out };
}

/** Is (value a, index ia) worse than (value b, index ib)? */
function isWorse(a: number, ia: number, b: number, ib: number): boolean {
  return a < b || (a === b && ia > ib);
}

/** Places (index, value) at heap slot `pos` (a new leaf) and moves it up while it is worse than its parent. */
function siftUp(heapIndex: Int32Array, heapValue: Float64Array, pos: number, index: number, value: number): void {
  while (pos > 0) {
    const parent = (pos - 1) >> 1;
    const pv = heapValue[parent] as number;
    const pi = heapIndex[parent] as number;
    if (!isWorse(value, index, pv, pi)) break;
    heapValue[pos] = pv; // move the parent down into the hole
    heapIndex[pos] = pi;
    pos = parent;
  }
  heapValue[pos] = value;
  heapIndex[pos] = index;
}

/**
 * Places (index, value) at heap slot `pos` (overwriting it) and moves it down
 * while one of its children is worse; `count` is the heap size.
 */
function siftDown(
  heapIndex: Int32Array,
  heapValue: Float64Array,
  count: number,
  pos: number,
  index: number,
  value: number,
): void {
  for (;;) {
    let child = 2 * pos + 1;
    if (child >= count) break;
    let cv = heapValue[child] as number;
    let ci = heapIndex[child] as number;
    const right = child + 1;
    if (right < count) {
      const rv = heapValue[right] as number;
      const ri = heapIndex[right] as number;
      if (isWorse(rv, ri, cv, ci)) {
        child = right;
        cv = rv;
        ci = ri;
      }
    }
    if (!isWorse(cv, ci, value, index)) break;
    heapValue[pos] = cv; // move the worse child up into the hole
    heapIndex[pos] = ci;
    pos = child;
  }
  heapValue[pos] = value;
  heapIndex[pos] = index;
}
