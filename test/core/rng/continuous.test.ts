import { expect, it } from "vitest";
import { CounterRng, exponential, gamma, normal, seedKey, uniform } from "../../../src/core/rng/index.js";
import { gammaCdf, ksTest, normalCdf } from "../../helpers/stats.js";
import { ALPHA, drawFromOneStream, drawPerCitizen } from "./draws.js";

const SAMPLE_SIZE = 20_000;

it(`uniform(−2, 3) passes a Kolmogorov–Smirnov test at α = ${ALPHA}`, () => {
  const samples = drawPerCitizen(SAMPLE_SIZE, "test.uniform", (rng) => uniform(rng, -2, 3));
  expect(Math.min(...samples)).toBeGreaterThanOrEqual(-2);
  expect(Math.max(...samples)).toBeLessThan(3);
  expect(ksTest(samples, (x) => (x + 2) / 5).pValue).toBeGreaterThan(ALPHA);
});

it("uniform() with a = b returns a", () => {
  expect(uniform(new CounterRng(seedKey(1)), 4.5, 4.5)).toBe(4.5);
});

it(`exponential(rate = 2.5) passes a Kolmogorov–Smirnov test at α = ${ALPHA}`, () => {
  const samples = drawPerCitizen(SAMPLE_SIZE, "test.exponential", (rng) => exponential(rng, 2.5));
  expect(ksTest(samples, (x) => -Math.expm1(-2.5 * x)).pValue).toBeGreaterThan(ALPHA);
});

it(`normal() passes a Kolmogorov–Smirnov test against Φ at α = ${ALPHA}`, () => {
  const samples = drawPerCitizen(SAMPLE_SIZE, "test.normal", normal);
  expect(ksTest(samples, normalCdf).pValue).toBeGreaterThan(ALPHA);
});

it(`normal() drawn in a row from one stream passes a Kolmogorov–Smirnov test at α = ${ALPHA}`, () => {
  const samples = drawFromOneStream(SAMPLE_SIZE, "test.normal-run", normal);
  expect(ksTest(samples, normalCdf).pValue).toBeGreaterThan(ALPHA);
});

it("normal() reads exactly four words per draw", () => {
  const rng = new CounterRng(seedKey(5));
  let wordsRead = 0;
  const nextUint32 = rng.nextUint32.bind(rng);
  rng.nextUint32 = () => {
    wordsRead++;
    return nextUint32();
  };
  for (let i = 0; i < 10; i++) normal(rng);
  expect(wordsRead).toBe(40);
});

it.each([0.5, 1, 2.5, 9])(
  `gamma(shape = %s, scale = 2) passes a Kolmogorov–Smirnov test at α = ${ALPHA}`,
  (shape) => {
    const samples = drawPerCitizen(SAMPLE_SIZE, `test.gamma.${shape}`, (rng) => gamma(rng, shape, 2));
    expect(ksTest(samples, (x) => gammaCdf(x, shape, 2)).pValue).toBeGreaterThan(ALPHA);
  },
);

it(`gamma(shape = 0.05, scale = 1) passes a Kolmogorov–Smirnov test at α = ${ALPHA}`, () => {
  const samples = drawPerCitizen(SAMPLE_SIZE, "test.gamma.tiny-shape", (rng) => gamma(rng, 0.05, 1));
  expect(ksTest(samples, (x) => gammaCdf(x, 0.05, 1)).pValue).toBeGreaterThan(ALPHA);
});

it("uniform(), exponential() and gamma() reject invalid parameters", () => {
  const rng = new CounterRng(seedKey(1));
  expect(() => uniform(rng, 3, 2)).toThrowErrorMatchingInlineSnapshot(
    `[Error: uniform bounds must be finite with a ≤ b, received a = 3, b = 2]`,
  );
  expect(() => uniform(rng, 0, Number.POSITIVE_INFINITY)).toThrowErrorMatchingInlineSnapshot(
    `[Error: uniform bounds must be finite with a ≤ b, received a = 0, b = Infinity]`,
  );
  expect(() => uniform(rng, -Number.MAX_VALUE, Number.MAX_VALUE)).toThrowErrorMatchingInlineSnapshot(
    `[Error: uniform bounds must be finite with a ≤ b, received a = -1.7976931348623157e+308, b = 1.7976931348623157e+308]`,
  );
  expect(() => exponential(rng, 0)).toThrowErrorMatchingInlineSnapshot(
    `[Error: exponential rate must be finite and > 0, received 0]`,
  );
  expect(() => exponential(rng, Number.NaN)).toThrowErrorMatchingInlineSnapshot(
    `[Error: exponential rate must be finite and > 0, received NaN]`,
  );
  expect(() => gamma(rng, -1, 1)).toThrowErrorMatchingInlineSnapshot(
    `[Error: gamma shape must be finite and > 0, received -1]`,
  );
  expect(() => gamma(rng, 2, Number.POSITIVE_INFINITY)).toThrowErrorMatchingInlineSnapshot(
    `[Error: gamma scale must be finite and > 0, received Infinity]`,
  );
});
