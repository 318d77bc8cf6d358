// The standard normal quantile function Φ⁻¹, by Wichura's algorithm AS 241 (PPND16): "The percentage points of the
// normal distribution", Applied Statistics 37(3), 1988, pp. 477–484: rational approximations in three regions,
// accurate to about 1 part in 10^16. The coefficients are the paper's, as the nearest doubles.

const SPLIT1 = 0.425;
const SPLIT2 = 5;
const CONST1 = 0.180625;
const CONST2 = 1.6;

// |p − 0.5| ≤ 0.425: Φ⁻¹(p) = q · A(r) / B(r), q = p − 0.5, r = 0.180625 − q².
const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854,
];
// Otherwise r = √(−ln min(p, 1 − p)); r ≤ 5: C(r − 1.6) / D(r − 1.6).
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
// r > 5: E(r − 5) / F(r − 5).
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

/** c0 + c1 x + … + c7 x⁷, by Horner's rule. */
function polynomial(coefficients: readonly number[], x: number): number {
  let sum = 0;
  for (let k = coefficients.length - 1; k >= 0; k--) sum = sum * x + coefficients[k];
  return sum;
}

/**
 * Φ⁻¹(p), the standard normal's quantile: the x with P(Z ≤ x) = p, for 0 < p < 1 (−∞ at 0, +∞ at 1, NaN outside).
 * Exactly 0 at p = 0.5.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= SPLIT1) {
    const r = CONST1 - q * q;
    return (q * polynomial(A, r)) / polynomial(B, r);
  }
  const r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  const x =
    r <= SPLIT2
      ? polynomial(C, r - CONST2) / polynomial(D, r - CONST2)
      : polynomial(E, r - SPLIT2) / polynomial(F, r - SPLIT2);
  return q < 0 ? -x : x;
}
