/**
 * Test functions with known Sobol indices, to check the designs and estimators end to end: Ishigami and Homma's
 * (1990) function and Sobol's G-function (Saltelli and Sobol 1995).
 *
 * @module
 */

/** Analytic Sobol indices of a test function: first-order and total per input, second-order per pair (i < j). */
export interface AnalyticIndices {
  first: number[];
  total: number[];
  second: { i: number; j: number; value: number }[];
}

/**
 * The Ishigami function (Ishigami and Homma 1990) on x ∈ [−π, π]³:
 * f(x) = sin x₁ + a sin² x₂ + b x₃⁴ sin x₁.
 */
export function ishigami(x: ArrayLike<number>, a = 7, b = 0.1): number {
  const sin1 = Math.sin(x[0]);
  const sin2 = Math.sin(x[1]);
  return sin1 + a * sin2 * sin2 + b * x[2] ** 4 * sin1;
}

/**
 * The Ishigami function's indices for independent uniform inputs on [−π, π] (Sobol and Levitan 1999; Saltelli et
 * al. 2008, §4.10): V₁ = ½(1 + bπ⁴/5)², V₂ = a²/8, V₃ = 0, V₁₃ = b²π⁸(1/18 − 1/50) = 8b²π⁸/225, the other
 * interactions 0, and V = a²/8 + bπ⁴/5 + b²π⁸/18 + ½. So S_i = V_i/V, S₁₃ = V₁₃/V, ST₁ = (V₁ + V₁₃)/V,
 * ST₂ = V₂/V, ST₃ = V₁₃/V. With a = 7, b = 0.1: S = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437.
 */
export function ishigamiIndices(a = 7, b = 0.1): AnalyticIndices {
  const pi4 = Math.PI ** 4;
  const v1 = 0.5 * (1 + (b * pi4) / 5) ** 2;
  const v2 = (a * a) / 8;
  const v13 = (8 * b * b * pi4 * pi4) / 225;
  const v = (a * a) / 8 + (b * pi4) / 5 + (b * b * pi4 * pi4) / 18 + 0.5;
  return {
    first: [v1 / v, v2 / v, 0],
    total: [(v1 + v13) / v, v2 / v, v13 / v],
    second: [
      { i: 0, j: 1, value: 0 },
      { i: 0, j: 2, value: v13 / v },
      { i: 1, j: 2, value: 0 },
    ],
  };
}

/**
 * Sobol's G-function (Saltelli and Sobol 1995) on x ∈ [0, 1]^d, with one a_i ≥ 0 per input (the larger a_i, the
 * less x_i matters): f(x) = Π_i (|4x_i − 2| + a_i) / (1 + a_i).
 */
export function gFunction(x: ArrayLike<number>, a: readonly number[]): number {
  let product = 1;
  for (let i = 0; i < a.length; i++) product *= (Math.abs(4 * x[i] - 2) + a[i]) / (1 + a[i]);
  return product;
}

/**
 * The G-function's indices for independent uniform inputs on [0, 1] (Saltelli et al. 2008, §3.6): the partial
 * variances V_i = 1 / (3(1 + a_i)²), V = Π_i (1 + V_i) − 1, S_i = V_i / V, S_ij = V_i V_j / V and
 * ST_i = V_i Π_{j≠i} (1 + V_j) / V. With a = [0, 1, 4.5, 9, 99, 99, 99, 99]: S = 0.7162, 0.1790, 0.0237, 0.0072,
 * 0.0001 …; ST = 0.7871, 0.2422, 0.0343, 0.0105, 0.0001 ….
 */
export function gFunctionIndices(a: readonly number[]): AnalyticIndices {
  const partial = a.map((ai) => 1 / (3 * (1 + ai) ** 2));
  const variance = partial.reduce((product, vi) => product * (1 + vi), 1) - 1;
  const second: AnalyticIndices["second"] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) second.push({ i, j, value: (partial[i] * partial[j]) / variance });
  }
  return {
    first: partial.map((vi) => vi / variance),
    total: partial.map((vi) => (vi * (variance + 1)) / (1 + vi) / variance),
    second,
  };
}
