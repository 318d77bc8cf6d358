/**
 * ln k! and its Stirling remainder, the two special functions that the Poisson and binomial rejection samplers
 * need. Internal to the rng subsystem.
 *
 * @module
 */

/** ½·ln(2π), to double precision. */
const HALF_LOG_TWO_PI = 0.9189385332046728;

/**
 * f_c(k) for k = 0 … 9, the table of Hörmann (1993), "The generation of binomial random variates", J. Statist.
 * Comput. Simul. 46, step 0 of BTRD; recomputed to 17 significant digits in 50-digit decimal arithmetic.
 */
const SMALL_CORRECTION = [
  0.08106146679532726, 0.0413406959554093, 0.02767792568499834, 0.020790672103765093, 0.016644691189821193,
  0.013876128823070748, 0.01189670994589177, 0.010411265261972096, 0.009255462182712733, 0.00833056343336287,
];

/**
 * The Stirling remainder f_c(k) = ln k! − [(k + ½)·ln(k + 1) − (k + 1) + ½·ln(2π)] for an integer k ≥ 0.
 *
 * For k ≥ 10 it is the asymptotic series in n = k + 1,
 * 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹), whose first omitted term, 691/(360360n¹¹),
 * is below 7·10^−15 for n ≥ 11 (Abramowitz & Stegun 6.1.41).
 */
export function stirlingCorrection(k: number): number {
  if (k < 10) return SMALL_CORRECTION[k];
  const inverse = 1 / (k + 1);
  const inverseSquared = inverse * inverse;
  return (
    inverse *
    (1 / 12 -
      inverseSquared *
        (1 / 360 - inverseSquared * (1 / 1260 - inverseSquared * (1 / 1680 - inverseSquared / 1188))))
  );
}

/** Largest k whose k! is exact in a double: 22! = 2^19 · m with odd m < 2^53, while 23! needs 56 bits. */
const EXACT_FACTORIAL_LIMIT = 22;
const TABLE_SIZE = 256;

const LOG_FACTORIAL_TABLE = new Float64Array(TABLE_SIZE);
{
  let factorial = 1;
  for (let k = 0; k < TABLE_SIZE; k++) {
    if (k <= EXACT_FACTORIAL_LIMIT) {
      if (k > 1) factorial *= k;
      LOG_FACTORIAL_TABLE[k] = Math.log(factorial);
    } else {
      LOG_FACTORIAL_TABLE[k] = stirlingLogFactorial(k);
    }
  }
}

function stirlingLogFactorial(k: number): number {
  return (k + 0.5) * Math.log(k + 1) - (k + 1) + HALF_LOG_TWO_PI + stirlingCorrection(k);
}

/**
 * ln k! for an integer k ≥ 0: ln of the exact k! for k ≤ 22, otherwise Stirling's series
 * (k + ½)·ln(k + 1) − (k + 1) + ½·ln(2π) + f_c(k); values below 256 come from a table built at load time.
 */
export function logFactorial(k: number): number {
  return k < TABLE_SIZE ? LOG_FACTORIAL_TABLE[k] : stirlingLogFactorial(k);
}

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; relative error below 1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let k = 1; k < 9; k++) sum += LANCZOS[k] / (z + k);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
