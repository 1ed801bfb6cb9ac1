/**
 * Argsort: the indices that put an array in order, here largest value first.
 *
 * Sorting V = 262,144 logits with Array.prototype.sort and a comparator takes
 * about 100 ms in Node. This uses an LSD radix sort instead, O(V) time:
 *
 * 1. Turn each 64-bit float into a 64-bit unsigned key (two 32-bit halves)
 *    whose plain binary order is the *descending* order of the floats: for
 *    x ≥ 0 set the sign bit, for x < 0 flip every bit (bigger magnitude must
 *    come first among negatives) — then flip everything to reverse the order.
 * 2. Sort by the key one byte at a time, least significant byte first, with
 *    a counting sort per byte (8 passes). Each pass is stable, so earlier
 *    passes break ties in later ones, and equal keys keep their input order.
 *    Since we feed indices in ascending order, equal values come out
 *    lower index first.
 *
 * A Float32Array (logits as a model returns them) of up to 2^20 entries takes
 * a shorter way: each value's 32 bits, made order-preserving as above, and its
 * index fit together in one exact float64 integer (key · 2^20 + a tie-break on
 * the index), so the engine's own Float64Array sort, native code, ranks them.
 * It needs no warm-up by the JIT, which matters for a page's first request: on
 * 8,192 logits it takes about 2 ms where the radix passes, not yet compiled,
 * take 15-20 ms.
 */

const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);
// Which of the two 32-bit words of a float holds the sign and exponent.
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LOW = 1 - HIGH;

/**
 * Indices of `values` sorted by value descending, ties by lower index first;
 * NaN values are left out. With `indices`, sorts only those positions (their
 * order does not matter; duplicates are kept). O(n) time (radix sort) for n
 * indices, plus O(n log n) to put a given `indices` list in ascending order.
 */
export function argsortDescending(values: ArrayLike<number>, indices?: ArrayLike<number>): Int32Array {
  if (indices === undefined && values instanceof Float32Array && values.length <= PACKED_LIMIT) return argsortFloat32(values);
  let ids: Int32Array;
  if (indices === undefined) {
    ids = new Int32Array(values.length);
    for (let i = 0; i < ids.length; i++) ids[i] = i;
  } else {
    ids = Int32Array.from(indices).sort(); // ascending, so ties end up lower index first
  }

  // Build the keys, dropping NaN.
  let n = 0;
  let keyHigh: Uint32Array = new Uint32Array(ids.length);
  let keyLow: Uint32Array = new Uint32Array(ids.length);
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j] as number;
    const v = values[id] as number;
    if (v !== v) continue; // NaN
    float[0] = v === 0 ? 0 : v; // −0 and +0 are equal: give them the same key
    let high = words[HIGH] as number;
    let low = words[LOW] as number;
    if (high & 0x80000000) {
      high = ~high; // negative: flip all bits
      low = ~low;
    } else {
      high ^= 0x80000000; // positive: set the sign bit
    }
    keyHigh[n] = ~high; // flip everything: ascending keys = descending values
    keyLow[n] = ~low;
    ids[n++] = id;
  }
  ids = ids.subarray(0, n);
  keyHigh = keyHigh.subarray(0, n);
  keyLow = keyLow.subarray(0, n);

  // Eight stable counting-sort passes, one per byte, least significant first.
  let nextIds: Int32Array = new Int32Array(n);
  let nextHigh: Uint32Array = new Uint32Array(n);
  let nextLow: Uint32Array = new Uint32Array(n);
  const start = new Int32Array(256);
  for (let pass = 0; pass < 8 && n > 1; pass++) {
    const key = pass < 4 ? keyLow : keyHigh;
    const shift = (pass % 4) * 8;
    start.fill(0);
    // A byte indexes a 256-slot table: always in range.
    for (let j = 0; j < n; j++) start[((key[j] as number) >>> shift) & 255]!++;
    if (start[((key[0] as number) >>> shift) & 255] === n) continue; // all share this byte
    // Turn counts into the first output slot of each byte value.
    let slot = 0;
    for (let b = 0; b < 256; b++) {
      const count = start[b] as number;
      start[b] = slot;
      slot += count;
    }
    for (let j = 0; j < n; j++) {
      const to = start[((key[j] as number) >>> shift) & 255]!++;
      nextIds[to] = ids[j] as number;
      nextHigh[to] = keyHigh[j] as number;
      nextLow[to] = keyLow[j] as number;
    }
    [ids, nextIds] = [nextIds, ids];
    [keyHigh, nextHigh] = [nextHigh, keyHigh];
    [keyLow, nextLow] = [nextLow, keyLow];
  }
  return ids.slice();
}

/** Entries a packed Float32 argsort can index: 2^20 (the key takes the other 32 of 52 bits). */
const PACKED_LIMIT = 1 << 20;

/** `argsortDescending` of a Float32Array of at most `PACKED_LIMIT` entries, by a native sort. */
function argsortFloat32(values: Float32Array): Int32Array {
  const V = values.length;
  const bits = new Uint32Array(values.buffer, values.byteOffset, V);
  const packed = new Float64Array(V);
  let n = 0;
  for (let i = 0; i < V; i++) {
    let b = bits[i] as number;
    if ((b & 0x7fffffff) > 0x7f800000) continue; // NaN
    if (b === 0x80000000) b = 0; // −0 and +0 are equal
    const key = b & 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0; // ascending with the value
    packed[n++] = key * PACKED_LIMIT + (PACKED_LIMIT - 1 - i); // among equal keys, lower index is larger
  }
  const sorted = packed.subarray(0, n).sort(); // ascending: the best is last
  const ids = new Int32Array(n);
  for (let j = 0; j < n; j++) ids[j] = PACKED_LIMIT - 1 - ((sorted[n - 1 - j] as number) % PACKED_LIMIT);
  return ids;
}
