import { describe, expect, it } from "vitest";
import {
  gridValues,
  normalQuantile,
  type ParameterSpace,
  parameterValue,
  type SweepParameter,
  U_MIN,
} from "../../../src/core/sweep/index.js";

function parameter(space: ParameterSpace, integer = false): SweepParameter {
  return { path: "p", name: "p", integer, space };
}

describe("normalQuantile()", () => {
  // Φ⁻¹(p) from mpmath at 40 digits (the root of ncdf(x) = p), as the nearest doubles.
  const known: [number, number][] = [
    [1e-12, -7.034483825301132],
    [1e-10, -6.361340902404057],
    [0.001, -3.0902323061678136],
    [0.025, -1.9599639845400543],
    [0.1, -1.2815515655446006],
    [0.3, -0.5244005127080408],
    [0.5, 0],
    [0.6, 0.2533471031357998],
    [0.9, 1.2815515655446006],
    [0.975, 1.9599639845400543],
    [0.999, 3.0902323061678136],
    [0.999999, 4.753424308822899],
  ];

  it.each(known)("Φ⁻¹(%s) = %s within 1e-9", (p, x) => {
    expect(Math.abs(normalQuantile(p) - x)).toBeLessThan(1e-9);
  });

  it("is odd about 1/2 and exactly 0 there; ±∞ at 0 and 1, NaN outside", () => {
    expect(normalQuantile(0.5)).toBe(0);
    for (const p of [1e-6, 0.01, 0.2, 0.45]) expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 9);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});

describe("parameterValue()", () => {
  it("of a uniform range: low at u = 0, the middle at 1/2, high at 1, exactly", () => {
    const cctv = parameter({ kind: "uniform", low: 0.2, high: 0.9 });
    expect([0, 0.5, 1].map((u) => parameterValue(cctv, u))).toEqual([0.2, (0.2 + 0.9) / 2, 0.9]);
    expect(parameterValue(cctv, 0.25)).toBeCloseTo(0.375, 15);
  });

  it("of a log-uniform range: low, the geometric mean and high", () => {
    const rate = parameter({ kind: "logUniform", low: 0.001, high: 0.1 });
    expect(parameterValue(rate, 0)).toBe(0.001);
    expect(parameterValue(rate, 1)).toBe(0.1);
    expect(parameterValue(rate, 0.5)).toBeCloseTo(0.01, 15);
    expect(parameterValue(parameter({ kind: "logUniform", low: 1, high: 100 }), 0.5)).toBe(10);
  });

  it("of a normal distribution: mean + sd Φ⁻¹(u), u kept within [1e-12, 1 − 1e-12]", () => {
    const fraud = parameter({ kind: "normal", mean: 0.01, sd: 0.002 });
    expect(parameterValue(fraud, 0.5)).toBe(0.01);
    expect(parameterValue(fraud, 0.975) as number).toBeCloseTo(0.01 + 0.002 * 1.9599639845400543, 12);
    expect(parameterValue(fraud, 0)).toBe(0.01 + 0.002 * normalQuantile(U_MIN));
    expect(parameterValue(fraud, 1)).toBe(0.01 + 0.002 * normalQuantile(1 - U_MIN));
    expect(Number.isFinite(parameterValue(fraud, 1))).toBe(true);
  });

  it("of a triangular distribution: its inverse CDF, low at 0, mode at F(mode), high at 1", () => {
    const days = parameter({ kind: "triangular", low: 0, mode: 1, high: 4 });
    // F(mode) = 1/4; below, F(x) = x² / 4; above, 1 − F(x) = (4 − x)² / 12.
    expect(parameterValue(days, 0)).toBe(0);
    expect(parameterValue(days, 0.25)).toBe(1);
    expect(parameterValue(days, 1)).toBe(4);
    expect(parameterValue(days, 0.0625)).toBeCloseTo(0.5, 15);
    expect(parameterValue(days, 0.5)).toBeCloseTo(4 - Math.sqrt(6), 15);
    // A mode at an end: a right-angled triangle.
    expect(parameterValue(parameter({ kind: "triangular", low: 2, mode: 2, high: 3 }), 0.75)).toBeCloseTo(
      2.5,
      15,
    );
    expect(parameterValue(parameter({ kind: "triangular", low: 2, mode: 3, high: 3 }), 0.25)).toBeCloseTo(
      2.5,
      15,
    );
  });

  it("of levels: level ⌊u · L⌋, the last at u = 1, as written", () => {
    const days = parameter({ kind: "levels", levels: [180, "long", [1, 2]] });
    expect([0, 0.33, 1 / 3, 0.5, 0.9999, 1].map((u) => parameterValue(days, u))).toEqual([
      180,
      180,
      "long",
      "long",
      [1, 2],
      [1, 2],
    ]);
  });

  it("rounds an integer parameter to the nearest integer, halves up (Math.round)", () => {
    const threshold = parameter({ kind: "uniform", low: 500, high: 600 }, true);
    expect([0, 0.004, 0.005, 0.5, 0.996, 1].map((u) => parameterValue(threshold, u))).toEqual([
      500, 500, 501, 550, 600, 600,
    ]);
    expect(parameterValue(parameter({ kind: "uniform", low: -3, high: -2 }, true), 0.5)).toBe(-2);
    expect(parameterValue(parameter({ kind: "normal", mean: 365, sd: 30 }, true), 0.975)).toBe(424);
  });
});

describe("gridValues()", () => {
  it("takes a range's values evenly in u, both ends included", () => {
    expect(gridValues(parameter({ kind: "uniform", low: 0, high: 1 }), 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const log = gridValues(parameter({ kind: "logUniform", low: 1, high: 100 }), 3);
    expect(log).toEqual([1, 10, 100]);
  });

  it("takes a distribution's quantiles at (k + 0.5) / points", () => {
    const values = gridValues(parameter({ kind: "normal", mean: 0, sd: 1 }), 4) as number[];
    expect(values.map((value) => value.toFixed(9))).toEqual(
      [0.125, 0.375, 0.625, 0.875].map((u) => normalQuantile(u).toFixed(9)),
    );
    expect(gridValues(parameter({ kind: "triangular", low: 0, mode: 0, high: 1 }), 2)).toEqual([
      1 - Math.sqrt(0.75),
      1 - Math.sqrt(0.25),
    ]);
  });

  it("takes levels as listed, whatever the points", () => {
    expect(gridValues(parameter({ kind: "levels", levels: [true, false] }), 7)).toEqual([true, false]);
  });

  it("rounds an integer parameter's values, which may then repeat", () => {
    expect(gridValues(parameter({ kind: "uniform", low: 1, high: 3 }, true), 5)).toEqual([1, 2, 2, 3, 3]);
  });
});
