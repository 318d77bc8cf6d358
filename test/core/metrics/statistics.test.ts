import { describe, expect, it } from "vitest";
import {
  compareRuns,
  meanInterval,
  replicateSeed,
  type Summary,
  studentTCdf,
  studentTQuantile,
} from "../../../src/core/metrics/index.js";

describe("studentTQuantile()", () => {
  it("matches published t tables at 0.975 (df 1, 4, 9, 29) to 1e-5", () => {
    // Student's t table, two-sided 95%: 12.706, 2.776, 2.262, 2.045.
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.77645, 5);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.26216, 5);
    expect(studentTQuantile(0.975, 29)).toBeCloseTo(2.04523, 5);
  });

  it("is the inverse of studentTCdf() and symmetric", () => {
    for (const df of [2, 7, 50]) {
      for (const p of [0.6, 0.9, 0.99]) {
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
        expect(studentTQuantile(1 - p, df)).toBeCloseTo(-studentTQuantile(p, df), 9);
      }
    }
  });
});

describe("meanInterval()", () => {
  it("gives mean ± t·s/√n: for 1…5, 3 ± 2.776445 × 1.581139/√5", () => {
    const interval = meanInterval([1, 2, 3, 4, 5]);
    expect(interval?.mean).toBe(3);
    expect(interval?.low).toBeCloseTo(3 - 2.7764451 * (Math.sqrt(2.5) / Math.sqrt(5)), 6);
    expect(interval?.high).toBeCloseTo(3 + 2.7764451 * (Math.sqrt(2.5) / Math.sqrt(5)), 6);
  });

  it("collapses to the value with one replicate, and is undefined with none", () => {
    expect(meanInterval([4])).toEqual({ mean: 4, low: 4, high: 4, n: 1 });
    expect(meanInterval([])).toBeUndefined();
  });
});

describe("replicateSeed()", () => {
  it("derives distinct, stable, safe-integer seeds from a hash of (base, replicate), not base + replicate", () => {
    const seeds = Array.from({ length: 20 }, (_, r) => replicateSeed(2020, r));
    expect(new Set(seeds).size).toBe(20);
    for (const seed of seeds) expect(Number.isSafeInteger(seed) && seed >= 0).toBe(true);
    expect(replicateSeed(2020, 3)).toBe(seeds[3]);
    expect(replicateSeed(2021, 0)).not.toBe(seeds[1]);
  });
});

describe("compareRuns()", () => {
  // Minimal summaries: only what the measures read.
  const summary = (listed: number, wrongful: number, entries: number): Summary =>
    ({
      population: 1000,
      listings: {
        current: listed,
        wrongfulShare: entries > 0 ? wrongful / entries : null,
        precision: null,
        recall: null,
        wrongfulPersonDays: 0,
      },
      disparity: { listingRateRatio: null },
      denied: {},
      behaviour: { harm: 0, legitimateActs: 0 },
      rewards: {},
    }) as unknown as Summary;

  it("gives each scenario's mean and interval, and paired differences against the first", () => {
    const runs = [
      [summary(10, 1, 10), summary(12, 2, 12), summary(14, 3, 14)],
      [summary(11, 0, 11), summary(14, 0, 14), summary(17, 0, 17)],
    ];
    const listed = compareRuns(["a", "b"], runs).find((row) => row.measure === "listedShare");
    expect(listed?.values[0].mean).toBeCloseTo(0.012, 15);
    expect(listed?.values[1].mean).toBeCloseTo(0.014, 15);
    // Paired differences 0.001, 0.002, 0.003: mean 0.002, s = 0.001, t(0.975, 2) = 4.302653.
    const difference = listed?.differences[0];
    expect(difference?.mean).toBeCloseTo(0.002, 12);
    expect(difference?.high).toBeCloseTo(0.002 + 4.302653 * (0.001 / Math.sqrt(3)), 8);
  });

  it("leaves out replicates where a measure is undefined", () => {
    const runs = [
      [summary(0, 0, 0), summary(10, 5, 10)],
      [summary(1, 1, 1), summary(2, 1, 2)],
    ];
    const wrongful = compareRuns(["a", "b"], runs).find((row) => row.measure === "wrongfulShare");
    expect(wrongful?.values[0].replicates).toEqual([0.5]);
    expect(wrongful?.differences[0]).toMatchObject({ mean: 0, low: 0, high: 0 });
  });
});
