import { expect, it } from "vitest";
import { CounterRng, philox4x32, purposeId, seedKey, uniformAt } from "../../../src/core/rng/index.js";
import { chiSquareTest, ksTest } from "../../helpers/stats.js";
import { ALPHA, drawFromOneStream, TEST_SEED } from "./draws.js";

const key = seedKey(TEST_SEED);
const region = purposeId("population.region");

function words(rng: CounterRng, count: number): number[] {
  return Array.from({ length: count }, () => rng.nextUint32());
}

it("CounterRng.nextUint32() yields the Philox words of counter [citizen, day, purpose, block] in lane order", () => {
  const rng = new CounterRng(key, region, 17, 3);
  const expected: number[] = [];
  const block = new Uint32Array(4);
  for (let b = 0; b < 3; b++) {
    philox4x32(17, 3, region, b, key[0], key[1], block);
    expected.push(...block);
  }
  expect(words(rng, 12)).toEqual(expected);
});

it("CounterRng gives the same sequence for the same (seed, purpose, citizen, day)", () => {
  const first = new CounterRng(seedKey(99), region, 5, 8);
  const second = new CounterRng(seedKey(99n), region, 5, 8);
  expect(words(first, 50)).toEqual(words(second, 50));
});

it("CounterRng gives different sequences when seed, purpose, citizen or day differ", () => {
  const base = words(new CounterRng(key, region, 5, 8), 8);
  const variants = [
    new CounterRng(seedKey(TEST_SEED + 1), region, 5, 8),
    new CounterRng(seedKey(BigInt(TEST_SEED) + 2n ** 32n), region, 5, 8),
    new CounterRng(key, purposeId("population.age"), 5, 8),
    new CounterRng(key, region, 6, 8),
    new CounterRng(key, region, 5, 9),
  ];
  for (const variant of variants) expect(words(variant, 8)).not.toEqual(base);
});

it("CounterRng.reset() repositions mid-stream and reproduces the stream from its start", () => {
  const fresh = words(new CounterRng(key, region, 40, 2), 10);
  const rng = new CounterRng(key, region, 40, 2);
  rng.nextUint32();
  rng.nextDouble();
  rng.reset(purposeId("other"), 41, 2).nextUint32();
  expect(rng.reset(region, 40, 2)).toBe(rng);
  expect(words(rng, 10)).toEqual(fresh);
});

it("CounterRng draws of one stream do not depend on draws of other streams in between", () => {
  const alone = words(new CounterRng(key, region, 1, 0), 6);
  const shared = new CounterRng(key, region, 1, 0);
  const interleaved = [shared.nextUint32(), shared.nextUint32()];
  const other = new CounterRng(key, region, 2, 0);
  other.nextDouble();
  interleaved.push(...words(shared, 4));
  expect(interleaved).toEqual(alone);
});

it("CounterRng.nextDouble() is (⌊w₀/2^5⌋·2^26 + ⌊w₁/2^6⌋)·2^−53 of the next two words", () => {
  const [w0, w1, w2, w3] = words(new CounterRng(key, region, 3, 1), 4);
  const rng = new CounterRng(key, region, 3, 1);
  expect(rng.nextDouble()).toBe(((w0 >>> 5) * 2 ** 26 + (w1 >>> 6)) / 2 ** 53);
  expect(rng.nextDouble()).toBe(((w2 >>> 5) * 2 ** 26 + (w3 >>> 6)) / 2 ** 53);
});

it("CounterRng.nextOpenDouble() is (⌊w₀/2^6⌋·2^26 + ⌊w₁/2^6⌋ + ½)·2^−52 of the next two words", () => {
  const [w0, w1] = words(new CounterRng(key, region, 3, 1), 2);
  expect(new CounterRng(key, region, 3, 1).nextOpenDouble()).toBe(
    ((w0 >>> 6) * 2 ** 26 + (w1 >>> 6) + 0.5) / 2 ** 52,
  );
});

it("CounterRng.nextDouble() and nextOpenDouble() reach their extremes exactly inside their intervals", () => {
  const scripted = (value: number) => {
    const rng = new CounterRng(key);
    rng.nextUint32 = () => value;
    return rng;
  };
  expect(scripted(0).nextDouble()).toBe(0);
  expect(scripted(0xffff_ffff).nextDouble()).toBe(1 - 2 ** -53);
  expect(scripted(0).nextOpenDouble()).toBe(2 ** -53);
  expect(scripted(0xffff_ffff).nextOpenDouble()).toBe(1 - 2 ** -53);
});

it("uniformAt() equals the n-th nextDouble() of a freshly reset stream", () => {
  const rng = new CounterRng(key, region, 123, 45);
  for (let n = 0; n < 20; n++) {
    expect(uniformAt(key, region, 123, 45, n)).toBe(rng.nextDouble());
  }
  const far = 2 ** 20 + 1;
  rng.reset(region, 123, 45);
  for (let n = 0; n < far; n++) rng.nextDouble();
  expect(uniformAt(key, region, 123, 45, far)).toBe(rng.nextDouble());
});

it("CounterRng.reset() and uniformAt() reject counters outside 0 … 2^32−1", () => {
  const rng = new CounterRng(key);
  expect(() => rng.reset(region, -1, 0)).toThrowErrorMatchingInlineSnapshot(
    `[Error: citizen must be an integer from 0 to 2^32−1, received -1]`,
  );
  expect(() => rng.reset(region, 0, 1.5)).toThrowErrorMatchingInlineSnapshot(
    `[Error: day must be an integer from 0 to 2^32−1, received 1.5]`,
  );
  expect(() => rng.reset(2 ** 32, 0, 0)).toThrowErrorMatchingInlineSnapshot(
    `[Error: purpose must be an integer from 0 to 2^32−1, received 4294967296]`,
  );
  expect(() => new CounterRng([1, -2])).toThrowErrorMatchingInlineSnapshot(
    `[Error: key[1] must be an integer from 0 to 2^32−1, received -2]`,
  );
  expect(() => uniformAt(key, region, 0, 0, 2 ** 33)).toThrowErrorMatchingInlineSnapshot(
    `[Error: uniformAt index must be an integer from 0 to 2^33−1, received 8589934592]`,
  );
  expect(() => uniformAt(key, region, Number.NaN, 0, 0)).toThrowErrorMatchingInlineSnapshot(
    `[Error: citizen must be an integer from 0 to 2^32−1, received NaN]`,
  );
});

it(`CounterRng.nextDouble() passes a Kolmogorov–Smirnov test for U(0, 1) at α = ${ALPHA}`, () => {
  const samples = drawFromOneStream(50_000, "test.next-double", (rng) => rng.nextDouble());
  expect(ksTest(samples, (x) => x).pValue).toBeGreaterThan(ALPHA);
});

it(`CounterRng.nextOpenDouble() passes a Kolmogorov–Smirnov test for U(0, 1) at α = ${ALPHA}`, () => {
  const rng = new CounterRng(key, purposeId("test.next-open-double"), 0, 0);
  const samples = new Float64Array(50_000);
  for (let i = 0; i < samples.length; i++) samples[i] = rng.nextOpenDouble();
  expect(ksTest(samples, (x) => x).pValue).toBeGreaterThan(ALPHA);
});

it(`CounterRng.nextUint32() bytes pass a chi-square test over 256 values at α = ${ALPHA}`, () => {
  const rng = new CounterRng(key, purposeId("test.bytes"), 0, 0);
  const counts = new Float64Array(256);
  for (let i = 0; i < 100_000; i++) {
    const word = rng.nextUint32();
    counts[word & 0xff]++;
    counts[(word >>> 8) & 0xff]++;
    counts[(word >>> 16) & 0xff]++;
    counts[word >>> 24]++;
  }
  expect(chiSquareTest(counts, new Float64Array(256).fill(1 / 256)).pValue).toBeGreaterThan(ALPHA);
});

it(`CounterRng first words of neighbouring citizens pass a chi-square test over 256 byte values at α = ${ALPHA}`, () => {
  const rng = new CounterRng(key);
  const counts = new Float64Array(256);
  for (let citizen = 0; citizen < 100_000; citizen++)
    counts[rng.reset(region, citizen, 0).nextUint32() >>> 24]++;
  expect(chiSquareTest(counts, new Float64Array(256).fill(1 / 256)).pValue).toBeGreaterThan(ALPHA);
});

it("CounterRng.nextUint32() refuses to wrap around after the last block of a stream", () => {
  const rng = new CounterRng(key, region, 7, 1);
  (rng as unknown as { block: number }).block = 2 ** 32;
  expect(() => rng.nextUint32()).toThrowErrorMatchingInlineSnapshot(
    `[Error: random stream (purpose 113850360, citizen 7, day 1) is exhausted after 2^34 words; split the work across more purposes]`,
  );
});
