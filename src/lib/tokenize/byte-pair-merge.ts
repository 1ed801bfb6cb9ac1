/**
 * Byte-pair merging of one pre-split piece of text, in O(n log n).
 *
 * The rule (as in OpenAI's tiktoken): start with one part per byte; repeatedly find the
 * adjacent pair of parts whose concatenation has the lowest rank in the vocabulary (the
 * leftmost such pair on a tie) and merge it; stop when no adjacent pair is in the vocabulary.
 *
 * The straightforward loop rescans every pair after every merge, which is quadratic: a run of
 * 10,000 letters without a space takes seconds. Here the candidate pairs sit in a min-heap
 * ordered by (rank, position) and parts form a linked list, so each merge costs O(log n).
 * Positions of parts never change, so "smallest (rank, start)" picks exactly the pair the
 * simple loop would pick, and the result is identical.
 */

/** Looks up the rank of bytes[start..end) in the vocabulary (undefined when not a token). */
export type RankLookup = (start: number, end: number) => number | undefined;

/** A binary min-heap of candidate merges: [rank, start of left part, end of right part]. */
class CandidateHeap {
  private readonly items: [number, number, number][] = [];

  /** Number of queued candidates. */
  get size(): number {
    return this.items.length;
  }

  private less(a: [number, number, number], b: [number, number, number]): boolean {
    return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
  }

  /** Adds a candidate. */
  push(item: [number, number, number]): void {
    const h = this.items;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  /** Removes and returns the smallest candidate. */
  pop(): [number, number, number] | undefined {
    const h = this.items;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Merges the `length` bytes of a piece into vocabulary tokens and returns the boundaries of
 * the final parts: `[0, b1, b2, …, length]` (part k is bytes[b_k .. b_{k+1})).
 */
export function bytePairMerge(length: number, rankOf: RankLookup): number[] {
  if (length <= 1) return length === 0 ? [0] : [0, 1];
  // Parts as a doubly linked list over their start positions; `end[s]` is where part s ends.
  const end = new Int32Array(length);
  const prev = new Int32Array(length);
  const alive = new Uint8Array(length);
  for (let s = 0; s < length; s++) {
    end[s] = s + 1;
    prev[s] = s - 1;
    alive[s] = 1;
  }
  const heap = new CandidateHeap();
  const consider = (left: number): void => {
    const right = end[left]!;
    if (right >= length) return;
    const stop = end[right]!;
    const rank = rankOf(left, stop);
    if (rank !== undefined) heap.push([rank, left, stop]);
  };
  for (let s = 0; s < length - 1; s++) consider(s);
  while (heap.size > 0) {
    const [, left, stop] = heap.pop()!;
    // Stale candidate: one of its two parts was merged into something else since.
    if (!alive[left]) continue;
    const right = end[left]!;
    if (right >= length || end[right] !== stop || !alive[right]) continue;
    // Merge `right` into `left`.
    end[left] = stop;
    alive[right] = 0;
    if (stop < length) prev[stop] = left;
    consider(left);
    const before = prev[left]!;
    if (before >= 0) consider(before);
  }
  const bounds: number[] = [];
  for (let s = 0; s < length; s = end[s]!) bounds.push(s);
  bounds.push(length);
  return bounds;
}
