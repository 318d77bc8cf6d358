/**
 * Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as
 * easy as 1, 2, 3" (SC '11, doi:10.1145/2063384.2063405), as implemented in Random123
 * (https://github.com/DEShawResearch/random123, `include/Random123/philox.h`).
 *
 * It is a keyed bijection of 128-bit counters: the same (counter, key) always gives the same four words, and
 * distinct counters give independent-looking outputs, so no generator state ever has to be stored or shared.
 *
 * @module
 */
import { philoxWasm } from "./philoxWasm.js";

/** Round multiplier for lanes 0–1 (Random123 `PHILOX_M4x32_0`). */
const M0 = 0xd2511f53;
/** Round multiplier for lanes 2–3 (Random123 `PHILOX_M4x32_1`). */
const M1 = 0xcd9e8d57;
/** Key schedule increment for key word 0: ⌊2^32 / φ⌋, the golden ratio (Random123 `PHILOX_W32_0`). */
const W0 = 0x9e3779b9;
/** Key schedule increment for key word 1: ⌊2^32 · (√3 − 1)⌋ (Random123 `PHILOX_W32_1`). */
const W1 = 0xbb67ae85;
/** Philox4x32-10: the Random123 default and the round count of the published known-answer vectors. */
const ROUNDS = 10;

const TWO_POW_16 = 0x10000;
const M0_HIGH = M0 >>> 16;
const M0_LOW = M0 & 0xffff;
const M1_HIGH = M1 >>> 16;
const M1_LOW = M1 & 0xffff;

/**
 * The high 32 bits of the 64-bit product of two unsigned 32-bit integers, ⌊a·b / 2^32⌋.
 *
 * Exact in doubles: with b = bHi·2^16 + bLo (16-bit halves), a·b = a·bHi·2^16 + a·bLo, and both a·bHi and a·bLo
 * are below 2^48 < 2^53. Since ⌊(y·2^16 + x) / 2^32⌋ = ⌊(y + ⌊x / 2^16⌋) / 2^16⌋ for integers x, y ≥ 0, and the
 * inner sum stays below 2^49, every step is exact.
 */
export function mulhi32(a: number, b: number): number {
  const bHi = b >>> 16;
  const bLo = b & 0xffff;
  const lowPart = (a >>> 0) * bLo;
  const highPart = (a >>> 0) * bHi;
  return Math.floor((highPart + Math.floor(lowPart / TWO_POW_16)) / TWO_POW_16);
}

const wasm = philoxWasm();

/**
 * Philox4x32-10 block function: encrypts the counter (c0, c1, c2, c3) under the key (k0, k1) and writes the four
 * output words to `out[offset … offset + 3]`. All arguments are unsigned 32-bit integers; allocates nothing.
 *
 * It runs the WebAssembly version (`philoxWasm`), about four times as fast, where the platform has WebAssembly, and
 * `philox4x32Js` otherwise: the same words either way.
 */
export const philox4x32: typeof philox4x32Js =
  wasm === undefined
    ? philox4x32Js
    : (c0, c1, c2, c3, k0, k1, out, offset = 0) => {
        wasm.block(c0, c1, c2, c3, k0, k1);
        const words = wasm.words;
        out[offset] = words[0];
        out[offset + 1] = words[1];
        out[offset + 2] = words[2];
        out[offset + 3] = words[3];
      };

/**
 * Philox4x32-10 block function in JavaScript: encrypts the counter (c0, c1, c2, c3) under the key (k0, k1) and writes the four
 * output words to `out[offset … offset + 3]`. All arguments are unsigned 32-bit integers; allocates nothing.
 *
 * Each of the 10 rounds, with keys (k0, k1) bumped by (W0, W1) mod 2^32 before every round but the first, maps
 *
 *     (x0, x1, x2, x3) → (hi(M1·x2) ⊕ x1 ⊕ k0,  lo(M1·x2),  hi(M0·x0) ⊕ x3 ⊕ k1,  lo(M0·x0))
 *
 * where hi and lo are the high and low 32 bits of the 64-bit product (Random123 `_philox4x32round`).
 */
export function philox4x32Js(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
  offset = 0,
): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) {
      key0 = (key0 + W0) | 0;
      key1 = (key1 + W1) | 0;
    }
    // hi(x0·M0) and hi(x2·M1) from 16-bit halves: every partial product is below 2^32 and every sum below 2^33,
    // so the arithmetic stays exact in integers and doubles (faster than mulhi32's divisions; same result).
    let high = x0 >>> 16;
    let low = x0 & 0xffff;
    let p1 = low * M0_HIGH;
    let p2 = high * M0_LOW;
    let middle = ((low * M0_LOW) >>> 16) + (p1 & 0xffff) + (p2 & 0xffff);
    const hi0 = (high * M0_HIGH + (p1 >>> 16) + (p2 >>> 16) + (middle >>> 16)) | 0;
    const lo0 = Math.imul(x0, M0);
    high = x2 >>> 16;
    low = x2 & 0xffff;
    p1 = low * M1_HIGH;
    p2 = high * M1_LOW;
    middle = ((low * M1_LOW) >>> 16) + (p1 & 0xffff) + (p2 & 0xffff);
    const hi1 = (high * M1_HIGH + (p1 >>> 16) + (p2 >>> 16) + (middle >>> 16)) | 0;
    const lo1 = Math.imul(x2, M1);
    x0 = hi1 ^ x1 ^ key0;
    x1 = lo1;
    x2 = hi0 ^ x3 ^ key1;
    x3 = lo0;
  }
  out[offset] = x0;
  out[offset + 1] = x1;
  out[offset + 2] = x2;
  out[offset + 3] = x3;
}
