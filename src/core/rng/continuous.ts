/**
 * Continuous samplers: uniform, exponential, standard normal and gamma. Each takes the random source first,
 * validates its parameters, keeps no state between calls and allocates nothing.
 *
 * @module
 */
import type { RandomSource } from "./types.js";

const TWO_PI = 2 * Math.PI;

/**
 * A uniform draw from [a, b): a + (b − a)·U with U = `rng.nextDouble()`. Rounding of the sum can give b itself,
 * rarely unless [a, b) holds few doubles (as with NumPy's `uniform`); `uniform(rng, a, a)` is a.
 */
export function uniform(rng: RandomSource, a: number, b: number): number {
  if (!(Number.isFinite(a) && Number.isFinite(b) && a <= b && Number.isFinite(b - a))) {
    throw new Error(`uniform bounds must be finite with a ≤ b, received a = ${a}, b = ${b}`);
  }
  return a + (b - a) * rng.nextDouble();
}

/**
 * An exponential draw with the given rate λ (mean 1/λ), by inversion: −ln(1 − U)/λ with U = `rng.nextDouble()`,
 * so 1 − U lies in (0, 1] and the result in [0, 53·ln 2 / λ].
 */
export function exponential(rng: RandomSource, rate: number): number {
  if (!(rate > 0 && rate < Number.POSITIVE_INFINITY)) {
    throw new Error(`exponential rate must be finite and > 0, received ${rate}`);
  }
  return -Math.log(1 - rng.nextDouble()) / rate;
}

/**
 * A standard normal draw by the Box–Muller transform (Box & Muller 1958): Z = √(−2·ln U₁)·cos(2π·U₂) with
 * U₁ = 1 − `rng.nextDouble()` ∈ (0, 1] and U₂ = `rng.nextDouble()`. The sine twin is discarded, so no state is
 * cached between calls and every draw reads exactly four words; |Z| ≤ √(106·ln 2) ≈ 8.57.
 */
export function normal(rng: RandomSource): number {
  const radiusUniform = 1 - rng.nextDouble();
  const angleUniform = rng.nextDouble();
  return Math.sqrt(-2 * Math.log(radiusUniform)) * Math.cos(TWO_PI * angleUniform);
}

/**
 * A gamma draw with density x^(k−1)·e^(−x/θ) / (Γ(k)·θ^k) for shape k and scale θ (mean kθ), by Marsaglia &
 * Tsang (2000), "A simple method for generating gamma variables", ACM TOMS 26(3):
 *
 * for k ≥ 1, with d = k − ⅓ and c = 1/√(9d), repeat: draw Z standard normal, V = (1 + cZ)³, rejecting V ≤ 0, and
 * U uniform on (0, 1]; accept dV if U < 1 − 0.0331·Z⁴ (squeeze) or ln U < Z²/2 + d·(1 − V + ln V).
 *
 * For k < 1, draws G of shape k + 1 and returns G·U^(1/k), U uniform on (0, 1] (the boost given in the paper).
 * For very small k the result can underflow to 0, with probability about (5·10^−324/θ)^k / Γ(k + 1).
 */
export function gamma(rng: RandomSource, shape: number, scale: number): number {
  if (!(shape > 0 && shape < Number.POSITIVE_INFINITY)) {
    throw new Error(`gamma shape must be finite and > 0, received ${shape}`);
  }
  if (!(scale > 0 && scale < Number.POSITIVE_INFINITY)) {
    throw new Error(`gamma scale must be finite and > 0, received ${scale}`);
  }
  if (shape < 1) {
    const boosted = marsagliaTsang(rng, shape + 1);
    return boosted * (1 - rng.nextDouble()) ** (1 / shape) * scale;
  }
  return marsagliaTsang(rng, shape) * scale;
}

/** Marsaglia–Tsang for shape ≥ 1 and unit scale. */
function marsagliaTsang(rng: RandomSource, shape: number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal(rng);
    const root = 1 + c * z;
    if (root <= 0) continue;
    const v = root * root * root;
    const u = 1 - rng.nextDouble();
    const zSquared = z * z;
    if (u < 1 - 0.0331 * zSquared * zSquared) return d * v;
    if (Math.log(u) < 0.5 * zSquared + d * (1 - v + Math.log(v))) return d * v;
  }
}
