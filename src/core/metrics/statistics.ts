import { logGamma } from "../rng/logFactorial.js";

// Statistics for comparing replicates: means, Student-t confidence intervals (on a scale that keeps them in the
// measure's range) and the t quantiles.

/** Continued fraction of the regularised incomplete beta function (Numerical Recipes `betacf`, modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = Math.abs(d) < tiny ? tiny : d;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a - 1 + m2) * (a + m2));
    d = 1 + aa * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + aa / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + 1 + m2));
    d = 1 + aa * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + aa / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** The regularised incomplete beta function I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** The CDF of Student's t with ν degrees of freedom: 1 − ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0, by symmetry below. */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  const tail =
    0.5 * regularizedBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with ν degrees of freedom, by bisection on the CDF (to 1e-12). */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  if (!(p > 0 && p < 1))
    throw new Error(`t quantile needs a probability strictly between 0 and 1, received ${p}`);
  if (!(degreesOfFreedom > 0))
    throw new Error(`t quantile needs degrees of freedom > 0, received ${degreesOfFreedom}`);
  let low = -1e4;
  let high = 1e4;
  for (let k = 0; k < 200 && high - low > 1e-12; k++) {
    const middle = (low + high) / 2;
    if (studentTCdf(middle, degreesOfFreedom) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

/**
 * The scale a mean's interval is built on, so that it stays in the measure's range: `linear` (any real), `logit`
 * (a share in [0, 1]), `log` (a non-negative rate) or `atanh` (a difference of shares, in [−1, 1]).
 */
export type IntervalScale = "linear" | "logit" | "log" | "atanh";

/** A mean with its two-sided confidence interval; `low` and `high` are null when no interval can be given. */
export interface Interval {
  mean: number;
  low: number | null;
  high: number | null;
  /** Number of values it is computed from. */
  n: number;
}

/**
 * The mean m of `values` and its two-sided `level` (default 95%) Student-t confidence interval, built on `scale` by
 * the delta method and mapped back, with h = t_{(1+level)/2, n−1} · s/√n (s the sample standard deviation):
 * - linear: m ± h;
 * - logit: expit(logit(m) ± h/(m(1 − m))), inside (0, 1);
 * - log: m · exp(± h/m), inside (0, ∞);
 * - atanh: tanh(atanh(m) ± h/(1 − m²)), inside (−1, 1).
 * Each contains m, and is close to m ± h when h is small against the distance to the range's edge. A mean on the edge
 * of its range (every value 0, say) has s = 0 and the interval [m, m]. With one value no interval can be given
 * (low and high null); with none, undefined.
 */
export function meanInterval(
  values: readonly number[],
  scale: IntervalScale = "linear",
  level = 0.95,
): Interval | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  if (n === 1) return { mean, low: null, high: null, n };
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  const half = studentTQuantile((1 + level) / 2, n - 1) * Math.sqrt(variance / n);
  if (scale === "logit" && mean > 0 && mean < 1) {
    const centre = Math.log(mean / (1 - mean));
    const spread = half / (mean * (1 - mean));
    const expit = (x: number) => 1 / (1 + Math.exp(-x));
    return around(mean, expit(centre - spread), expit(centre + spread), n);
  }
  if (scale === "log" && mean > 0) {
    const factor = Math.exp(half / mean);
    return around(mean, mean / factor, mean * factor, n);
  }
  if (scale === "atanh" && mean > -1 && mean < 1) {
    const centre = Math.atanh(mean);
    const spread = half / (1 - mean * mean);
    return around(mean, Math.tanh(centre - spread), Math.tanh(centre + spread), n);
  }
  if (scale !== "linear") return { mean, low: mean, high: mean, n };
  return { mean, low: mean - half, high: mean + half, n };
}

/**
 * An interval mapped back from another scale, made to contain its mean: with no spread, expit(logit(m)) or
 * tanh(atanh(m)) may come back an ulp beyond m.
 */
function around(mean: number, low: number, high: number, n: number): Interval {
  return { mean, low: Math.min(low, mean), high: Math.max(high, mean), n };
}
