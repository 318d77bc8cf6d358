import { describe, expect, it } from "vitest";
import { designPoints } from "../../../src/core/sweep/design.js";
import { pointMeans, replicateNoise, sweepIndices } from "../../../src/core/sweep/indices.js";
import type { SweepSpec } from "../../../src/core/sweep/types.js";

const spec = (design: SweepSpec["design"], replicates = 1): SweepSpec => ({
  name: "t",
  target: { kind: "function", function: "ishigami", a: 7, b: 0.1 },
  seed: 3,
  replicates,
  parameters: ["x1", "x2", "x3"].map((path) => ({
    path,
    name: path,
    integer: false,
    space: { kind: "uniform", low: -Math.PI, high: Math.PI },
  })),
  design,
  measures: [{ kind: "function", id: "y" }],
  resamples: 100,
});

describe("a sweep's indices from its runs", () => {
  it("averages a point's defined replicates, and a point with none is missing (NaN)", () => {
    expect([
      ...pointMeans([
        [1, 3],
        [null, 4],
        [null, null],
      ]),
    ]).toEqual([2, 4, Number.NaN]);
  });

  it("measures the replicates' noise beside the spread of the points' means", () => {
    // Points 0, 10, 20 with replicates ±1 around them: replicate variance 2, point variance 100.
    const noise = replicateNoise(
      [
        [-1, 1],
        [9, 11],
        [19, 21],
      ],
      2,
    );
    expect(noise).toEqual({ replicateVariance: 2, pointVariance: 100, ratio: 2 / 2 / 100 });
    expect(replicateNoise([[1], [2]], 1)).toBeNull();
  });

  it("drops a Sobol block with a missing point, says so, and gives convergence on powers of two", () => {
    const s = spec({ kind: "sobol", n: 64, secondOrder: false });
    const design = designPoints(s);
    expect(design).toHaveLength(64 * 5);
    const values = design.map((point) => {
      const [x1, x2, x3] = point.values as number[];
      return [Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1)];
    });
    // One run of block 3 failed.
    const withMissing = values.map((runs, point) => (point === 3 * 5 + 2 ? [null] : runs));
    const indices = sweepIndices(s, design, [{ id: "y", values: withMissing }]);
    expect(indices.measures).toEqual([{ measure: "y", used: 63, missing: 1, noise: null }]);
    expect(indices.rows.filter((row) => row.index === "S1").map((row) => row.parameter)).toEqual([
      "x1",
      "x2",
      "x3",
    ]);
    expect(indices.rows.every((row) => row.n === 63)).toBe(true);
    expect([...new Set(indices.convergence.map((row) => row.n))]).toEqual([2, 4, 8, 16, 32]);
  });

  it("gives Morris statistics per trajectory and partial rank correlations for a Latin hypercube", () => {
    const morris = spec({ kind: "morris", trajectories: 8, levels: 4 });
    const design = designPoints(morris);
    expect(design).toHaveLength(8 * 4);
    // y = 2·x1 + x2: elementary effects are exact, x3 has none.
    const linear = design.map((point) => {
      const [x1, x2] = point.values as number[];
      return [2 * x1 + x2];
    });
    const indices = sweepIndices(morris, design, [{ id: "y", values: linear }]);
    const muStar = (parameter: string) =>
      indices.rows.find((row) => row.index === "muStar" && row.parameter === parameter)?.value;
    // In the unit scale: a step of u moves x by 2π·u, so EE = 2·2π, 2π and 0.
    expect(muStar("x1")).toBeCloseTo(4 * Math.PI, 10);
    expect(muStar("x2")).toBeCloseTo(2 * Math.PI, 10);
    expect(muStar("x3")).toBe(0);
    const lhs = spec({ kind: "lhs", samples: 50 });
    const sample = designPoints(lhs);
    const prcc = sweepIndices(lhs, sample, [
      {
        id: "y",
        values: sample.map((point) => [2 * (point.values[0] as number) + (point.values[1] as number)]),
      },
    ]);
    const x1 = prcc.rows.find((row) => row.parameter === "x1");
    expect(x1?.value).toBeGreaterThan(0.9);
  });

  it("gives a grid no index, and counts its points with a value", () => {
    const grid = spec({ kind: "grid", points: 2 });
    const design = designPoints(grid);
    expect(design.map((point) => point.values)).toEqual([
      [-Math.PI, -Math.PI, -Math.PI],
      [-Math.PI, -Math.PI, Math.PI],
      [-Math.PI, Math.PI, -Math.PI],
      [-Math.PI, Math.PI, Math.PI],
      [Math.PI, -Math.PI, -Math.PI],
      [Math.PI, -Math.PI, Math.PI],
      [Math.PI, Math.PI, -Math.PI],
      [Math.PI, Math.PI, Math.PI],
    ]);
    const indices = sweepIndices(grid, design, [
      { id: "y", values: design.map((_, k) => [k < 2 ? null : k]) },
    ]);
    expect(indices.rows).toEqual([]);
    expect(indices.measures[0]).toMatchObject({ used: 6, missing: 2 });
  });
});
