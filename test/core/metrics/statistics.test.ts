import { describe, expect, it } from "vitest";
import {
  compareRuns,
  intervalNotes,
  meanInterval,
  pairingWarnings,
  replicateSeed,
  type Summary,
  studentTCdf,
  studentTQuantile,
} from "../../../src/core/metrics/index.js";
import { loadScenario } from "../../../src/node/scenarios.js";

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

  it("gives no interval with one replicate (low and high null, on every scale), and is undefined with none", () => {
    for (const scale of ["linear", "logit", "log", "atanh"] as const) {
      expect(meanInterval([0.4], scale)).toEqual({ mean: 0.4, low: null, high: null, n: 1 });
    }
    expect(meanInterval([])).toBeUndefined();
  });

  it("contains the mean on every scale when the replicates agree, though the mapping back rounds", () => {
    let beyond = 0;
    for (let k = 1; k < 2000; k++) {
      const m = k / 2000;
      if (1 / (1 + Math.exp(-Math.log(m / (1 - m)))) !== m) beyond++;
      for (const scale of ["logit", "log", "atanh"] as const) {
        const interval = meanInterval([m, m, m], scale);
        expect(interval?.low).toBeLessThanOrEqual(interval?.mean as number);
        expect(interval?.high).toBeGreaterThanOrEqual(interval?.mean as number);
      }
    }
    // The case exists: expit(logit(m)) is not m for some of these means.
    expect(beyond).toBeGreaterThan(0);
  });

  // Reference values computed once with scipy 1.x: m = mean, h = t.ppf(0.975, n − 1)·s/√n, then
  // logit: expit(logit(m) ∓ h/(m(1 − m))); log: m·exp(∓h/m); atanh: tanh(atanh(m) ∓ h/(1 − m²)).
  const cases = [
    // A share near 0 (the 0.020% [−0.030%, 0.070%] kind): the linear interval goes below 0.
    {
      values: [0, 0, 0, 0, 0.001],
      scale: "logit",
      low: 1.24473087373e-5,
      high: 0.00320449008352,
      linearLow: -0.00035528902104,
    },
    // A recall-like share with a wide spread.
    {
      values: [0.05, 0.4, 0, 0.2],
      scale: "logit",
      low: 0.0231847741726,
      high: 0.613326133791,
      linearLow: -0.123440926239,
    },
    // A non-negative rate.
    {
      values: [1.2, 0.1, 0.05],
      scale: "log",
      low: 0.012441636944,
      high: 16.2759933369,
      linearLow: -1.16468951264,
    },
    // A difference of shares near +1: the linear interval goes above 1.
    {
      values: [0.5, 0.9, 0.95],
      scale: "atanh",
      low: -0.486727777004,
      high: 0.989859534868,
      linearHigh: 1.39603135063,
    },
  ] as const;

  it.each(cases)(
    "on the $scale scale, for $values: matches scipy to 1e-9 and stays in the range where the linear one does not",
    (entry) => {
      const interval = meanInterval(entry.values, entry.scale);
      const linear = meanInterval(entry.values, "linear");
      const mean = entry.values.reduce((sum: number, value: number) => sum + value, 0) / entry.values.length;
      expect(interval?.mean).toBeCloseTo(mean, 15);
      expect(interval?.low).toBeCloseTo(entry.low, 9);
      expect(interval?.high).toBeCloseTo(entry.high, 9);
      const [min, max] = entry.scale === "logit" ? [0, 1] : entry.scale === "log" ? [0, Infinity] : [-1, 1];
      expect(interval?.low).toBeGreaterThan(min);
      expect(interval?.high).toBeLessThan(max);
      expect(interval?.low).toBeLessThan(mean);
      expect(interval?.high).toBeGreaterThan(mean);
      if ("linearLow" in entry) expect(linear?.low).toBeCloseTo(entry.linearLow, 9);
      if ("linearHigh" in entry) expect(linear?.high).toBeCloseTo(entry.linearHigh, 9);
    },
  );

  it("on a bounded scale, a mean on the range's edge (every replicate 0, or 1) gives the interval [m, m]", () => {
    expect(meanInterval([0, 0, 0], "logit")).toEqual({ mean: 0, low: 0, high: 0, n: 3 });
    expect(meanInterval([1, 1], "logit")).toEqual({ mean: 1, low: 1, high: 1, n: 2 });
    expect(meanInterval([0, 0], "log")).toEqual({ mean: 0, low: 0, high: 0, n: 2 });
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
      mechanisms: { blacklist: true },
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
    // Paired differences 0.001, 0.002, 0.003: mean 0.002, s = 0.001, t(0.975, 2) = 4.302653, on the atanh scale
    // (scipy: [−0.000484144943841, 0.00448412026008]; linear: ±0.00248413771175).
    const difference = listed?.differences[0];
    expect(listed?.scales).toEqual({ values: "logit", differences: "atanh" });
    expect(difference?.mean).toBeCloseTo(0.002, 12);
    expect(difference?.low).toBeCloseTo(-0.000484144943841, 12);
    expect(difference?.high).toBeCloseTo(0.00448412026008, 12);
  });

  it("keeps share intervals in [0, 1] and rates' above 0; harm, which can be negative, keeps the linear interval", () => {
    const runs = [[summary(0, 0, 5), summary(0, 0, 5), summary(0, 0, 5), summary(0, 0, 5), summary(1, 1, 5)]];
    const rows = compareRuns(["a"], runs);
    const listed = rows.find((row) => row.measure === "listedShare");
    // Listed shares 0, 0, 0, 0, 0.001 (the 0.020% [−0.030%, 0.070%]).
    expect(listed?.values[0]).toMatchObject({ mean: 0.0002 });
    expect(listed?.values[0].low).toBeCloseTo(1.24473087373e-5, 12);
    expect(listed?.values[0].high).toBeCloseTo(0.00320449008352, 12);
    expect(rows.find((row) => row.measure === "wrongfulPersonDays")?.scales.values).toBe("log");
    expect(rows.find((row) => row.measure === "harm")?.scales).toEqual({
      values: "linear",
      differences: "linear",
    });
  });

  it("gives no interval (null) with one replicate", () => {
    const rows = compareRuns(["a", "b"], [[summary(10, 1, 10)], [summary(12, 1, 12)]]);
    const listed = rows.find((row) => row.measure === "listedShare");
    expect(listed?.values[0]).toMatchObject({ mean: 0.01, low: null, high: null });
    expect(listed?.differences[0]).toMatchObject({ low: null, high: null });
  });

  it("leaves out replicates where a measure is undefined", () => {
    const runs = [
      [summary(0, 0, 0), summary(10, 5, 10)],
      [summary(1, 1, 1), summary(2, 1, 2)],
    ];
    const wrongful = compareRuns(["a", "b"], runs).find((row) => row.measure === "wrongfulShare");
    expect(wrongful?.values[0].replicates).toEqual([0.5]);
    expect(wrongful?.differences[0]).toMatchObject({ mean: 0, low: null, high: null });
  });

  it("gives a null mean, not 0, where a scenario does not define a measure (no list: no share listed)", () => {
    const unlisted = { ...summary(0, 0, 0), mechanisms: { blacklist: false } } as unknown as Summary;
    const runs = [
      [summary(1, 0, 1), summary(2, 0, 2)],
      [unlisted, unlisted],
    ];
    const listed = compareRuns(["a", "b"], runs).find((row) => row.measure === "listedShare");
    expect(listed?.values[1]).toEqual({ scenario: "b", mean: null, low: null, high: null, replicates: [] });
    expect(listed?.differences[0]).toEqual({ scenario: "b", mean: null, low: null, high: null });
  });
});

describe("intervalNotes()", () => {
  it("names the intervals' method, or says that one replicate gives none", () => {
    expect(intervalNotes(5)).toMatchInlineSnapshot(`
      [
        "95% intervals are Student-t intervals (t with 4 degrees of freedom, from the spread of the replicates' values) for the mean over replicates, built on a scale that keeps them in the measure's range (delta method): shares and the listing-rate ratio on the logit scale, within 0–100%; counts per citizen or per 1,000 and reward value on the log scale, never below 0; harm (which benefits can make negative) as is. Paired differences: of shares on the atanh (Fisher z) scale, within ±100 percentage points; others as is.",
      ]
    `);
    expect(intervalNotes(5, true).at(-1)).toMatchInlineSnapshot(
      `"Chosen fields of summary.json take their scale from their range in its schema: from 0 to 1 (a share) as shares are, from 0 (a count) on the log scale, others (scores, changes) as is."`,
    );
    expect(intervalNotes(1)).toMatchInlineSnapshot(`
      [
        "n/a: one replicate gives no interval (no spread to estimate it from); run with --replicates 2 or more — 5 or more for intervals worth reading.",
      ]
    `);
  });
});

describe("pairingWarnings()", () => {
  it("says nothing when the populations are the same, whatever the apparatus", () => {
    expect(pairingWarnings([loadScenario("china-2020"), loadScenario("no-system")])).toEqual([]);
  });

  it("warns, naming what differs, when the populations or propensities differ", () => {
    const china = loadScenario("china-2020");
    const smaller = loadScenario("no-system", [
      "population.size=5000",
      "behaviours.smoking.heterogeneity.shape=5",
    ]);
    expect(pairingWarnings([china, smaller])).toMatchInlineSnapshot(`
      [
        "the populations of china-2020 and no-system differ (population.size; the propensities of smoking): their citizens are not the same, so differences are paired by seed only, not citizen by citizen",
      ]
    `);
    expect(pairingWarnings([china, loadScenario("sesame-credit")])[0]).toContain(
      "differences are paired by seed only",
    );
  });
});
