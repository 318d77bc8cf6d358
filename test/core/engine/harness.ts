/** Shared set-up for the engine tests: scenarios as plain objects, runs stepped day by day, and z-tests. */

import { compileModel, Simulation } from "../../../src/core/engine/index.js";
import { type Summary, summarise } from "../../../src/core/metrics/index.js";
import { createPopulation } from "../../../src/core/population/index.js";
import { formatIssues, type Scenario, validateScenario } from "../../../src/core/scenario/index.js";
import { logGamma, normalCdf } from "../../helpers/stats.js";

/** Significance level of every statistical test in this folder. */
export const ALPHA = 0.001;

/** Validates a scenario written as a plain object (named "test" unless it says otherwise); throws with the issues. */
export function scenario(input: Record<string, unknown>): Scenario {
  const result = validateScenario({ name: "test", ...input });
  if (!result.ok) throw new Error(`invalid test scenario:\n${formatIssues(result.issues)}`);
  return result.scenario;
}

/** A score range wide enough never to clamp, so that a score counts acts exactly. */
export const UNBOUNDED = { min: -1e6, max: 1e6 };

export interface SteppedRun {
  simulation: Simulation;
  summary: Summary;
}

/**
 * Runs a scenario the way `simulate()` does, but steps the days here so that `afterDay` can read the simulation's
 * columns at the end of each day (with the records applied that day).
 */
export function runStepped(
  input: Scenario,
  options: {
    seed?: number;
    days?: number;
    afterDay?: (simulation: Simulation, day: number, applied: number) => void;
  } = {},
): SteppedRun {
  const model = compileModel(input, options.days ?? input.run.days, options.seed ?? input.run.seed);
  const population = createPopulation(input, model.seed);
  const simulation = new Simulation(model, population);
  for (let day = 0; day < model.days; day++) {
    const applied = simulation.step(day);
    options.afterDay?.(simulation, day, applied);
  }
  simulation.finish();
  return { simulation, summary: summarise(simulation, undefined, simulation.series) };
}

/** Two-sided p-value of a z statistic. */
export function twoSidedP(z: number): number {
  return 2 * (1 - normalCdf(Math.abs(z)));
}

/** Two-sided p-value of an observed count against a mean and a variance (normal approximation). */
export function zTest(observed: number, mean: number, variance: number): number {
  if (!(variance > 0)) throw new Error(`zTest needs a positive variance, received ${variance}`);
  return twoSidedP((observed - mean) / Math.sqrt(variance));
}

/** Two-sided p-value of `successes` out of `trials` against probability `p` (normal approximation). */
export function binomialZTest(successes: number, trials: number, p: number): number {
  return zTest(successes, trials * p, trials * p * (1 - p));
}

/**
 * P(K = n) for the count of a Poisson process of mean μ·G with G ~ Gamma(k, 1/k) (mean 1): the negative binomial
 * Γ(k + n)/(Γ(k)·n!) · (k/(k + μ))^k · (μ/(k + μ))^n.
 */
export function gammaPoissonPmf(n: number, mean: number, shape: number): number {
  const log =
    logGamma(shape + n) -
    logGamma(shape) -
    logGamma(n + 1) +
    shape * Math.log(shape / (shape + mean)) +
    n * Math.log(mean / (shape + mean));
  return Math.exp(log);
}

/** Variance of the total count over N citizens each with mean μ·G, G ~ Gamma(k, 1/k): N·(μ + μ²/k). */
export function gammaPoissonTotalVariance(citizens: number, mean: number, shape: number): number {
  return citizens * (mean + (mean * mean) / shape);
}

/** Sum of a column over the citizens `select` keeps. */
export function sumWhere(column: ArrayLike<number>, select: (i: number) => boolean = () => true): number {
  let total = 0;
  for (let i = 0; i < column.length; i++) if (select(i)) total += column[i];
  return total;
}

/** Number of citizens `select` keeps. */
export function countWhere(size: number, select: (i: number) => boolean): number {
  let count = 0;
  for (let i = 0; i < size; i++) if (select(i)) count++;
  return count;
}

/**
 * The test population shared by the engine tests: three regions (surveillance 1, 0.5, 0), a majority and a 20%
 * minority, two income bands and, unless `ages` is false, two age bands.
 */
export function testPopulation(size: number, ages = true) {
  return {
    size,
    regions: [
      { id: "east", share: 0.4, surveillance: 1 },
      { id: "centre", share: 0.3, surveillance: 0.5 },
      { id: "west", share: 0.3, surveillance: 0 },
    ],
    groups: [
      { id: "majority", share: 0.8 },
      { id: "minority", share: 0.2 },
    ],
    incomeBands: [
      { id: "low", share: 0.6 },
      { id: "high", share: 0.4 },
    ],
    ...(ages
      ? {
          ageBands: [
            { id: "young", share: 0.5 },
            { id: "old", share: 0.5 },
          ],
        }
      : {}),
  };
}
