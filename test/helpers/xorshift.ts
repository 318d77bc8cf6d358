/**
 * A fixed walk of Marsaglia's xorshift32 from `seed` (non-zero): unsigned 32-bit words over the whole range, for
 * tests that want a spread of ordinary inputs, the same on every run.
 */
export function xorshift32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}
