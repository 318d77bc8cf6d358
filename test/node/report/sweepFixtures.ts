// Sweep reports for the report tests: synthetic but coherent (a measure that follows its parameters, indices that
// rank them as the measure does, intervals that narrow as n grows).
import type { IndexRow, SweepIndices, SweepPointRow, SweepReport } from "../../../src/report/types.js";

/** Five parameters of china-2020, most influential first, with their ranges. */
export const PARAMETERS = [
  {
    name: "cameraFalseMatch",
    path: "sources.cameras.falseMatchRate",
    description: "log-uniform, 0.001 to 0.05",
  },
  { name: "listThreshold", path: "blacklist.threshold", description: "uniform, 550 to 700" },
  { name: "informantRate", path: "sources.informants.rate", description: "uniform, 0 to 0.2" },
  { name: "appealSuccess", path: "appeals.success", description: "uniform, 0.1 to 0.9" },
  { name: "decayDays", path: "scoring.decayDays", description: "uniform, 180 to 720" },
];

export const MEASURES = [
  { id: "listings.wrongfulShare", label: "share of listings that are wrongful" },
  { id: "disparity.listingRateRatio", label: "listing-rate ratio, lowest group over highest" },
];

/** Sobol indices of the first measure (S1, ST) per parameter, at N = 16; the second measure's are half as clear. */
export const SOBOL = {
  S1: [0.52, 0.21, 0.08, 0.012, 0.001],
  ST: [0.61, 0.27, 0.12, 0.02, 0.004],
};

/** A fixed sequence of numbers in [0, 1) (a linear congruential generator: no randomness in the tests). */
function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function row(
  measure: string,
  method: IndexRow["method"],
  index: IndexRow["index"],
  parameter: string,
  value: number | null,
  halfWidth: number | null,
  n: number,
  parameter2: string | null = null,
): IndexRow {
  return {
    measure,
    method,
    index,
    parameter,
    parameter2,
    value,
    low: value === null || halfWidth === null ? null : value - halfWidth,
    high: value === null || halfWidth === null ? null : value + halfWidth,
    n,
  };
}

/** Design points: parameters spread over their ranges, the measures following the most influential ones. */
function points(count: number, seed: number, undefinedEvery = 0): SweepPointRow[] {
  const next = sequence(seed);
  return Array.from({ length: count }, (_, point) => {
    const u = PARAMETERS.map(() => next());
    const values = {
      cameraFalseMatch: 0.001 * 50 ** u[0],
      listThreshold: 550 + 150 * u[1],
      informantRate: 0.2 * u[2],
      appealSuccess: 0.1 + 0.8 * u[3],
      decayDays: 180 + 540 * u[4],
    };
    const share = 0.02 + 0.3 * u[0] ** 2 + 0.1 * u[1] + 0.04 * u[2] + 0.01 * next();
    const ratio = 0.9 - 0.2 * u[1] - 0.1 * u[0] + 0.02 * next();
    return {
      point,
      values,
      measures: {
        // Every replicate of point 3 failed (sobolFixture's failures): no measure there.
        "listings.wrongfulShare": undefinedEvery > 0 && point === 3 ? null : share,
        "disparity.listingRateRatio": undefinedEvery > 0 && point % undefinedEvery === 3 ? null : ratio,
      },
    };
  });
}

function sobolIndices(secondOrder: boolean): SweepIndices {
  const rows: IndexRow[] = [];
  const convergence: SweepIndices["convergence"] = [];
  MEASURES.forEach((measure, m) => {
    const scale = m === 0 ? 1 : 0.5;
    for (const n of [2, 4, 8, 16]) {
      // Estimates drift towards their value at N = 16; intervals narrow as 1/√n.
      const drift = (16 - n) / 100;
      const half = 0.4 / Math.sqrt(n);
      PARAMETERS.forEach((parameter, k) => {
        for (const index of ["S1", "ST"] as const) {
          const value = SOBOL[index][k] * scale + (k % 2 === 0 ? drift : -drift);
          const estimate = row(measure.id, "sobol", index, parameter.name, value, half, n);
          convergence.push(estimate);
          if (n === 16) rows.push(estimate);
        }
      });
    }
    if (secondOrder)
      for (let a = 0; a < PARAMETERS.length; a++)
        for (let b = a + 1; b < PARAMETERS.length; b++) {
          const value = a === 0 && b === 1 ? 0.05 * scale : 0.004;
          rows.push(row(measure.id, "sobol", "S2", PARAMETERS[a].name, value, 0.06, 16, PARAMETERS[b].name));
        }
  });
  return {
    design: "sobol",
    resamples: 1000,
    measures: [
      {
        measure: MEASURES[0].id,
        used: 15,
        missing: 1,
        noise: { replicateVariance: 0.000012, pointVariance: 0.0041, ratio: 0.00293 },
      },
      {
        measure: MEASURES[1].id,
        used: 13,
        missing: 3,
        noise: { replicateVariance: 0.0009, pointVariance: 0.0052, ratio: 0.173 },
      },
    ],
    rows,
    convergence,
  };
}

const BASE: Omit<SweepReport, "design" | "points" | "indices"> = {
  name: "china-2020-drivers",
  title: "What drives china-2020's wrongful listings",
  model: "china-2020",
  population: 20000,
  days: 365,
  replicates: 3,
  seed: 42,
  parameters: PARAMETERS,
  measures: MEASURES,
  runs: { total: 0, failed: 0, failures: [] },
};

/**
 * A Sobol sweep: N = 16 base samples of 5 parameters (with second-order indices: N (2k + 2) = 192 points, else
 * N (k + 2) = 112), 3 replicates; the second measure undefined at a few points; 7 runs failed.
 */
export function sobolFixture(secondOrder = true): SweepReport {
  const count = secondOrder ? 192 : 112;
  const failures = [
    { point: 3, replicate: 0, error: "blacklist.threshold: expected at most 700, found 712.5" },
    { point: 3, replicate: 1, error: "blacklist.threshold: expected at most 700, found 712.5" },
    { point: 3, replicate: 2, error: "blacklist.threshold: expected at most 700, found 712.5" },
    { point: 57, replicate: 1, error: "engine error: worker exited with signal SIGKILL" },
    { point: 99, replicate: 0, error: "engine error: out of memory" },
    { point: 131, replicate: 2, error: "engine error: out of memory" },
    { point: 150, replicate: 0, error: "<script>alert(1)</script> is not a scenario path" },
  ];
  return {
    ...BASE,
    design: {
      kind: "sobol",
      description: `Saltelli, N = 16${secondOrder ? ", with second-order indices" : ""}`,
      points: count,
    },
    runs: { total: count * 3, failed: failures.length, failures },
    points: points(count, 7, 50),
    indices: sobolIndices(secondOrder),
  };
}

/** Morris values of the first measure per parameter: μ*, μ, σ (the second measure's are a third of them). */
export const MORRIS = {
  muStar: [0.21, 0.094, 0.041, 0.006, 0.001],
  mu: [0.21, -0.09, 0.03, 0.001, 0.0],
  sigma: [0.12, 0.02, 0.035, 0.004, 0.001],
};

/** A Morris screen: r = 10 trajectories, p = 4 levels, 60 points, one replicate (no noise measured). */
export function morrisFixture(): SweepReport {
  const rows: IndexRow[] = [];
  const convergence: SweepIndices["convergence"] = [];
  MEASURES.forEach((measure, m) => {
    const scale = m === 0 ? 1 : 1 / 3;
    PARAMETERS.forEach((parameter, k) => {
      for (const n of [5, 10]) {
        const half = (0.1 * MORRIS.muStar[k] * 10) / n;
        const estimate = row(
          measure.id,
          "morris",
          "muStar",
          parameter.name,
          MORRIS.muStar[k] * scale,
          half,
          n,
        );
        convergence.push(estimate);
        if (n === 10) rows.push(estimate);
      }
      rows.push(row(measure.id, "morris", "mu", parameter.name, MORRIS.mu[k] * scale, null, 10));
      rows.push(row(measure.id, "morris", "sigma", parameter.name, MORRIS.sigma[k] * scale, null, 10));
    });
  });
  return {
    ...BASE,
    name: "china-2020-screen",
    title: undefined,
    design: { kind: "morris", description: "r = 10 trajectories, p = 4 levels", points: 60 },
    replicates: 1,
    runs: { total: 60, failed: 0, failures: [] },
    points: points(60, 11),
    indices: {
      design: "morris",
      resamples: 1000,
      measures: MEASURES.map((measure) => ({ measure: measure.id, used: 10, missing: 0, noise: null })),
      rows,
      convergence,
    },
  };
}

/** Partial rank correlations of the first measure per parameter. */
export const PRCC = [0.91, 0.62, 0.33, -0.04, 0.01];

/** A Latin hypercube of 50 samples, 2 replicates, no convergence rows. */
export function lhsFixture(): SweepReport {
  const rows = MEASURES.flatMap((measure, m) =>
    PARAMETERS.map((parameter, k) =>
      row(measure.id, "prcc", "prcc", parameter.name, m === 0 ? PRCC[k] : -PRCC[k] / 2, 0.08, 50),
    ),
  );
  return {
    ...BASE,
    name: "china-2020-lhs",
    design: { kind: "lhs", description: "50 samples", points: 50 },
    replicates: 2,
    runs: { total: 100, failed: 0, failures: [] },
    points: points(50, 13),
    indices: {
      design: "lhs",
      resamples: 500,
      measures: MEASURES.map((measure) => ({
        measure: measure.id,
        used: 50,
        missing: 0,
        noise: { replicateVariance: 0.00002, pointVariance: 0.004, ratio: 0.005 },
      })),
      rows,
      convergence: [],
    },
  };
}

/** A grid: a threshold at 3 levels × a policy at 2 levels (words, not numbers), 2 replicates, no indices. */
export function gridFixture(): SweepReport {
  const levels = [550, 600, 650];
  const policies = ["strict", "lenient"];
  const gridPoints: SweepPointRow[] = levels.flatMap((threshold, a) =>
    policies.map((policy, b) => ({
      point: a * policies.length + b,
      values: { listThreshold: threshold, appealPolicy: policy },
      measures: {
        "listings.wrongfulShare": 0.05 + 0.0004 * (threshold - 550) + (policy === "strict" ? 0.01 : 0),
        "disparity.listingRateRatio": 0.8 - 0.001 * (threshold - 550),
      },
    })),
  );
  return {
    ...BASE,
    name: "china-2020-grid",
    design: { kind: "grid", description: "3 × 2 levels", points: 6 },
    replicates: 2,
    parameters: [
      { name: "listThreshold", path: "blacklist.threshold", description: "levels 550, 600, 650" },
      { name: "appealPolicy", path: "appeals.policy", description: "levels strict, lenient" },
    ],
    runs: { total: 12, failed: 0, failures: [] },
    points: gridPoints,
    indices: {
      design: "grid",
      resamples: 0,
      measures: MEASURES.map((measure) => ({
        measure: measure.id,
        used: 6,
        missing: 0,
        noise: { replicateVariance: 0.00001, pointVariance: 0.0011, ratio: 0.0091 },
      })),
      rows: [],
      convergence: [],
    },
  };
}
