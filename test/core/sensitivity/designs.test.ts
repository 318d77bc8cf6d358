import { describe, expect, it } from "vitest";
import {
  latinHypercube,
  morrisDesign,
  saltelliBlockSize,
  saltelliDesign,
  sobolPoints,
} from "../../../src/core/sensitivity/index.js";
import { ksTest } from "../../helpers/stats.js";

/** Significance level of the statistical tests here. */
const ALPHA = 0.001;

describe("saltelliDesign()", () => {
  it("has n(d + 2) rows, n(2d + 2) with second order", () => {
    expect(saltelliDesign(8, 3, false)).toHaveLength(8 * 5);
    expect(saltelliDesign(8, 3, true)).toHaveLength(8 * 8);
    expect(saltelliBlockSize(3, false)).toBe(5);
    expect(saltelliBlockSize(3, true)).toBe(8);
  });

  it("builds each block from Sobol points n … 2n − 1 in 2d dimensions: A, AB⁽ⁱ⁾, BA⁽ⁱ⁾, B", () => {
    const n = 16;
    const d = 3;
    const rows = saltelliDesign(n, d, true);
    const base = sobolPoints(2 * d, n, n);
    for (let j = 0; j < n; j++) {
      const block = rows.slice(j * (2 * d + 2), (j + 1) * (2 * d + 2));
      const a = Array.from(base[j].subarray(0, d));
      const b = Array.from(base[j].subarray(d));
      expect(Array.from(block[0])).toEqual(a);
      expect(Array.from(block[2 * d + 1])).toEqual(b);
      for (let i = 0; i < d; i++) {
        // AB⁽ⁱ⁾ equals A except coordinate i, which is B's; BA⁽ⁱ⁾ the other way round.
        expect(Array.from(block[1 + i])).toEqual(a.map((value, k) => (k === i ? b[i] : value)));
        expect(Array.from(block[1 + d + i])).toEqual(b.map((value, k) => (k === i ? a[i] : value)));
      }
    }
    // No zero point: the first n Sobol points, the zero point among them, are skipped.
    expect(rows.some((row) => row.every((value) => value === 0))).toBe(false);
  });

  it("refuses a base sample that is not a power of two, at least 2", () => {
    expect(() => saltelliDesign(12, 2, false)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Saltelli's scheme needs a power of two from 2 to 2^30 base samples, received 12]`,
    );
    expect(() => saltelliDesign(1, 2, false)).toThrow(RangeError);
    expect(() => saltelliDesign(8, 33, false)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Saltelli's scheme takes 1 to 32 parameters (a Sobol sequence in twice as many dimensions), received 33]`,
    );
  });
});

describe("latinHypercube()", () => {
  it("puts exactly one sample in each of the n strata of every coordinate", () => {
    const samples = 200;
    const points = latinHypercube(samples, 5, 7);
    expect(points).toHaveLength(samples);
    for (let c = 0; c < 5; c++) {
      const strata = points.map((point) => Math.floor(point[c] * samples)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: samples }, (_, k) => k));
    }
  });

  it(`places samples uniformly within their strata (Kolmogorov–Smirnov, α = ${ALPHA})`, () => {
    const samples = 2000;
    const points = latinHypercube(samples, 3, 11);
    for (let c = 0; c < 3; c++) {
      const offsets = Float64Array.from(
        points,
        (point) => point[c] * samples - Math.floor(point[c] * samples),
      );
      expect(ksTest(offsets, (x) => x).pValue).toBeGreaterThan(ALPHA);
    }
  });

  it("gives the same points for the same seed and others for another seed", () => {
    expect(latinHypercube(50, 4, 3)).toEqual(latinHypercube(50, 4, 3));
    const other = latinHypercube(50, 4, 4);
    expect(other).not.toEqual(latinHypercube(50, 4, 3));
    // Coordinate c's stream does not depend on how many coordinates there are.
    expect(latinHypercube(50, 2, 4).map((point) => Array.from(point))).toEqual(
      other.map((point) => Array.from(point.subarray(0, 2))),
    );
  });
});

describe("morrisDesign()", () => {
  const levels = 4;
  const d = 5;
  const r = 40;
  const rows = morrisDesign(r, d, levels, 9);

  it("has d + 1 rows per trajectory on the p-level grid, inclusive of 0 and 1", () => {
    expect(rows).toHaveLength(r * (d + 1));
    const grid = [0, 1 / 3, 2 / 3, 1];
    for (const row of rows) for (const value of row) expect(grid).toContain(value);
    expect(rows.some((row) => row.includes(1))).toBe(true);
    expect(rows.some((row) => row.includes(0))).toBe(true);
  });

  it("moves each coordinate exactly once per trajectory, by Δ = p / (2(p − 1)), up or down", () => {
    const delta = levels / (2 * (levels - 1));
    const directions = new Set<number>();
    for (let t = 0; t < r; t++) {
      const moved: number[] = [];
      for (let step = 1; step <= d; step++) {
        const before = rows[t * (d + 1) + step - 1];
        const after = rows[t * (d + 1) + step];
        const changed = [...after.keys()].filter((i) => after[i] !== before[i]);
        expect(changed).toHaveLength(1);
        const change = after[changed[0]] - before[changed[0]];
        expect(Math.abs(change)).toBeCloseTo(delta, 12);
        directions.add(Math.sign(change));
        moved.push(changed[0]);
      }
      expect(moved.sort()).toEqual([0, 1, 2, 3, 4]);
    }
    expect([...directions].sort()).toEqual([-1, 1]);
  });

  it("gives the same trajectories for the same seed and others for another seed", () => {
    expect(morrisDesign(r, d, levels, 9)).toEqual(rows);
    expect(morrisDesign(r, d, levels, 10)).not.toEqual(rows);
  });

  it("refuses an odd number of levels", () => {
    expect(() => morrisDesign(4, 2, 5, 1)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Morris levels must be an even integer, at least 2, received 5]`,
    );
  });
});
