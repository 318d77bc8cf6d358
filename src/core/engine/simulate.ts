import { type Baseline, type Summary, summarise } from "../metrics/summary.js";
import { createPopulation } from "../population/index.js";
import type { Scenario } from "../scenario/index.js";
import { compileModel } from "./model.js";
import { ShardedSimulation } from "./shards.js";
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
  /** Also run the same population and seed with the apparatus off; default `measurement.pairedBaseline`. */
  pairedBaseline?: boolean;
  /** Keep every event of this citizen (its index) for a story. */
  traceCitizen?: number;
}

export interface SimulationResult {
  summary: Summary;
  /** The finished simulation: its columns, listing log, series and samples, for measures beyond the summary. */
  simulation: Simulation;
}

export interface ShardedResult {
  summary: Summary;
  /** The finished shards, with the merged listing log, series and samples. */
  simulation: ShardedSimulation;
}

/** Share of the progress bar given to drawing the population. */
const POPULATION_SHARE = 0.15;

/**
 * The same population and behaviours with the apparatus switched off: no sources, no score, no list, no sanctions or
 * rewards, nothing to respond to. Running it on the same seed pairs every citizen with itself (common random numbers).
 */
export function withoutApparatus(scenario: Scenario): Scenario {
  return {
    ...scenario,
    sources: [],
    scoring: undefined,
    blacklist: undefined,
    consequences: undefined,
    responses: {},
    dueProcess: {},
  };
}

function runOnce(scenario: Scenario, options: SimulateOptions, progressFrom: number, progressTo: number) {
  const model = compileModel(scenario, options.days ?? scenario.run.days, options.seed ?? scenario.run.seed);
  const span = progressTo - progressFrom;
  const population = createPopulation(scenario, model.seed, 0, model.size, (fraction) =>
    options.onProgress?.(progressFrom + fraction * POPULATION_SHARE * span),
  );
  const simulation = new Simulation(model, population, options.traceCitizen ?? -1);
  simulation.run((report) => {
    options.onDay?.(report);
    options.onProgress?.(
      progressFrom + (POPULATION_SHARE + ((report.day + 1) / model.days) * (1 - POPULATION_SHARE)) * span,
    );
  });
  simulation.finish();
  return simulation;
}

/**
 * Runs a scenario: draws its synthetic population, simulates every day, and returns the summary of what the
 * system did (and the simulation itself). The same scenario and seed give the same result, bit for bit.
 */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): SimulationResult {
  const paired = options.pairedBaseline ?? scenario.measurement.pairedBaseline;
  let baseline: Baseline | undefined;
  if (paired) {
    const quiet = { ...options, onDay: undefined, traceCitizen: undefined };
    const baselineRun = runOnce(withoutApparatus(scenario), quiet, 0, 0.3);
    const summary = summarise(baselineRun);
    baseline = { harm: summary.behaviour.harm, legitimateActs: summary.behaviour.legitimateActs };
  }
  const simulation = runOnce(scenario, options, paired ? 0.3 : 0, 1);
  return { summary: summarise(simulation, 1, baseline), simulation };
}

/**
 * `simulate()` with the population split into `shards` contiguous shards stepped in lockstep (see
 * `ShardedSimulation`): the same summary, series and listings, byte for byte, whatever the number of shards.
 */
export function simulateSharded(
  scenario: Scenario,
  shards: number,
  options: SimulateOptions = {},
): ShardedResult {
  const model = compileModel(scenario, options.days ?? scenario.run.days, options.seed ?? scenario.run.seed);
  const sharded = new ShardedSimulation(model, shards, options.traceCitizen ?? -1, (fraction) =>
    options.onProgress?.(fraction * POPULATION_SHARE),
  );
  sharded.run((report) => {
    options.onDay?.(report);
    options.onProgress?.(POPULATION_SHARE + ((report.day + 1) / model.days) * (1 - POPULATION_SHARE));
  });
  sharded.finish();
  return { summary: summarise(sharded.shards), simulation: sharded };
}
