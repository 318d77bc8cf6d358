/**
 * Random streams addressed by (seed, purpose, citizen, day).
 *
 * Every word is Philox4x32-10 of the counter `[citizen, day, purpose, block]` under the key `seedKey(seed)`;
 * block b of a stream holds its words 4b … 4b + 3 (lane order). A stream's draw sequence is therefore a fixed
 * function of (seed, purpose, citizen, day) alone: it does not depend on which other streams were drawn, in what
 * order, or on how many threads or workers share the population. That is what makes results independent of
 * thread count and lets any single draw be recomputed in isolation.
 *
 * @module
 */
import type { PhiloxKey } from "./key.js";
import { philox4x32 } from "./philox.js";
import type { RandomSource } from "./types.js";

/** 2^26 shifts a high part above 26 low bits; 2^−52 and 2^−53 scale 52- and 53-bit integers into [0, 1). */
const TWO_POW_26 = 0x400_0000;
const TWO_POW_MINUS_52 = 2 ** -52;
const TWO_POW_MINUS_53 = 2 ** -53;
const TWO_POW_MINUS_32 = 2 ** -32;
const MAX_UINT32 = 0xffff_ffff;
/** Largest index `uniformAt` accepts: two doubles per block, 2^32 blocks. */
const MAX_DOUBLE_INDEX = 2 ** 33 - 1;

/**
 * A random stream that a hot loop repositions with `reset` instead of allocating a new one per citizen.
 *
 * Words are drawn in order: word n of the (purpose, citizen, day) stream is lane n mod 4 of
 * `philox4x32(citizen, day, purpose, ⌊n / 4⌋, key[0], key[1])`. A stream holds 2^34 words; drawing more throws.
 *
 * @example
 * const rng = new CounterRng(seedKey(42));
 * const region = purposeId("population.region");
 * for (let citizen = 0; citizen < count; citizen++) regionOf[citizen] = table.sample(rng.reset(region, citizen, 0));
 */
export class CounterRng implements RandomSource {
  private readonly key0: number;
  private readonly key1: number;
  private purpose: number;
  private citizen: number;
  private day: number;
  /** The block that the next refill computes. */
  private block: number;
  private readonly words: Uint32Array;
  /** Index into `words` of the next unused word; 4 when the block is used up. */
  private lane: number;

  /** A stream under `key` (from `seedKey`), positioned at the start of (purpose, citizen, day). */
  constructor(key: PhiloxKey, purpose = 0, citizen = 0, day = 0) {
    this.key0 = assertUint32("key[0]", key[0]);
    this.key1 = assertUint32("key[1]", key[1]);
    this.purpose = 0;
    this.citizen = 0;
    this.day = 0;
    this.block = 0;
    this.words = new Uint32Array(4);
    this.lane = 4;
    this.reset(purpose, citizen, day);
  }

  /**
   * Repositions this object at the first word of the (purpose, citizen, day) stream and returns it. Allocates
   * nothing; the Philox block is computed lazily on the next draw.
   */
  reset(purpose: number, citizen: number, day: number): this {
    this.purpose = assertUint32("purpose", purpose);
    this.citizen = assertUint32("citizen", citizen);
    this.day = assertUint32("day", day);
    this.block = 0;
    this.lane = 4;
    return this;
  }

  /** The next word of the stream, an unsigned 32-bit integer. */
  nextUint32(): number {
    if (this.lane === 4) this.refill();
    return this.words[this.lane++];
  }

  /**
   * The next uniform in [0, 1) with 32 random bits, w · 2^−32 for the next word w: half the cost of
   * `nextDouble()`, for decisions (a Bernoulli trial, a choice among a few options) where 2^−32 resolution is
   * plenty.
   */
  nextUnit32(): number {
    if (this.lane === 4) this.refill();
    return this.words[this.lane++] * TWO_POW_MINUS_32;
  }

  /**
   * The next double in [0, 1) with 53 random bits, from the next two words w₀, w₁:
   * (⌊w₀ / 2^5⌋ · 2^26 + ⌊w₁ / 2^6⌋) · 2^−53 (the high 27 bits of w₀ above the high 26 bits of w₁).
   */
  nextDouble(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * TWO_POW_26 + low) * TWO_POW_MINUS_53;
  }

  /**
   * The next double in the open interval (0, 1), safe for logarithms, from the next two words w₀, w₁:
   * (⌊w₀ / 2^6⌋ · 2^26 + ⌊w₁ / 2^6⌋ + ½) · 2^−52, the midpoints of the 2^52 cells of width 2^−52. It lies in
   * [2^−53, 1 − 2^−53] and is symmetric: u and 1 − u have the same distribution.
   */
  nextOpenDouble(): number {
    const high = this.nextUint32() >>> 6;
    const low = this.nextUint32() >>> 6;
    return (high * TWO_POW_26 + low + 0.5) * TWO_POW_MINUS_52;
  }

  private refill(): void {
    if (this.block > MAX_UINT32) {
      throw new Error(
        `random stream (purpose ${this.purpose}, citizen ${this.citizen}, day ${this.day}) is exhausted after ` +
          `2^34 words; split the work across more purposes`,
      );
    }
    philox4x32(this.citizen, this.day, this.purpose, this.block, this.key0, this.key1, this.words);
    this.block++;
    this.lane = 0;
  }
}

const scratch = new Uint32Array(4);

/**
 * A one-off draw: the n-th double (n = `index`, from 0) of the (purpose, citizen, day) stream under `key`, that is
 * the value of the (n + 1)-th `nextDouble()` on a freshly reset `CounterRng` that has drawn nothing but doubles.
 * It reads words 2n and 2n + 1 (lanes 2(n mod 2) and 2(n mod 2) + 1 of block ⌊n / 2⌋), so n ≤ 2^33 − 1.
 * Allocates nothing.
 */
export function uniformAt(
  key: PhiloxKey,
  purpose: number,
  citizen: number,
  day: number,
  index: number,
): number {
  if (!Number.isInteger(index) || index < 0 || index > MAX_DOUBLE_INDEX) {
    throw new Error(`uniformAt index must be an integer from 0 to 2^33−1, received ${index}`);
  }
  philox4x32(
    assertUint32("citizen", citizen),
    assertUint32("day", day),
    assertUint32("purpose", purpose),
    Math.floor(index / 2),
    assertUint32("key[0]", key[0]),
    assertUint32("key[1]", key[1]),
    scratch,
  );
  const lane = (index % 2) * 2;
  const high = scratch[lane] >>> 5;
  const low = scratch[lane + 1] >>> 6;
  return (high * TWO_POW_26 + low) * TWO_POW_MINUS_53;
}

function assertUint32(name: string, value: number): number {
  if (value >>> 0 !== value) {
    throw new Error(`${name} must be an integer from 0 to 2^32−1, received ${String(value)}`);
  }
  return value;
}
