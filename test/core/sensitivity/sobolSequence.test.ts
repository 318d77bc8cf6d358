import { describe, expect, it } from "vitest";
import { SOBOL_MAX_DIMENSION, sobolPoints } from "../../../src/core/sensitivity/index.js";

describe("sobolPoints()", () => {
  it("gives the published first eight points in four dimensions (Joe and Kuo; scipy's Sobol(4, scramble=False))", () => {
    expect(sobolPoints(4, 8).map((point) => Array.from(point))).toEqual([
      [0, 0, 0, 0],
      [0.5, 0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25, 0.25],
      [0.25, 0.75, 0.75, 0.75],
      [0.375, 0.375, 0.625, 0.875],
      [0.875, 0.875, 0.125, 0.375],
      [0.625, 0.125, 0.875, 0.625],
      [0.125, 0.625, 0.375, 0.125],
    ]);
  });

  it("equals scipy's unscrambled points at larger indexes and in higher dimensions, exactly", () => {
    // Fixtures from scipy 1.17.1: s = scipy.stats.qmc.Sobol(d, scramble=False[, bits=32]); s.fast_forward(skip);
    // s.random(count)[:, columns].
    const columns = (points: Float64Array[], picked: number[]) =>
      points.map((point) => picked.map((column) => point[column]));
    expect(columns(sobolPoints(64, 3, 1000), [0, 1, 2, 10, 31, 32, 63])).toEqual([
      [0.2197265625, 0.0966796875, 0.5185546875, 0.0849609375, 0.1455078125, 0.2958984375, 0.4462890625],
      [0.7197265625, 0.5966796875, 0.0185546875, 0.5849609375, 0.6455078125, 0.7958984375, 0.9462890625],
      [0.9697265625, 0.3466796875, 0.7685546875, 0.8349609375, 0.3955078125, 0.0458984375, 0.6962890625],
    ]);
    expect(columns(sobolPoints(64, 2, 123_456_789), [0, 5, 20, 40, 62, 63])).toEqual([
      [
        0.9758977368474007, 0.8513608798384666, 0.238566093146801, 0.050859905779361725, 0.13504130393266678,
        0.2532354071736336,
      ],
      [
        0.7258977368474007, 0.6013608798384666, 0.988566093146801, 0.8008599057793617, 0.3850413039326668,
        0.0032354071736335754,
      ],
    ]);
    // Beyond 2^31, with scipy's bits=32.
    expect(sobolPoints(3, 2, 3_000_000_000).map((point) => Array.from(point))).toEqual([
      [0.002168526640161872, 0.04796422482468188, 0.9205889680888504],
      [0.5021685266401619, 0.5479642248246819, 0.4205889680888504],
    ]);
  });

  it("gives the same points from a skip as from the start", () => {
    const all = sobolPoints(7, 300);
    expect(sobolPoints(7, 100, 200)).toEqual(all.slice(200));
  });

  it("puts one point in each interval [k/2^m, (k+1)/2^m) of every coordinate over the first 2^m points", () => {
    const points = sobolPoints(SOBOL_MAX_DIMENSION, 256);
    for (let dimension = 0; dimension < SOBOL_MAX_DIMENSION; dimension++) {
      const cells = new Set(points.map((point) => Math.floor(point[dimension] * 256)));
      expect(cells.size, `dimension ${dimension}`).toBe(256);
    }
  });

  it("offers 64 dimensions and refuses more, or indexes past 2^32 − 1", () => {
    expect(SOBOL_MAX_DIMENSION).toBe(64);
    expect(() => sobolPoints(65, 1)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Sobol sequence dimension must be an integer from 1 to 64, received 65]`,
    );
    expect(() => sobolPoints(2, 2, 2 ** 32 - 1)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Sobol points must lie at indexes from 0 to 2^32 − 1, received count 2 from index 4294967295]`,
    );
  });
});
