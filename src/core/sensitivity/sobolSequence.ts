/**
 * The Sobol low-discrepancy sequence (Sobol 1967), unscrambled, in Gray-code order (Antonov and Saleev 1979), with
 * Joe and Kuo's direction numbers (new-joe-kuo-6.21201; Joe and Kuo 2008): the points scipy.stats.qmc.Sobol
 * (scramble=False) and Joe and Kuo's own generator give.
 *
 * @module
 */
import { SOBOL_DIRECTIONS } from "./sobolDirections.js";

/** How many dimensions the direction-number table holds (sobolDirections.ts). */
export const SOBOL_MAX_DIMENSION = SOBOL_DIRECTIONS.length;

/** Bits of each coordinate: point indexes run up to 2^32 − 1 and coordinates are multiples of 2^−32. */
const BITS = 32;
const TWO_POW_32 = 2 ** 32;
const TWO_POW_MINUS_32 = 2 ** -32;

/** Direction numbers V_k (k = 0 … 31) of each dimension, dimension-major, computed once. */
let directions: Uint32Array | null = null;

/**
 * The direction numbers V_k = m_{k+1} · 2^(31−k) of every dimension. For a dimension whose primitive polynomial is
 * x^s + a₁x^(s−1) + … + a_{s−1}x + 1, the first s are the table's m₁ … m_s and the rest follow Bratley and Fox's
 * (1988) recurrence, as in Joe and Kuo's generator:
 * V_k = V_{k−s} ⊕ (V_{k−s} ≫ s) ⊕ a₁V_{k−1} ⊕ a₂V_{k−2} ⊕ … ⊕ a_{s−1}V_{k−s+1}.
 * The first dimension has V_k = 2^(31−k) (the van der Corput sequence in base 2).
 */
function directionNumbers(): Uint32Array {
  if (directions !== null) return directions;
  const table = new Uint32Array(SOBOL_MAX_DIMENSION * BITS);
  for (let dimension = 0; dimension < SOBOL_MAX_DIMENSION; dimension++) {
    const [polynomial, initial] = SOBOL_DIRECTIONS[dimension];
    const v = table.subarray(dimension * BITS, (dimension + 1) * BITS);
    if (dimension === 0) {
      for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
      continue;
    }
    const degree = 31 - Math.clz32(polynomial);
    // The inner coefficients a₁ … a_{s−1}, a₁ the most significant bit.
    const inner = (polynomial >>> 1) & ((1 << (degree - 1)) - 1);
    for (let k = 0; k < degree; k++) v[k] = initial[k] * 2 ** (BITS - 1 - k);
    for (let k = degree; k < BITS; k++) {
      let next = v[k - degree] ^ (v[k - degree] >>> degree);
      for (let l = 1; l < degree; l++) {
        if ((inner >>> (degree - 1 - l)) & 1) next ^= v[k - l];
      }
      v[k] = next >>> 0;
    }
  }
  directions = table;
  return table;
}

/**
 * Points `skip` … `skip + count − 1` of the Sobol sequence in `dimension` dimensions (1 to `SOBOL_MAX_DIMENSION`),
 * each a `Float64Array` of coordinates in [0, 1). Point i is X_i · 2^−32, where X_i is the exclusive or of the
 * direction numbers V_k over the bits k set in i's Gray code i ⊕ ⌊i / 2⌋; point 0 is the all-zero point.
 * Successive points differ by one direction number: X_{i+1} = X_i ⊕ V_c, c the index of the lowest zero bit of i.
 */
export function sobolPoints(dimension: number, count: number, skip = 0): Float64Array[] {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > SOBOL_MAX_DIMENSION) {
    throw new RangeError(
      `Sobol sequence dimension must be an integer from 1 to ${SOBOL_MAX_DIMENSION}, received ${dimension}`,
    );
  }
  if (
    !Number.isInteger(count) ||
    count < 0 ||
    !Number.isInteger(skip) ||
    skip < 0 ||
    skip + count > TWO_POW_32
  ) {
    throw new RangeError(
      `Sobol points must lie at indexes from 0 to 2^32 − 1, received count ${count} from index ${skip}`,
    );
  }
  const v = directionNumbers();
  const state = new Uint32Array(dimension);
  // Jump to point `skip`: the exclusive or of V_k over the set bits of its Gray code.
  const gray = grayCode(skip);
  for (let k = 0; k < BITS; k++) {
    if (Math.floor(gray / 2 ** k) % 2 === 1) {
      for (let j = 0; j < dimension; j++) state[j] ^= v[j * BITS + k];
    }
  }
  const points: Float64Array[] = [];
  for (let n = 0; n < count; n++) {
    const point = new Float64Array(dimension);
    for (let j = 0; j < dimension; j++) point[j] = state[j] * TWO_POW_MINUS_32;
    points.push(point);
    const index = skip + n;
    if (index + 1 < TWO_POW_32) {
      const lowestZero = lowestZeroBit(index);
      for (let j = 0; j < dimension; j++) state[j] ^= v[j * BITS + lowestZero];
    }
  }
  return points;
}

/** i ⊕ ⌊i / 2⌋ for 0 ≤ i < 2^32, as an unsigned integer. */
function grayCode(index: number): number {
  return (index ^ Math.floor(index / 2)) >>> 0;
}

/** The index of the lowest zero bit of i (0 ≤ i < 2^32 − 1): the number of trailing ones. */
function lowestZeroBit(index: number): number {
  const lowestZero = ~index & (index + 1);
  return 31 - Math.clz32(lowestZero);
}
