/**
 * Update rules that move the parameters against the gradient of the loss.
 *
 * - SGD, the rule of the notes: θ ← θ − η ∇θ L, with learning rate η.
 * - Adam: keeps running averages of the gradient (m) and of its square (v) and steps by
 *   η · m̂ / (√v̂ + ε), so every parameter gets a step of about η whatever its gradient's scale.
 *
 * Both update the parameter vector in place; their state lives inside the optimizer, so
 * pausing and resuming training changes nothing.
 */

/** Which update rule. */
export type OptimizerKind = 'adam' | 'sgd';

/** An update rule with its own state. */
export interface Optimizer {
  /** Which rule. */
  readonly kind: OptimizerKind;
  /** Learning rate η. */
  readonly learningRate: number;
  /** Updates `params` in place, given the gradient of the loss at `params`. */
  step(params: Float64Array, grad: Float64Array): void;
}

function checkLearningRate(eta: number): void {
  if (!(Number.isFinite(eta) && eta > 0)) throw new RangeError(`optimizer: the learning rate η must be a finite number > 0 (got ${eta})`);
}

/** Plain stochastic gradient descent: θ ← θ − η g. */
export function createSgd(learningRate: number): Optimizer {
  checkLearningRate(learningRate);
  return {
    kind: 'sgd',
    learningRate,
    step(params, grad) {
      for (let i = 0; i < params.length; i++) params[i] = (params[i] as number) - learningRate * (grad[i] as number);
    },
  };
}

/** Adam's constants (the usual defaults: β₁ = 0.9, β₂ = 0.999, ε = 1e−8). */
export interface AdamConstants {
  /** Decay of the gradient average m. */
  beta1?: number;
  /** Decay of the squared-gradient average v. */
  beta2?: number;
  /** Added to √v̂ so the step never divides by zero. */
  epsilon?: number;
}

/** Adam (Kingma & Ba, 2015) with bias correction. */
export function createAdam(learningRate: number, constants: AdamConstants = {}): Optimizer {
  checkLearningRate(learningRate);
  const beta1 = constants.beta1 ?? 0.9;
  const beta2 = constants.beta2 ?? 0.999;
  const epsilon = constants.epsilon ?? 1e-8;
  let m: Float64Array | null = null;
  let v: Float64Array | null = null;
  let t = 0;
  return {
    kind: 'adam',
    learningRate,
    step(params, grad) {
      if (!m || !v || m.length !== params.length) {
        m = new Float64Array(params.length);
        v = new Float64Array(params.length);
        t = 0;
      }
      t += 1;
      const mean = m; // locals: the hot loop below runs once per parameter per step
      const meanSquare = v;
      const stepSize = learningRate / (1 - beta1 ** t); // η with m's bias correction folded in
      const c2 = 1 / (1 - beta2 ** t);
      const n = params.length;
      for (let i = 0; i < n; i++) {
        const g = grad[i] as number;
        const mi = beta1 * (mean[i] as number) + (1 - beta1) * g;
        const vi = beta2 * (meanSquare[i] as number) + (1 - beta2) * g * g;
        mean[i] = mi;
        meanSquare[i] = vi;
        params[i] = (params[i] as number) - (stepSize * mi) / (Math.sqrt(vi * c2) + epsilon);
      }
    },
  };
}

/** An optimizer of the given kind. */
export function createOptimizer(kind: OptimizerKind, learningRate: number): Optimizer {
  return kind === 'adam' ? createAdam(learningRate) : createSgd(learningRate);
}
