import { expect, it } from "vitest";
import { logFactorial, stirlingCorrection } from "../../../src/core/rng/logFactorial.js";
import { logGamma } from "../../helpers/stats.js";

it("logFactorial() equals ln Γ(k + 1) across the table and the Stirling range", () => {
  for (const k of [0, 1, 2, 5, 10, 22, 23, 100, 255, 256, 257, 1000, 123_456, 1e9]) {
    const expected = logGamma(k + 1);
    expect(Math.abs(logFactorial(k) - expected)).toBeLessThanOrEqual(1e-14 * Math.max(1, expected));
  }
});

it("stirlingCorrection() is ln k! minus Stirling's approximation, continuous across its table edge", () => {
  for (const k of [0, 3, 9, 10, 11, 50]) {
    const stirling = (k + 0.5) * Math.log(k + 1) - (k + 1) + 0.5 * Math.log(2 * Math.PI);
    expect(stirlingCorrection(k)).toBeCloseTo(logGamma(k + 1) - stirling, 13);
  }
});
