/**
 * Reference statistics for testing samplers: special functions, distribution functions, and the chi-square and
 * Kolmogorov–Smirnov goodness-of-fit tests. Written for clarity and double-precision accuracy, not speed.
 */

/**
 * Lanczos coefficients for g = 7, n = 9 (P. Godfrey's set, as listed in Wikipedia's "Lanczos approximation");
 * relative error about 1e−15 for x ≥ ½.
 */
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LOG_SQRT_TWO_PI = 0.9189385332046728;

/** ln Γ(x) for x > 0, by the Lanczos approximation (reflection Γ(x)Γ(1 − x) = π/sin(πx) below ½). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new Error(`logGamma needs x > 0, received ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let series = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i++) series += LANCZOS_COEFFICIENTS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return LOG_SQRT_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(series);
}

const GAMMA_EPSILON = 1e-16;
const GAMMA_MAX_ITERATIONS = 10_000;
const TINY = 1e-300;

/**
 * Regularised lower incomplete gamma P(a, x) = γ(a, x)/Γ(a), for a > 0 and x ≥ 0: the series for x < a + 1,
 * otherwise 1 − Q by the continued fraction (Numerical Recipes `gammp`, `gser`, `gcf`).
 */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new Error(`regularizedGammaP needs a > 0 and x ≥ 0, received ${a}, ${x}`);
  if (x === 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), computed directly in each regime (no cancellation). */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) throw new Error(`regularizedGammaQ needs a > 0 and x ≥ 0, received ${a}, ${x}`);
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

/** P(a, x) = e^(−x)·x^a/Γ(a) · Σₙ xⁿ/(a(a + 1)…(a + n)). */
function gammaSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < GAMMA_MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * GAMMA_EPSILON) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Q(a, x) by Legendre's continued fraction, evaluated with the modified Lentz method. */
function gammaContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < GAMMA_MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < GAMMA_EPSILON) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** The chi-square upper tail P(χ²_df ≥ statistic) = Q(df/2, statistic/2). */
export function chiSquarePValue(statistic: number, degreesOfFreedom: number): number {
  return regularizedGammaQ(degreesOfFreedom / 2, statistic / 2);
}

/** Gamma CDF with shape k and scale θ: P(k, x/θ). */
export function gammaCdf(x: number, shape: number, scale: number): number {
  return x <= 0 ? 0 : regularizedGammaP(shape, x / scale);
}

/** Standard normal CDF Φ(x) = ½(1 + erf(x/√2)), with erf(y) = P(½, y²) for y ≥ 0. */
export function normalCdf(x: number): number {
  const half = 0.5 * regularizedGammaP(0.5, (x * x) / 2);
  return x >= 0 ? 0.5 + half : 0.5 - half;
}

/** ln P(K = k) for K ~ Poisson(λ): k·ln λ − λ − ln k!. */
export function poissonLogPmf(k: number, lambda: number): number {
  return k * Math.log(lambda) - lambda - logGamma(k + 1);
}

/** ln P(K = k) for K ~ Binomial(n, p): ln C(n, k) + k·ln p + (n − k)·ln(1 − p). */
export function binomialLogPmf(k: number, n: number, p: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/** Result of a goodness-of-fit test: the statistic and the probability of one at least as extreme under H₀. */
export interface GoodnessOfFit {
  statistic: number;
  pValue: number;
}

/** Result of a chi-square test, with its degrees of freedom. */
export interface ChiSquareResult extends GoodnessOfFit {
  degreesOfFreedom: number;
}

/**
 * Pearson's chi-square test of observed counts against bin probabilities (which should sum to 1 and cover the
 * support, tails included). Adjacent bins are merged left to right until each expected count is at least
 * `minExpected`; a short remainder joins the last merged bin. Degrees of freedom: merged bins − 1.
 */
export function chiSquareTest(
  observed: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  minExpected = 5,
): ChiSquareResult {
  if (observed.length !== probabilities.length)
    throw new Error("observed and probabilities differ in length");
  let total = 0;
  for (let i = 0; i < observed.length; i++) total += observed[i];
  const mergedObserved: number[] = [];
  const mergedExpected: number[] = [];
  let pendingObserved = 0;
  let pendingExpected = 0;
  for (let i = 0; i < observed.length; i++) {
    pendingObserved += observed[i];
    pendingExpected += probabilities[i] * total;
    if (pendingExpected >= minExpected) {
      mergedObserved.push(pendingObserved);
      mergedExpected.push(pendingExpected);
      pendingObserved = 0;
      pendingExpected = 0;
    }
  }
  if (pendingExpected > 0 || pendingObserved > 0) {
    if (mergedExpected.length === 0) throw new Error("too few expected counts for a chi-square test");
    mergedObserved[mergedObserved.length - 1] += pendingObserved;
    mergedExpected[mergedExpected.length - 1] += pendingExpected;
  }
  let statistic = 0;
  for (let i = 0; i < mergedObserved.length; i++) {
    const difference = mergedObserved[i] - mergedExpected[i];
    statistic += (difference * difference) / mergedExpected[i];
  }
  const degreesOfFreedom = mergedObserved.length - 1;
  return { statistic, degreesOfFreedom, pValue: chiSquarePValue(statistic, degreesOfFreedom) };
}

/**
 * Chi-square test of integer draws against a discrete distribution on {0, 1, …}: bins k = 0 … maxBin − 1 with
 * probability pmf(k), and a last bin for k ≥ maxBin holding the remaining probability 1 − Σ pmf.
 */
export function discreteChiSquareTest(
  draws: ArrayLike<number>,
  pmf: (k: number) => number,
  maxBin: number,
): ChiSquareResult {
  const observed = new Float64Array(maxBin + 1);
  for (let i = 0; i < draws.length; i++) observed[Math.min(draws[i], maxBin)]++;
  const probabilities = new Float64Array(maxBin + 1);
  let covered = 0;
  for (let k = 0; k < maxBin; k++) {
    probabilities[k] = pmf(k);
    covered += probabilities[k];
  }
  probabilities[maxBin] = Math.max(0, 1 - covered);
  return chiSquareTest(observed, probabilities);
}

/**
 * The one-sample Kolmogorov–Smirnov statistic D = sup |Fₙ(x) − F(x)|, for samples sorted ascending:
 * max over i of max(i/n − F(x₍ᵢ₎), F(x₍ᵢ₎) − (i − 1)/n).
 */
export function ksStatistic(sorted: ArrayLike<number>, cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/**
 * The Kolmogorov distribution's upper tail Q(λ) = 2 Σⱼ₌₁^∞ (−1)^(j−1) e^(−2j²λ²), which is P(√n·D > λ) as n → ∞.
 */
export function kolmogorovQ(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += j % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/**
 * The asymptotic p-value of a KS statistic from n samples, Q((√n + 0.12 + 0.11/√n)·D) with Stephens' (1970)
 * small-sample correction (Numerical Recipes `ksone`).
 */
export function ksPValue(d: number, n: number): number {
  const root = Math.sqrt(n);
  return kolmogorovQ((root + 0.12 + 0.11 / root) * d);
}

/** KS test of unsorted samples against a continuous CDF (the samples are sorted in place). */
export function ksTest(samples: Float64Array, cdf: (x: number) => number): GoodnessOfFit {
  samples.sort();
  const statistic = ksStatistic(samples, cdf);
  return { statistic, pValue: ksPValue(statistic, samples.length) };
}
