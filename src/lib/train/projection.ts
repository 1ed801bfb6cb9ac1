/**
 * A 2-D picture of high-dimensional vectors (principal component analysis): centre the
 * vectors, then keep their coordinates along the two directions in which they vary most (the
 * top two eigenvectors of their covariance matrix, found by power iteration).
 */

/** A point of the picture. */
export interface Point2d {
  /** Coordinate along the first direction. */
  x: number;
  /** Coordinate along the second direction. */
  y: number;
}

/** Top eigenvector of the symmetric matrix `m` (dim × dim, row-major), by power iteration. */
function topEigenvector(m: Float64Array, dim: number, iterations = 200): Float64Array {
  let v = new Float64Array(dim);
  for (let i = 0; i < dim; i++) v[i] = 1 + i / dim; // fixed start, so the result is deterministic
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      let s = 0;
      for (let j = 0; j < dim; j++) s += (m[i * dim + j] as number) * (v[j] as number);
      next[i] = s;
    }
    const norm = Math.hypot(...next);
    if (!(norm > 1e-300)) return new Float64Array(dim); // the matrix is (numerically) zero
    for (let i = 0; i < dim; i++) next[i] = (next[i] as number) / norm;
    v = next;
  }
  // Fix the sign so that the largest coordinate is positive (stable pictures from frame to frame).
  let big = 0;
  for (let i = 0; i < dim; i++) if (Math.abs(v[i] as number) > Math.abs(v[big] as number)) big = i;
  if ((v[big] as number) < 0) for (let i = 0; i < dim; i++) v[i] = -(v[i] as number);
  return v;
}

/**
 * Coordinates of each vector (all of the same length) in 2-D. Vectors of length 2 are returned
 * as they are (no projection needed); longer ones are projected on their two principal
 * directions; vectors of length 1 get y = 0.
 */
export function projectTo2d(vectors: readonly ArrayLike<number>[]): Point2d[] {
  const n = vectors.length;
  if (n === 0) return [];
  const dim = (vectors[0] as ArrayLike<number>).length;
  if (dim === 2) return vectors.map((v) => ({ x: v[0] as number, y: v[1] as number }));
  if (dim === 1) return vectors.map((v) => ({ x: v[0] as number, y: 0 }));
  const mean = new Float64Array(dim);
  for (const v of vectors) for (let i = 0; i < dim; i++) mean[i] = (mean[i] as number) + (v[i] as number) / n;
  const centred = vectors.map((v) => Float64Array.from({ length: dim }, (_, i) => (v[i] as number) - (mean[i] as number)));
  const cov = new Float64Array(dim * dim);
  for (const c of centred) {
    for (let i = 0; i < dim; i++) {
      const ci = c[i] as number;
      if (ci === 0) continue;
      for (let j = 0; j < dim; j++) cov[i * dim + j] = (cov[i * dim + j] as number) + ci * (c[j] as number);
    }
  }
  const first = topEigenvector(cov, dim);
  // Deflate: remove the first direction's share, then the top eigenvector is the second direction.
  let lambda = 0;
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) lambda += (first[i] as number) * (cov[i * dim + j] as number) * (first[j] as number);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) cov[i * dim + j] = (cov[i * dim + j] as number) - lambda * (first[i] as number) * (first[j] as number);
  const second = topEigenvector(cov, dim);
  const dot = (a: Float64Array, b: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < dim; i++) s += (a[i] as number) * (b[i] as number);
    return s;
  };
  return centred.map((c) => ({ x: dot(c, first), y: dot(c, second) }));
}
