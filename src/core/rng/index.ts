/**
 * Counter-based randomness: every draw is a pure function of (seed, purpose, citizen, day, counter), computed
 * by Philox4x32-10, so results do not depend on evaluation order or thread count.
 *
 * Words and `nextDouble()` values are bit-identical on every platform. Samplers that call `Math.log`, `Math.exp`,
 * `Math.cos` or `**` are bit-identical within one JavaScript engine; ECMAScript leaves the last-bit rounding of
 * those functions to the engine, so two engines may disagree in the last bits (and, very rarely, on a rejection
 * step).
 *
 * @module
 */
// biome-ignore-all assist/source/organizeImports: values first, then types in their own block
export { AliasTable } from "./aliasTable.js";
export { exponential, gamma, normal, uniform } from "./continuous.js";
export { discreteGamma, PROPENSITY_LEVELS } from "./discreteGamma.js";
export { bernoulli, binomial, poisson, zeroTruncatedPoisson } from "./discrete.js";
export { purposeId, seedKey } from "./key.js";
export { philox4x32 } from "./philox.js";
export { CounterRng, uniformAt } from "./stream.js";

export type { PhiloxKey } from "./key.js";
export type { RandomSource } from "./types.js";
