/**
 * Seeds and purposes: how a user's seed becomes a Philox key, and how a named use of randomness becomes its own
 * counter word.
 *
 * @module
 */

/** A Philox4x32 key: two unsigned 32-bit words, `[low, high]`. */
export type PhiloxKey = readonly [number, number];

const TWO_POW_32 = 0x1_0000_0000;
const MAX_SEED = (1n << 64n) - 1n;

/**
 * Turns a user seed, an integer s with 0 ≤ s ≤ 2^64 − 1, into the Philox key `[s mod 2^32, ⌊s / 2^32⌋]`
 * (low word first, as Random123 maps a 64-bit value onto two key words). A `number` seed must be a safe integer
 * (≤ 2^53 − 1); pass a `bigint` for larger seeds. Equal values give equal keys whichever type carries them.
 */
export function seedKey(seed: number | bigint): PhiloxKey {
  if (typeof seed === "bigint") {
    if (seed < 0n || seed > MAX_SEED) throw invalidSeed(`${seed}n`);
    return Object.freeze([Number(seed & 0xffff_ffffn), Number(seed >> 32n)] as const);
  }
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0) {
    throw invalidSeed(typeof seed === "number" ? String(seed) : JSON.stringify(seed));
  }
  if (!Number.isSafeInteger(seed)) {
    throw new Error(
      `seed ${seed} is above 2^53−1, where numbers lose precision; pass it as a bigint (e.g. ${BigInt(seed)}n)`,
    );
  }
  return Object.freeze([seed % TWO_POW_32, Math.floor(seed / TWO_POW_32)] as const);
}

function invalidSeed(received: string): Error {
  return new Error(`seed must be an integer from 0 to 2^64−1, received ${received}`);
}

/** FNV-1a 32-bit offset basis (Fowler, Noll and Vo; http://www.isthe.com/chongo/tech/comp/fnv/). */
const FNV_OFFSET_BASIS = 0x811c9dc5;
/** FNV-1a 32-bit prime, 2^24 + 2^8 + 0x93 (same source). */
const FNV_PRIME = 0x01000193;

/**
 * A stable 32-bit identifier for a named use of randomness, e.g. `purposeId("population.region")`, so that each use
 * draws from its own stream and adding a new use never shifts the draws of existing ones.
 *
 * It is 32-bit FNV-1a over the UTF-8 encoding of `name` (its bytes, not its UTF-16 code units; a lone surrogate
 * encodes as U+FFFD, as `TextEncoder` does): h₀ = 0x811C9DC5, hᵢ = (hᵢ₋₁ ⊕ byteᵢ) · 0x01000193 mod 2^32.
 * Distinct names collide with probability about 2^−32 per pair; compute ids once, outside hot loops.
 */
export function purposeId(name: string): number {
  if (typeof name !== "string" || name.length === 0) {
    throw new Error(`purpose name must be a non-empty string, received ${JSON.stringify(name)}`);
  }
  let hash = FNV_OFFSET_BASIS;
  for (let i = 0; i < name.length; i++) {
    let codePoint = name.charCodeAt(i);
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
      const next = i + 1 < name.length ? name.charCodeAt(i + 1) : 0;
      if (codePoint <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        codePoint = 0xfffd;
      }
    }
    if (codePoint < 0x80) {
      hash = fnvStep(hash, codePoint);
    } else if (codePoint < 0x800) {
      hash = fnvStep(hash, 0xc0 | (codePoint >>> 6));
      hash = fnvStep(hash, 0x80 | (codePoint & 0x3f));
    } else if (codePoint < 0x10000) {
      hash = fnvStep(hash, 0xe0 | (codePoint >>> 12));
      hash = fnvStep(hash, 0x80 | ((codePoint >>> 6) & 0x3f));
      hash = fnvStep(hash, 0x80 | (codePoint & 0x3f));
    } else {
      hash = fnvStep(hash, 0xf0 | (codePoint >>> 18));
      hash = fnvStep(hash, 0x80 | ((codePoint >>> 12) & 0x3f));
      hash = fnvStep(hash, 0x80 | ((codePoint >>> 6) & 0x3f));
      hash = fnvStep(hash, 0x80 | (codePoint & 0x3f));
    }
  }
  return hash >>> 0;
}

function fnvStep(hash: number, byte: number): number {
  return Math.imul(hash ^ byte, FNV_PRIME);
}
