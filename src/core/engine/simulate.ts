import { type Summary, summarise } from "../metrics/summary.js";
import { createPopulation } from "../population/index.js";
import type { Scenario } from "../scenario/index.js";
import { compileModel } from "./model.js";
import { type DayReport, Simulation } from "./simulation.js";

export interface SimulateOptions {
  /** Overrides `run.seed`. */
  seed?: number;
  /** Overrides `run.days`. */
  days?: number;
  /** Called after each simulated day: a streaming hook for measures and progress. */
  onDay?: (report: DayReport) => void;
  /** Called as work progresses, with the share done (drawing the population, then the days). */
  onProgress?: (fraction: number) => void;
}

export interface SimulationResult {
  summary: Summary;
  /** The finished simulation: its columns and listing log, for measures beyond the summary. */
  simulation: Simulation;
}

/** Share of the progress bar given to drawing the population. */
const POPULATION_SHARE = 0.15;

/**
 * Runs a scenario: draws its synthetic population, simulates every day, and returns the summary of what the
 * system did (and the simulation itself). The same scenario and seed give the same result, bit for bit.
 */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): SimulationResult {
  const model = compileModel(scenario, options.days ?? scenario.run.days, options.seed ?? scenario.run.seed);
  const population = createPopulation(scenario, model.seed, 0, model.size, (fraction) =>
    options.onProgress?.(fraction * POPULATION_SHARE),
  );
  const simulation = new Simulation(model, population);
  simulation.run((report) => {
    options.onDay?.(report);
    options.onProgress?.(POPULATION_SHARE + ((report.day + 1) / model.days) * (1 - POPULATION_SHARE));
  });
  simulation.finish();
  return { summary: summarise(simulation), simulation };
}
