import { describe, expect, it } from "vitest";
import {
  gFunction,
  gFunctionIndices,
  ishigami,
  ishigamiIndices,
} from "../../../src/core/sensitivity/index.js";

const round4 = (values: number[]) => values.map((value) => Math.round(value * 10_000) / 10_000);

describe("ishigami()", () => {
  it("is sin x₁ + a sin² x₂ + b x₃⁴ sin x₁", () => {
    expect(ishigami([Math.PI / 2, Math.PI / 2, 2])).toBeCloseTo(1 + 7 + 0.1 * 16, 12);
    expect(ishigami([Math.PI / 2, 0, 1], 5, 1)).toBeCloseTo(2, 12);
  });

  it("has the published indices with a = 7, b = 0.1 (Saltelli et al. 2008)", () => {
    const { first, total, second } = ishigamiIndices();
    expect(round4(first)).toEqual([0.3139, 0.4424, 0]);
    expect(round4(total)).toEqual([0.5576, 0.4424, 0.2437]);
    expect(second.map(({ i, j, value }) => [i, j, Math.round(value * 10_000) / 10_000])).toEqual([
      [0, 1, 0],
      [0, 2, 0.2437],
      [1, 2, 0],
    ]);
    // The indices of a function with no interaction beyond (1, 3) add up to 1.
    expect(first[0] + first[1] + second[1].value).toBeCloseTo(1, 12);
  });
});

describe("gFunction()", () => {
  it("is Π (|4x_i − 2| + a_i) / (1 + a_i)", () => {
    expect(gFunction([0, 0.5, 1], [0, 1, 2])).toBeCloseTo(2 * 0.5 * (4 / 3), 12);
  });

  it("has the published indices with a = [0, 1, 4.5, 9, 99, 99, 99, 99]", () => {
    const { first, total } = gFunctionIndices([0, 1, 4.5, 9, 99, 99, 99, 99]);
    expect(round4(first)).toEqual([0.7162, 0.179, 0.0237, 0.0072, 0.0001, 0.0001, 0.0001, 0.0001]);
    expect(round4(total)).toEqual([0.7871, 0.2422, 0.0343, 0.0105, 0.0001, 0.0001, 0.0001, 0.0001]);
  });
});
