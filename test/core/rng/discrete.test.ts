import { expect, it } from "vitest";
import { binomialLogPmfRatio } from "../../../src/core/rng/discrete.js";
import { bernoulli, binomial, CounterRng, poisson, seedKey } from "../../../src/core/rng/index.js";
import { binomialLogPmf, discreteChiSquareTest, poissonLogPmf } from "../../helpers/stats.js";
import { ALPHA, drawPerCitizen } from "./draws.js";

const SAMPLE_SIZE = 100_000;

it(`bernoulli(p = 0.3) passes a chi-square goodness-of-fit test at α = ${ALPHA}`, () => {
  const draws = drawPerCitizen(SAMPLE_SIZE, "test.bernoulli", (rng) => (bernoulli(rng, 0.3) ? 1 : 0));
  expect(discreteChiSquareTest(draws, (k) => (k === 0 ? 0.7 : 0.3), 2).pValue).toBeGreaterThan(ALPHA);
});

it("bernoulli() with p = 0 is always false and with p = 1 always true", () => {
  const rng = new CounterRng(seedKey(3));
  for (let i = 0; i < 1000; i++) {
    expect(bernoulli(rng, 0)).toBe(false);
    expect(bernoulli(rng, 1)).toBe(true);
  }
});

it.each([0.1, 3.5, 30, 500])(
  `poisson(λ=%s) passes a chi-square goodness-of-fit test at α = ${ALPHA}`,
  (lambda) => {
    const draws = drawPerCitizen(SAMPLE_SIZE, `test.poisson.${lambda}`, (rng) => poisson(rng, lambda));
    const maxBin = Math.ceil(lambda + 12 * Math.sqrt(lambda) + 12);
    const result = discreteChiSquareTest(draws, (k) => Math.exp(poissonLogPmf(k, lambda)), maxBin);
    expect(result.pValue).toBeGreaterThan(ALPHA);
  },
);

it("poisson() with λ = 0 is always 0", () => {
  const rng = new CounterRng(seedKey(3));
  for (let i = 0; i < 100; i++) expect(poisson(rng, 0)).toBe(0);
});

it.each([
  [10, 0.3],
  [1000, 0.02],
  [5000, 0.6],
  [200, 0.95],
  [60, 0.5],
])(`binomial(n=%s, p=%s) passes a chi-square goodness-of-fit test at α = ${ALPHA}`, (n, p) => {
  const draws = drawPerCitizen(SAMPLE_SIZE, `test.binomial.${n}.${p}`, (rng) => binomial(rng, n, p));
  expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...draws)).toBeLessThanOrEqual(n);
  const result = discreteChiSquareTest(draws, (k) => (k <= n ? Math.exp(binomialLogPmf(k, n, p)) : 0), n + 1);
  expect(result.pValue).toBeGreaterThan(ALPHA);
});

it("binomial() handles n = 0, p = 0 and p = 1 without drawing", () => {
  const rng = new CounterRng(seedKey(3));
  rng.nextUint32 = () => {
    throw new Error("drew a word");
  };
  expect(binomial(rng, 0, 0.4)).toBe(0);
  expect(binomial(rng, 12, 0)).toBe(0);
  expect(binomial(rng, 12, 1)).toBe(12);
});

it("bernoulli(), poisson() and binomial() reject invalid parameters", () => {
  const rng = new CounterRng(seedKey(1));
  expect(() => bernoulli(rng, 1.5)).toThrowErrorMatchingInlineSnapshot(
    `[Error: bernoulli probability must be from 0 to 1, received 1.5]`,
  );
  expect(() => poisson(rng, Number.NaN)).toThrowErrorMatchingInlineSnapshot(
    `[Error: poisson rate must be finite and ≥ 0, received NaN]`,
  );
  expect(() => poisson(rng, -1)).toThrowErrorMatchingInlineSnapshot(
    `[Error: poisson rate must be finite and ≥ 0, received -1]`,
  );
  expect(() => poisson(rng, 1e20)).toThrowErrorMatchingInlineSnapshot(
    `[Error: poisson rate must be at most 2^52 so that counts stay exact integers, received 100000000000000000000]`,
  );
  expect(() => binomial(rng, 2.5, 0.5)).toThrowErrorMatchingInlineSnapshot(
    `[Error: binomial trials must be an integer from 0 to 2^53−1, received 2.5]`,
  );
  expect(() => binomial(rng, -1, 0.5)).toThrowErrorMatchingInlineSnapshot(
    `[Error: binomial trials must be an integer from 0 to 2^53−1, received -1]`,
  );
  expect(() => binomial(rng, 10, -0.1)).toThrowErrorMatchingInlineSnapshot(
    `[Error: binomial probability must be from 0 to 1, received -0.1]`,
  );
});

it("binomialLogPmfRatio() equals the difference of binomial log-pmfs (BTRD steps 3.3–3.4)", () => {
  for (const [n, p, k] of [
    [100, 0.3, 50],
    [1000, 0.02, 45],
    [5000, 0.4, 1900],
    [5000, 0.4, 2150],
    [1_000_000, 0.25, 251_000],
  ]) {
    const m = Math.floor((n + 1) * p);
    const direct = binomialLogPmf(k, n, p) - binomialLogPmf(m, n, p);
    expect(binomialLogPmfRatio(n, p / (1 - p), k, m)).toBeCloseTo(direct, 8);
  }
});
