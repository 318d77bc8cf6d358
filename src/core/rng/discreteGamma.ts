/**
 * The discrete gamma distribution: gamma(k, 1/k) (mean 1, variance 1/k) cut into `levels` equally likely classes
 * at its quantiles, each class standing for its conditional mean — the "discrete gamma" of Yang (1994), "Maximum
 * likelihood phylogenetic estimation from DNA sequences with variable rates over sites: approximate methods",
 * J. Mol. Evol. 39, with many more classes. A citizen's propensity is then one byte: its class.
 *
 * Class j (0 ≤ j < L) is the interval between the quantiles y_j and y_(j+1) of gamma(k, 1) at j/L and (j + 1)/L
 * (y_0 = 0, y_L = ∞); its conditional mean, on the scale 1/k, is L·[P(k + 1, y_(j+1)) − P(k + 1, y_j)], since
 * E[Y·1{Y < y}] = k·P(k + 1, y) for Y ~ gamma(k, 1) and P the regularised lower incomplete gamma. The classes' mean
 * is 1 in exact arithmetic; the table is divided by its computed mean so that it is 1 to rounding. The variance is
 * that of gamma(k, 1/k) less the variance within classes: for L = 256, 99.7% of 1/k at k = 2, 98.9% at k = 0.3, 97%
 * at k = 0.1, 80% at k = 0.01 and 25% at k = 0.001 (the heavier the tail, the more the top class, whose mean is at
 * most L, averages away). Shapes from 0.001 to 10^6 are computed to about 1e-12.
 *
 * Computed with `Math.log` and `Math.exp`, so bit-identical within one JavaScript engine (see the module's index).
 *
 * @module
 */

import { logGamma } from "./logFactorial.js";

/** Classes of the discrete gamma a propensity takes: one byte. */
export const PROPENSITY_LEVELS = 256;

const TINY = 1e-300;
const EPSILON = 1e-16;
const MAX_TERMS = 1_000_000;

/** e^(−y)·y^a/Γ(a), the factor both expansions of the incomplete gamma share. */
function front(a: number, y: number): number {
  return Math.exp(-y + a * Math.log(y) - logGamma(a));
}

/** P(a, y) by its series Σₙ yⁿ/(a(a + 1)…(a + n)), accurate for y < a + 1. */
function lowerSeries(a: number, y: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= y / (a + n);
    sum += term;
    if (term < sum * EPSILON) break;
  }
  return sum * front(a, y);
}

/** Q(a, y) by Legendre's continued fraction (modified Lentz), accurate for y ≥ a + 1. */
function upperFraction(a: number, y: number): number {
  let b = y + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_TERMS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return front(a, y) * h;
}

/** The regularised lower incomplete gamma P(a, y), for a > 0 and y ≥ 0 (∞ allowed). */
function lower(a: number, y: number): number {
  if (y <= 0) return 0;
  if (y === Number.POSITIVE_INFINITY) return 1;
  return y < a + 1 ? lowerSeries(a, y) : 1 - upperFraction(a, y);
}

/** The regularised upper incomplete gamma Q(a, y) = 1 − P(a, y), each side computed without cancellation. */
function upper(a: number, y: number): number {
  if (y <= 0) return 1;
  if (y === Number.POSITIVE_INFINITY) return 0;
  return y < a + 1 ? 1 - lowerSeries(a, y) : upperFraction(a, y);
}

/**
 * The quantile of gamma(a, 1) at p (0 < p < 1): Newton's method on ln y, kept inside a bracket that each step
 * narrows (a step that leaves it bisects it instead), from `guess`.
 */
function quantile(a: number, p: number, guess: number): number {
  let low = 0;
  let high = a + 1;
  while (lower(a, high) < p) high *= 2;
  let y = guess > low && guess < high ? guess : high / 2;
  for (let step = 0; step < 400; step++) {
    // The side computed without cancellation: below the median, P; above it, Q.
    const miss = y < a + 1 ? lower(a, y) - p : 1 - p - upper(a, y);
    if (miss === 0) return y;
    if (miss < 0) low = y;
    else high = y;
    // d P / d ln y = y · density(y).
    let next = y * Math.exp(-miss / (y * Math.exp(-y + (a - 1) * Math.log(y) - logGamma(a))));
    if (!(next > low && next < high)) next = low > 0 ? Math.sqrt(low * high) : high / 2;
    if (Math.abs(next - y) <= y * 4 * Number.EPSILON) return next;
    y = next;
  }
  return y;
}

const tables = new Map<number, Float64Array>();

/**
 * The `PROPENSITY_LEVELS` class means of the discrete gamma with shape k (> 0, finite): a propensity of class j is
 * `discreteGamma(k)[j]`. They ascend for k ≥ 0.1 (tested); for smaller k the lowest classes, below 1e−100, may come
 * out of order by rounding, which no rate can tell apart. Computed once per shape.
 */
export function discreteGamma(shape: number): Float64Array {
  if (!(shape > 0 && shape < Number.POSITIVE_INFINITY)) {
    throw new Error(`gamma shape must be finite and > 0, received ${shape}`);
  }
  const known = tables.get(shape);
  if (known) return known;
  const L = PROPENSITY_LEVELS;
  const edges = new Float64Array(L + 1);
  edges[L] = Number.POSITIVE_INFINITY;
  for (let j = 1; j < L; j++) edges[j] = quantile(shape, j / L, edges[j - 1] > 0 ? edges[j - 1] : shape);
  // E[Y·1{Y between two edges}] / k, from the side of the median that keeps its digits.
  const a = shape + 1;
  const levels = new Float64Array(L);
  let sum = 0;
  for (let j = 0; j < L; j++) {
    const mass =
      edges[j + 1] < a + 1
        ? lower(a, edges[j + 1]) - lower(a, edges[j])
        : upper(a, edges[j]) - upper(a, edges[j + 1]);
    // A class far in the lower tail may come out a rounding error below 0.
    levels[j] = Math.max(0, L * mass);
    sum += levels[j];
  }
  const mean = sum / L;
  for (let j = 0; j < L; j++) levels[j] /= mean;
  tables.set(shape, levels);
  return levels;
}
