/**
 * A small seeded pseudo-random number generator, so that demos and tests can
 * replay exactly the same "random" draws.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator,
 * 128 bits of state, from the PractRand suite). Its four 32-bit state words
 * are filled by SplitMix32-style seeding: a counter stepped by the golden
 * ratio constant 0x9e3779b9 and scrambled by the MurmurHash3 finaliser.
 * Only 32-bit integer operations (|0, >>>, Math.imul) are used, whose results
 * the JavaScript spec fixes exactly, so a seed gives the same sequence in
 * every engine.
 */

/** A source of uniform random numbers in [0, 1), like Math.random. */
export type Rng = () => number;

/** MurmurHash3's 32-bit finaliser: scrambles the bits of x (unsigned result). */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A seeded Rng (sfc32). Equal seeds give equal sequences. The seed is
 * truncated to an integer and reduced modulo 2^32, so use integer seeds in
 * [0, 2^32). Throws RangeError for NaN or ±Infinity.
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) {
    throw new RangeError(`createRng: seed must be a finite number (got ${seed})`);
  }
  let counter = Math.trunc(seed) >>> 0;
  const nextSeedWord = (): number => {
    counter = (counter + 0x9e3779b9) | 0;
    return mix32(counter);
  };
  let a = nextSeedWord();
  let b = nextSeedWord();
  let c = nextSeedWord();
  let d = nextSeedWord();

  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296; // 2^32: result in [0, 1)
  };

  for (let i = 0; i < 12; i++) next(); // warm-up: let the state words mix
  return next;
}
