/**
 * Discrete samplers: Bernoulli, Poisson and binomial. Each takes the random source first, validates its
 * parameters, keeps no state between calls and allocates nothing. The rejection samplers are exact: they draw
 * from the stated distribution up to floating-point rounding, with no normal or other approximation.
 *
 * @module
 */
import { logFactorial, stirlingCorrection } from "./logFactorial.js";
import type { RandomSource } from "./types.js";

/** Below this mean, Poisson and binomial draws use inversion (expected mean + 1 steps); above it, rejection. */
const INVERSION_MEAN_LIMIT = 10;
/** Largest Poisson rate accepted: draws then stay below 2^53, where doubles hold every integer. */
const MAX_POISSON_RATE = 2 ** 52;

/** A Bernoulli draw: true with probability p, as U < p with U = `rng.nextDouble()`. */
export function bernoulli(rng: RandomSource, p: number): boolean {
  if (!(p >= 0 && p <= 1)) {
    throw new Error(`bernoulli probability must be from 0 to 1, received ${p}`);
  }
  return rng.nextDouble() < p;
}

/**
 * A Poisson draw with mean λ, P(K = k) = λ^k·e^(−λ)/k!.
 *
 * For λ < 10, inversion by sequential search from k = 0 (one uniform per draw, redrawn in the rare event that
 * rounding leaves U beyond the accumulated probabilities). For λ ≥ 10, the transformed rejection method
 * PTRS of Hörmann (1993), "The transformed rejection method for generating Poisson random variables", Insurance:
 * Mathematics and Economics 12, with the paper's constants.
 */
export function poisson(rng: RandomSource, lambda: number): number {
  if (!(lambda >= 0 && lambda < Number.POSITIVE_INFINITY)) {
    throw new Error(`poisson rate must be finite and ≥ 0, received ${lambda}`);
  }
  if (lambda > MAX_POISSON_RATE) {
    throw new Error(
      `poisson rate must be at most 2^52 so that counts stay exact integers, received ${lambda}`,
    );
  }
  if (lambda === 0) return 0;
  return lambda < INVERSION_MEAN_LIMIT ? poissonInversion(rng, lambda) : poissonPtrs(rng, lambda);
}

function poissonInversion(rng: RandomSource, lambda: number): number {
  const probabilityOfZero = Math.exp(-lambda);
  for (;;) {
    // Chop-down search: the smallest k with U < P(K ≤ k).
    let u = rng.nextDouble();
    let k = 0;
    let probability = probabilityOfZero;
    while (u >= probability && probability > 0) {
      u -= probability;
      k++;
      probability *= lambda / k;
    }
    if (probability > 0) return k;
  }
}

/**
 * PTRS, steps as numbered by Hörmann. Setup: b = 0.931 + 2.53·√λ, a = −0.059 + 0.02483·b,
 * 1/α = 1.1239 + 1.1328/(b − 3.4), v_r = 0.9277 − 3.6224/(b − 2). Repeat: U uniform on [−½, ½), V on [0, 1),
 * u_s = ½ − |U|, k = ⌊(2a/u_s + b)·U + λ + 0.43⌋; accept at once if u_s ≥ 0.07 and V ≤ v_r; reject if k < 0 or
 * (u_s < 0.013 and V > u_s); otherwise accept iff ln(V·(1/α)/(a/u_s² + b)) ≤ −λ + k·ln λ − ln k!.
 */
function poissonPtrs(rng: RandomSource, lambda: number): number {
  const logLambda = Math.log(lambda);
  const b = 0.931 + 2.53 * Math.sqrt(lambda);
  const a = -0.059 + 0.02483 * b;
  const logInverseAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vR = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.nextDouble() - 0.5;
    const v = rng.nextDouble();
    const us = 0.5 - Math.abs(u);
    // u = −½ gives us = 0 and k = −∞, rejected below.
    const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
    if (us >= 0.07 && v <= vR) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const logEnvelope = Math.log(v) + logInverseAlpha - Math.log(a / (us * us) + b);
    if (logEnvelope <= -lambda + k * logLambda - logFactorial(k)) return k;
  }
}

/**
 * A binomial draw: successes in n independent trials of probability p, P(K = k) = C(n, k)·p^k·(1 − p)^(n − k).
 *
 * n = 0 or p = 0 gives 0 and p = 1 gives n. For p > ½ it returns n − binomial(n, 1 − p) (1 − p is exact there,
 * by Sterbenz's lemma), so the work below has p ≤ ½. If n·p < 10, inversion by sequential search from k = 0 using
 * P(k)/P(k − 1) = (n − k + 1)/k · p/(1 − p). Otherwise BTRD, the transformed rejection with decomposition of
 * Hörmann (1993), "The generation of binomial random variates", J. Statist. Comput. Simul. 46, with the paper's
 * constants.
 */
export function binomial(rng: RandomSource, n: number, p: number): number {
  if (!(Number.isSafeInteger(n) && n >= 0)) {
    throw new Error(`binomial trials must be an integer from 0 to 2^53−1, received ${n}`);
  }
  if (!(p >= 0 && p <= 1)) {
    throw new Error(`binomial probability must be from 0 to 1, received ${p}`);
  }
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) return n - binomialAtMostHalf(rng, n, 1 - p);
  return binomialAtMostHalf(rng, n, p);
}

function binomialAtMostHalf(rng: RandomSource, n: number, p: number): number {
  return n * p < INVERSION_MEAN_LIMIT ? binomialInversion(rng, n, p) : binomialBtrd(rng, n, p);
}

function binomialInversion(rng: RandomSource, n: number, p: number): number {
  const oddsRatio = p / (1 - p);
  const probabilityOfZero = Math.exp(n * Math.log1p(-p));
  for (;;) {
    // Chop-down search; probability reaches 0 past k = n, or by underflow, and then U is redrawn.
    let u = rng.nextDouble();
    let k = 0;
    let probability = probabilityOfZero;
    while (u >= probability && probability > 0) {
      u -= probability;
      k++;
      probability *= ((n - k + 1) / k) * oddsRatio;
    }
    if (probability > 0) return k;
  }
}

/**
 * BTRD for p ≤ ½ and n·p ≥ 10, steps as numbered by Hörmann. With q = 1 − p, m = ⌊(n + 1)p⌋, r = p/q,
 * npq = n·p·q, b = 1.15 + 2.53·√npq, a = −0.0873 + 0.0248·b + 0.01·p, c = n·p + ½, α = (2.83 + 5.1/b)·√npq,
 * v_r = 0.92 − 4.2/b, the point (U, V) of BTRS's transformed-rejection envelope k = ⌊(2a/u_s + b)·U + c⌋,
 * u_s = ½ − |U|, is accepted at once inside the box u_s ≥ 0.07, V ≤ v_r (step 1, one uniform), and otherwise
 * tested against f(k)/f(m) for the pmf f: exactly by the product recursion when |k − m| ≤ 15 (step 3.1), else by
 * a squeeze on −(k − m)²/(2npq) and then Stirling's formula with the remainders f_c (steps 3.2–3.4).
 */
function binomialBtrd(rng: RandomSource, n: number, p: number): number {
  const q = 1 - p;
  const m = Math.floor((n + 1) * p);
  const r = p / q;
  const nr = (n + 1) * r;
  const npq = n * p * q;
  const sqrtNpq = Math.sqrt(npq);
  const b = 1.15 + 2.53 * sqrtNpq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const alpha = (2.83 + 5.1 / b) * sqrtNpq;
  const vR = 0.92 - 4.2 / b;
  const boxLimit = 0.86 * vR;
  for (;;) {
    // Step 1: V ≤ 0.86·v_r maps onto the box |U| ≤ 0.43, V ≤ v_r, and is accepted at once.
    let v = rng.nextDouble();
    if (v <= boxLimit) {
      const u = v / vR - 0.43;
      return Math.floor(((2 * a) / (0.5 - Math.abs(u)) + b) * u + c);
    }
    // Step 2: a point uniform on the rest of [−½, ½) × [0, 1).
    let u: number;
    if (v >= vR) {
      u = rng.nextDouble() - 0.5;
    } else {
      u = v / vR - 0.93;
      u = (u >= 0 ? 0.5 : -0.5) - u;
      v = vR * rng.nextDouble();
    }
    // Step 3.0
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    v *= alpha / (a / (us * us) + b);
    const km = Math.abs(k - m);
    if (km <= 15) {
      // Step 3.1: f(i)/f(i − 1) = (n + 1)r/i − r, multiplied from m + 1 up to k (or from k + 1 up to m).
      let f = 1;
      if (m < k) {
        for (let i = m + 1; i <= k; i++) f *= nr / i - r;
      } else if (m > k) {
        for (let i = k + 1; i <= m; i++) v *= nr / i - r;
      }
      if (v <= f) return k;
      continue;
    }
    // Step 3.2: squeeze ln(f(k)/f(m)) between t − ρ and t + ρ.
    const logV = Math.log(v);
    const rho = (km / npq) * (((km / 3 + 0.625) * km + 1 / 6) / npq + 0.5);
    const t = -(km * km) / (2 * npq);
    if (logV < t - rho) return k;
    if (logV > t + rho) continue;
    // Steps 3.3–3.4
    if (logV <= binomialLogPmfRatio(n, r, k, m)) return k;
  }
}

/**
 * ln(f(k)/f(m)) for the Binomial(n, p) pmf f, given r = p/(1 − p), as BTRD steps 3.3–3.4 compute it from
 * Stirling's formula with the remainders f_c, so that no large ln k! terms cancel: with n_m = n − m + 1 and
 * n_k = n − k + 1,
 *
 *     h = (m + ½)·ln((m + 1)/(r·n_m)) + f_c(m) + f_c(n − m)
 *     ln(f(k)/f(m)) = h + (n + 1)·ln(n_m/n_k) + (k + ½)·ln(n_k·r/(k + 1)) − f_c(k) − f_c(n − k).
 *
 * Exported for tests only.
 */
export function binomialLogPmfRatio(n: number, r: number, k: number, m: number): number {
  const nm = n - m + 1;
  const nk = n - k + 1;
  const h = (m + 0.5) * Math.log((m + 1) / (r * nm)) + stirlingCorrection(m) + stirlingCorrection(n - m);
  return (
    h +
    (n + 1) * Math.log(nm / nk) +
    (k + 0.5) * Math.log((nk * r) / (k + 1)) -
    stirlingCorrection(k) -
    stirlingCorrection(n - k)
  );
}

/**
 * A Poisson draw with mean λ conditioned on being at least 1: P(K = k) = λ^k·e^(−λ) / (k!·(1 − e^(−λ))), k ≥ 1.
 * For λ < 10, inversion from k = 1 with U scaled to (0, 1 − e^(−λ)); above, Poisson draws repeated until one is
 * positive (P(0) < 5·10^(−5) there). This is the number of events of a day known to hold at least one.
 */
export function zeroTruncatedPoisson(rng: RandomSource, lambda: number): number {
  if (!(lambda > 0 && lambda < Number.POSITIVE_INFINITY)) {
    throw new Error(`zero-truncated poisson rate must be finite and > 0, received ${lambda}`);
  }
  if (lambda >= INVERSION_MEAN_LIMIT) {
    for (;;) {
      const k = poisson(rng, lambda);
      if (k > 0) return k;
    }
  }
  const probabilityOfZero = Math.exp(-lambda);
  for (;;) {
    let u = rng.nextDouble() * -Math.expm1(-lambda);
    let k = 1;
    let probability = probabilityOfZero * lambda;
    while (u >= probability && probability > 0) {
      u -= probability;
      k++;
      probability *= lambda / k;
    }
    if (probability > 0) return k;
  }
}
