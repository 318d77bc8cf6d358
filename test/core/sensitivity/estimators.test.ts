import { describe, expect, it } from "vitest";
import { CounterRng, normal, purposeId, seedKey } from "../../../src/core/rng/index.js";
import {
  type Estimate,
  gFunction,
  gFunctionIndices,
  ishigami,
  ishigamiIndices,
  latinHypercube,
  morrisDesign,
  morrisIndices,
  partialRankCorrelations,
  saltelliBlockSize,
  saltelliDesign,
  sobolIndices,
  type UnitPoint,
} from "../../../src/core/sensitivity/index.js";

/** Ishigami's domain [−π, π]³ from the unit cube. */
const ishigamiOfUnit = (u: UnitPoint) => ishigami(Array.from(u, (v) => -Math.PI + 2 * Math.PI * v));
const G_A = [0, 1, 4.5, 9, 99, 99, 99, 99];

const values = (estimates: Estimate[]) => estimates.map((estimate) => estimate.value);
/** Whether each interval holds its true value. */
const covers = (estimates: Estimate[], truth: number[]) =>
  estimates.map(({ low, high }, i) => low !== null && high !== null && low <= truth[i] && truth[i] <= high);

describe("sobolIndices()", () => {
  // N = 2^13 base samples: 65,536 Ishigami runs with second order, 81,920 G-function runs.
  const n = 8192;
  const ishigamiDesign = saltelliDesign(n, 3, true);
  const ishigamiValues = Float64Array.from(ishigamiDesign, ishigamiOfUnit);
  const ishigamiResult = sobolIndices(ishigamiValues, 3, true, { seed: 1 });
  const gDesign = saltelliDesign(n, 8, false);
  const gValues = Float64Array.from(gDesign, (u) => gFunction(u, G_A));
  const gResult = sobolIndices(gValues, 8, false, { seed: 2 });

  it("on Ishigami (a = 7, b = 0.1), N = 8192: S and ST within 0.01 of the analytic values", () => {
    const truth = ishigamiIndices();
    expect(ishigamiResult.blocks).toBe(n);
    expect(ishigamiResult.used).toBe(n);
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(ishigamiResult.first[i].value - truth.first[i]), `S${i + 1}`).toBeLessThan(0.01);
      expect(Math.abs(ishigamiResult.total[i].value - truth.total[i]), `ST${i + 1}`).toBeLessThan(0.01);
    }
  });

  it("on Ishigami, N = 8192: second-order S13 within 0.02 of 0.2437, S12 and S23 within 0.02 of 0", () => {
    const second = ishigamiResult.second ?? [];
    expect(second.map(({ i, j }) => [i, j])).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    const truth = ishigamiIndices().second.map(({ value }) => value);
    second.forEach(({ estimate }, k) => {
      expect(Math.abs(estimate.value - truth[k]), `pair ${k}`).toBeLessThan(0.02);
    });
  });

  it("on the G-function (a = 0, 1, 4.5, 9, 99 × 4), N = 8192: S and ST within 0.005 of the analytic values", () => {
    const truth = gFunctionIndices(G_A);
    for (let i = 0; i < 8; i++) {
      expect(Math.abs(gResult.first[i].value - truth.first[i]), `S${i + 1}`).toBeLessThan(0.005);
      expect(Math.abs(gResult.total[i].value - truth.total[i]), `ST${i + 1}`).toBeLessThan(0.005);
    }
    // The inputs with a = 99 barely matter: ST ≈ 0.0001.
    for (let i = 4; i < 8; i++) expect(gResult.total[i].value).toBeLessThan(0.0005);
  });

  it("gives 95% bootstrap intervals (1000 resamples) that cover every first-order and total index, N = 8192", () => {
    const ishigamiTruth = ishigamiIndices();
    const gTruth = gFunctionIndices(G_A);
    expect(covers(ishigamiResult.first, ishigamiTruth.first)).toEqual([true, true, true]);
    expect(covers(ishigamiResult.total, ishigamiTruth.total)).toEqual([true, true, true]);
    expect(
      covers(ishigamiResult.second?.map(({ estimate }) => estimate) ?? [], [0, ishigamiTruth.total[2], 0]),
    ).toEqual([true, true, true]);
    expect(covers(gResult.first, gTruth.first)).toEqual(Array(8).fill(true));
    expect(covers(gResult.total, gTruth.total)).toEqual(Array(8).fill(true));
    // And they are informative: S1 of the G-function is pinned to within ±0.05.
    const { low, high } = gResult.first[0];
    expect((high ?? 1) - (low ?? 0)).toBeLessThan(0.1);
  });

  it("drops exactly the blocks with a missing value, and the rest still gives the answers", () => {
    const size = saltelliBlockSize(8, false);
    const damaged = gValues.slice();
    // 100 blocks lose one value each, at varying rows: A, an AB⁽ⁱ⁾ or B.
    for (let k = 0; k < 100; k++) damaged[k * 37 * size + (k % size)] = Number.NaN;
    const result = sobolIndices(damaged, 8, false, { resamples: 0 });
    expect(result.blocks).toBe(n);
    expect(result.used).toBe(n - 100);
    const truth = gFunctionIndices(G_A);
    for (let i = 0; i < 8; i++) {
      expect(Math.abs(result.first[i].value - truth.first[i])).toBeLessThan(0.01);
      expect(Math.abs(result.total[i].value - truth.total[i])).toBeLessThan(0.01);
    }
    // The same as the estimate on the complete blocks alone.
    const kept = Array.from({ length: n }, (_, block) => block).filter(
      (block) => block % 37 !== 0 || block / 37 >= 100,
    );
    const complete = kept.flatMap((block) => Array.from(gValues.subarray(block * size, (block + 1) * size)));
    expect(sobolIndices(complete, 8, false, { resamples: 0 }).first).toEqual(result.first);
  });

  it("takes a prefix of whole blocks as a smaller design (for convergence), with null bounds when asked for none", () => {
    const size = saltelliBlockSize(3, true);
    const small = sobolIndices(ishigamiValues.subarray(0, 1024 * size), 3, true, { resamples: 0 });
    expect(small.blocks).toBe(1024);
    expect(small.first.every(({ low, high }) => low === null && high === null)).toBe(true);
    expect(Math.abs(small.total[0].value - ishigamiIndices().total[0])).toBeLessThan(0.05);
  });

  it("gives null bounds with fewer than two complete blocks, and NaN indices with none", () => {
    const size = saltelliBlockSize(3, false);
    const one = sobolIndices([1, 2, 3, 4, 5, Number.NaN, 1, 1, 1, 1], 3, false);
    expect(one.used).toBe(1);
    expect(one.first[0]).toMatchObject({ low: null, high: null });
    const none = sobolIndices(Array(2 * size).fill(Number.NaN), 3, false);
    expect(none.used).toBe(0);
    expect(none.first[0].value).toBeNaN();
  });

  it("is reproducible: the same seed gives the same intervals, another seed other intervals", () => {
    const prefix = ishigamiValues.subarray(0, 512 * saltelliBlockSize(3, true));
    const once = sobolIndices(prefix, 3, true, { seed: 1 });
    expect(sobolIndices(prefix, 3, true, { seed: 1 })).toEqual(once);
    const other = sobolIndices(prefix, 3, true, { seed: 5 });
    expect(values(other.first)).toEqual(values(once.first));
    expect(other.first[0].low).not.toBe(once.first[0].low);
  });

  it("refuses values that are not whole blocks", () => {
    expect(() => sobolIndices([1, 2, 3], 3, false)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Sobol indices need whole blocks of 5 values (Saltelli's scheme in 3 dimensions), received 3 values]`,
    );
  });
});

describe("morrisIndices()", () => {
  it("on the G-function, 50 trajectories on 4 levels: ranks μ* as x1 > x2 > x3 > x4 > the four with a = 99", () => {
    const points = morrisDesign(50, 8, 4, 3);
    const result = morrisIndices(
      points,
      Float64Array.from(points, (u) => gFunction(u, G_A)),
    );
    expect(result.trajectories).toBe(50);
    expect(result.used).toBe(50);
    const muStar = values(result.muStar);
    for (let i = 0; i < 3; i++) expect(muStar[i], `x${i + 1} > x${i + 2}`).toBeGreaterThan(muStar[i + 1]);
    for (let i = 4; i < 8; i++) expect(muStar[3], `x4 > x${i + 1}`).toBeGreaterThan(2 * muStar[i]);
    // Intervals hold their estimate; the first two are apart.
    for (const { value, low, high } of result.muStar) {
      expect(low).toBeLessThanOrEqual(value);
      expect(high).toBeGreaterThanOrEqual(value);
    }
    expect(result.muStar[0].low).toBeGreaterThan(result.muStar[1].high ?? Number.POSITIVE_INFINITY);
  });

  it("on Ishigami, 400 trajectories on 4 levels: x3 matters (μ* > 1) though S1 = 0, with μ ≈ 0 and a large σ", () => {
    const points = morrisDesign(400, 3, 4, 4);
    const result = morrisIndices(points, Float64Array.from(points, ishigamiOfUnit));
    const muStar = values(result.muStar);
    for (const { low } of result.muStar) expect(low).toBeGreaterThan(1);
    expect(muStar[2]).toBeLessThan(muStar[0]);
    expect(muStar[2]).toBeLessThan(muStar[1]);
    // x3 acts only through its interaction with x1, in both directions: its effects cancel on average.
    expect(Math.abs(result.mu[2])).toBeLessThan(muStar[2] / 3);
    expect(result.sigma[2]).toBeGreaterThan(muStar[2]);
  });

  it("computes EE = (f(x′) − f(x)) / (x′_i − x_i), μ, μ* and σ (n − 1) on a linear function exactly", () => {
    const points = morrisDesign(5, 3, 6, 8);
    const result = morrisIndices(
      points,
      points.map((u) => 2 * u[0] - 3 * u[1]),
      { resamples: 0 },
    );
    expect(result.mu.map((value) => Number(value.toFixed(12)))).toEqual([2, -3, 0]);
    expect(values(result.muStar).map((value) => Number(value.toFixed(12)))).toEqual([2, 3, 0]);
    expect(result.sigma.map((value) => Number(value.toFixed(12)))).toEqual([0, 0, 0]);
  });

  it("drops exactly the trajectories with a missing value", () => {
    const points = morrisDesign(50, 8, 4, 3);
    const outputs = Float64Array.from(points, (u) => gFunction(u, G_A));
    const damaged = outputs.slice();
    for (const t of [0, 7, 33]) damaged[t * 9 + 4] = Number.NaN;
    const result = morrisIndices(points, damaged, { resamples: 0 });
    expect(result.used).toBe(47);
    const kept = (t: number) => ![0, 7, 33].includes(t);
    const keptPoints = points.filter((_, row) => kept(Math.floor(row / 9)));
    const keptValues = outputs.filter((_, row) => kept(Math.floor(row / 9)));
    expect(morrisIndices(keptPoints, keptValues, { resamples: 0 }).mu).toEqual(result.mu);
  });

  it("refuses points that are not Morris trajectories", () => {
    const trajectory = (...rows: number[][]) => rows.map((row) => Float64Array.from(row));
    const twoAtOnce = trajectory([0, 0], [1, 1], [1, 0]);
    expect(() => morrisIndices(twoAtOnce, [1, 2, 3])).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: not a Morris design: points 0 and 1 differ in 2 coordinates, not one]`,
    );
    const sameTwice = trajectory([0, 0], [1, 0], [0, 0]);
    expect(() => morrisIndices(sameTwice, [1, 2, 3])).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: not a Morris design: coordinate 0 moves twice in trajectory 0]`,
    );
    expect(() => morrisIndices(trajectory([0, 0], [1, 0]), [1, 2])).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: Morris indices need whole trajectories of 3 points (d + 1), received 2 points]`,
    );
  });
});

describe("partialRankCorrelations()", () => {
  /** y = 3x₁ + x₂ + 0·x₃ + ε, ε ~ N(0, 0.3²), on a Latin hypercube of 300 points. */
  function linearModel(samples: number) {
    const points = latinHypercube(samples, 3, 21);
    const rng = new CounterRng(seedKey(21));
    const purpose = purposeId("test.noise");
    const outputs = Float64Array.from(
      points,
      (u, row) => 3 * u[0] + u[1] + 0 * u[2] + 0.3 * normal(rng.reset(purpose, row, 0)),
    );
    return { points, outputs };
  }

  it("on y = 3x₁ + x₂ + 0·x₃ + noise, 300 LHS points: |PRCC| ordered x1 > x2 > x3, x3's interval holding 0", () => {
    const { points, outputs } = linearModel(300);
    const result = partialRankCorrelations(points, outputs, { seed: 3 });
    expect(result).toMatchObject({ samples: 300, used: 300 });
    const [x1, x2, x3] = result.prcc;
    expect(x1.value).toBeGreaterThan(x2.value);
    expect(x2.value).toBeGreaterThan(0.5);
    expect(Math.abs(x3.value)).toBeLessThan(0.15);
    expect(x3.low).toBeLessThan(0);
    expect(x3.high).toBeGreaterThan(0);
    expect(x2.high).toBeLessThan(x1.low ?? Number.NEGATIVE_INFINITY);
  });

  it("equals the correlation of rank residuals from least squares (numpy fixture, with ties)", () => {
    // Fixture: numpy's lstsq residuals of each input's ranks and the output's ranks on an intercept and the other
    // inputs' ranks (scipy.stats.rankdata, average ties), then np.corrcoef of the residuals.
    const xs = [
      [1, 2, 1],
      [8, 7, 2],
      [3, 0, 5],
      [10, 5, 10],
      [5, 10, 4],
      [0, 3, 0],
      [7, 8, 11],
      [2, 1, 11],
      [9, 6, 0],
      [4, 11, 4],
      [11, 4, 10],
      [6, 9, 5],
    ];
    const points = xs.map(([a, b, c]) => Float64Array.of(a / 12 + 0, b / 12, c / 13));
    const outputs = points.map((u) => 3 * u[0] + Math.sin(7 * u[1]) + 0.3 * u[2] ** 2);
    const result = partialRankCorrelations(points, outputs, { resamples: 0 });
    const expected = [0.6583068876663405, -0.5368172668595452, -0.219257766777113];
    values(result.prcc).forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i], 12);
    });
  });

  it("drops exactly the rows with a missing value", () => {
    const { points, outputs } = linearModel(300);
    const damaged = outputs.slice();
    damaged[5] = Number.NaN;
    damaged[200] = Number.NaN;
    const result = partialRankCorrelations(points, damaged, { resamples: 0 });
    expect(result).toMatchObject({ samples: 300, used: 298 });
    const keep = (_: unknown, row: number) => row !== 5 && row !== 200;
    expect(partialRankCorrelations(points.filter(keep), outputs.filter(keep), { resamples: 0 }).prcc).toEqual(
      result.prcc,
    );
  });
});

describe("partial rank correlations of a measure that follows one input exactly", () => {
  it("gives ±1 for that input and about 0 for the others, with intervals (a ridge on the singular matrix)", () => {
    const points = latinHypercube(30, 3, 11);
    const result = partialRankCorrelations(
      points,
      points.map((x) => 5 * x[0] + 1),
    );
    expect(result.prcc[0].value).toBeCloseTo(1, 3);
    expect(Math.abs(result.prcc[1].value)).toBeLessThan(0.1);
    expect(result.prcc.every((estimate) => estimate.low !== null && estimate.high !== null)).toBe(true);
    const falling = partialRankCorrelations(
      points,
      points.map((x) => -x[2]),
    );
    expect(falling.prcc[2].value).toBeCloseTo(-1, 3);
  });
});
