/**
 * A source of uniform random numbers, the only thing the samplers need. `CounterRng` is the engine's
 * implementation; tests may supply scripted ones.
 */
export interface RandomSource {
  /** The next unsigned 32-bit integer, uniform on [0, 2^32 − 1]. */
  nextUint32(): number;
  /** The next double, uniform on the 2^53 multiples of 2^−53 in [0, 1). */
  nextDouble(): number;
}
