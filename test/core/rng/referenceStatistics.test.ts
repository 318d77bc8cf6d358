// Checks of test/helpers/stats.ts, the yardstick of the statistical tests in this folder.
import { expect, it } from "vitest";
import {
  binomialLogPmf,
  chiSquarePValue,
  chiSquareTest,
  gammaCdf,
  kolmogorovQ,
  ksPValue,
  ksStatistic,
  logGamma,
  normalCdf,
  poissonLogPmf,
  regularizedGammaP,
  regularizedGammaQ,
} from "../../helpers/stats.js";

it("logGamma() matches exact values of ln Γ", () => {
  expect(logGamma(1)).toBeCloseTo(0, 14);
  expect(logGamma(2)).toBeCloseTo(0, 14);
  expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
  expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 13);
  expect(logGamma(0.1)).toBeCloseTo(2.252712651734206, 13);
  // ln 100! = 363.739375555563470… (Python math.lgamma(101) agrees to the last digit).
  expect(logGamma(101)).toBeCloseTo(363.73937555556347, 10);
});

it("regularizedGammaP() and regularizedGammaQ() match closed forms and sum to 1", () => {
  // P(1, x) = 1 − e^−x; P(2, x) = 1 − (1 + x)e^−x.
  for (const x of [0.1, 1, 2.5, 10, 40]) {
    expect(regularizedGammaP(1, x)).toBeCloseTo(-Math.expm1(-x), 14);
    expect(regularizedGammaP(2, x)).toBeCloseTo(1 - (1 + x) * Math.exp(-x), 14);
    expect(regularizedGammaP(3.7, x) + regularizedGammaQ(3.7, x)).toBeCloseTo(1, 14);
  }
});

it("chiSquarePValue() matches tabulated critical values", () => {
  expect(chiSquarePValue(23.209, 10)).toBeCloseTo(0.01, 5);
  expect(chiSquarePValue(3.841459, 1)).toBeCloseTo(0.05, 6);
  expect(chiSquarePValue(18.307, 10)).toBeCloseTo(0.05, 5);
  expect(chiSquarePValue(310.457, 255)).toBeCloseTo(0.01, 4);
});

it("normalCdf() matches known values of Φ", () => {
  expect(normalCdf(0)).toBe(0.5);
  expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
  expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
  expect(normalCdf(3)).toBeCloseTo(0.9986501019683699, 14);
});

it("gammaCdf() reduces to the exponential CDF for shape 1 and matches the χ² CDF", () => {
  expect(gammaCdf(2, 1, 0.5)).toBeCloseTo(1 - Math.exp(-4), 14);
  expect(gammaCdf(-1, 2, 1)).toBe(0);
  expect(1 - gammaCdf(23.209, 5, 2)).toBeCloseTo(chiSquarePValue(23.209, 10), 14);
});

it("poissonLogPmf() and binomialLogPmf() match direct formulas and sum to 1", () => {
  expect(Math.exp(poissonLogPmf(2, 3))).toBeCloseTo((9 / 2) * Math.exp(-3), 14);
  expect(Math.exp(binomialLogPmf(3, 10, 0.3))).toBeCloseTo(0.266827932, 9);
  let poissonTotal = 0;
  for (let k = 0; k < 200; k++) poissonTotal += Math.exp(poissonLogPmf(k, 30));
  expect(poissonTotal).toBeCloseTo(1, 12);
  let binomialTotal = 0;
  for (let k = 0; k <= 1000; k++) binomialTotal += Math.exp(binomialLogPmf(k, 1000, 0.02));
  expect(binomialTotal).toBeCloseTo(1, 10);
});

it("kolmogorovQ() and ksPValue() match the Kolmogorov distribution's critical values", () => {
  expect(kolmogorovQ(1.3581)).toBeCloseTo(0.05, 4);
  expect(kolmogorovQ(1.6276)).toBeCloseTo(0.01, 4);
  expect(kolmogorovQ(1.9495)).toBeCloseTo(0.001, 4);
  expect(kolmogorovQ(0)).toBe(1);
  expect(ksPValue(1.3581 / Math.sqrt(1e6), 1e6)).toBeCloseTo(0.05, 3);
});

it("ksStatistic() is the largest gap between the empirical and the hypothesised CDF", () => {
  expect(ksStatistic([0.5], (x) => x)).toBe(0.5);
  expect(ksStatistic([0.1, 0.2, 0.9], (x) => x)).toBeCloseTo(0.4666666666666667, 15);
});

it("chiSquareTest() merges bins until each expected count is at least 5", () => {
  // Expected counts 50, 40, 6, 2, 1, 1 over 100 draws: the last three (4 in all) join the bin of 6, observed 9.
  const result = chiSquareTest([48, 43, 5, 3, 1, 0], [0.5, 0.4, 0.06, 0.02, 0.01, 0.01]);
  expect(result.degreesOfFreedom).toBe(2);
  expect(result.statistic).toBeCloseTo(4 / 50 + 9 / 40 + 1 / 10, 12);
});

it("chiSquareTest() and ksStatistic() reject a sample from the wrong distribution", () => {
  const counts = [1100, 900];
  expect(chiSquareTest(counts, [0.5, 0.5]).pValue).toBeLessThan(1e-5);
  const squares = Float64Array.from({ length: 1000 }, (_, i) => ((i + 0.5) / 1000) ** 2);
  expect(
    ksPValue(
      ksStatistic(squares, (x) => x),
      squares.length,
    ),
  ).toBeLessThan(1e-10);
});
