import type { SampleRecorder } from "../metrics/samples.js";
import type { SeriesRecorder } from "../metrics/series.js";
import { type Baseline, type Summary, summarise } from "../metrics/summary.js";
import { compileModel, type Model } from "../model/index.js";
import { createPopulation } from "../population/index.js";
import type { Scenario } from "../scenario/index.js";
import { type Checkpoint, checkpointDue, cutSnapshot, restoreShard, snapshotShard } from "./checkpoint.js";
import type { ListingLog } from "./listings.js";
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
  /** Take a checkpoint at the end of every this many days (none after the last), handed to `onCheckpoint`. */
  checkpointEvery?: number;
  onCheckpoint?: (checkpoint: Checkpoint) => void;
  /** Continue a run from this checkpoint (same scenario, seed and days) rather than from day 0. */
  resumeFrom?: Checkpoint;
}

/** What the outputs of a finished run read beyond its summary, however it ran (one thread, shards, threads). */
export interface FinishedRun {
  readonly model: Model;
  /** Every listing, ordered by day, then citizen. */
  readonly listings: ListingLog;
  readonly series: SeriesRecorder;
  readonly samples: Pick<SampleRecorder, "trajectory" | "bins" | "binWidth">;
  /** A citizen's group (`citizen`: its index in the whole population). */
  groupOf(citizen: number): number;
}

/** A finished run and its summary. */
export interface RunResult {
  summary: Summary;
  simulation: FinishedRun;
}

export interface SimulationResult extends RunResult {
  /** The finished simulation: its columns, listing log, series and samples, for measures beyond the summary. */
  simulation: Simulation;
}

export interface ShardedResult extends RunResult {
  /** The finished shards, with the merged listing log, series and samples. */
  simulation: ShardedSimulation;
}

/** Share of the progress bar given to drawing the population. */
export const POPULATION_SHARE = 0.15;

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

/** What a summary of the paired baseline run gives the run's summary. */
export function baselineOf(summary: Summary): Baseline {
  return { harm: summary.behaviour.harm, legitimateActs: summary.behaviour.legitimateActs };
}

function runOnce(
  scenario: Scenario,
  options: SimulateOptions,
  progressFrom: number,
  progressTo: number,
  baseline?: Baseline,
) {
  const model = compileModel(scenario, options.days ?? scenario.run.days, options.seed ?? scenario.run.seed);
  const span = progressTo - progressFrom;
  const population = createPopulation(scenario, model.seed, 0, model.size, (fraction) =>
    options.onProgress?.(progressFrom + fraction * POPULATION_SHARE * span),
  );
  const simulation = new Simulation(model, population, options.traceCitizen ?? -1);
  const resume = options.resumeFrom;
  if (resume) {
    restoreShard(simulation, cutSnapshot(resume.shards, 0, model.size));
    simulation.series.restore(resume.series, [simulation]);
  }
  for (let day = resume ? resume.day + 1 : 0; day < model.days; day++) {
    const applied = simulation.step(day);
    const { listed, trulyListed } = simulation;
    options.onDay?.({ day, listed: listed.size, trulyListed: trulyListed.size, recordsApplied: applied });
    options.onProgress?.(
      progressFrom + (POPULATION_SHARE + ((day + 1) / model.days) * (1 - POPULATION_SHARE)) * span,
    );
    if (checkpointDue(day, options.checkpointEvery, model.days)) {
      const series = simulation.series.snapshot();
      options.onCheckpoint?.({ day, shards: [snapshotShard(simulation)], series, baseline });
    }
  }
  simulation.finish();
  return simulation;
}

/** Options for a paired baseline run: no story, no checkpoints, nothing resumed. */
export function quietOptions(options: SimulateOptions): SimulateOptions {
  return { seed: options.seed, days: options.days, onProgress: options.onProgress, pairedBaseline: false };
}

/** The baseline a resumed run was paired with, from its checkpoint. */
export function resumedBaseline(checkpoint: Checkpoint): Baseline {
  if (!checkpoint.baseline) throw new Error("the checkpoint of a paired run lacks its baseline");
  return checkpoint.baseline;
}

/**
 * Runs a scenario: draws its synthetic population, simulates every day, and returns the summary of what the
 * system did (and the simulation itself). The same scenario and seed give the same result, bit for bit.
 */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): SimulationResult {
  const paired = options.pairedBaseline ?? scenario.measurement.pairedBaseline;
  let baseline: Baseline | undefined;
  if (paired && options.resumeFrom) {
    baseline = resumedBaseline(options.resumeFrom);
  } else if (paired) {
    const baselineRun = runOnce(withoutApparatus(scenario), quietOptions(options), 0, 0.3);
    baseline = baselineOf(summarise(baselineRun));
  }
  const simulation = runOnce(scenario, options, paired ? 0.3 : 0, 1, baseline);
  return { summary: summarise(simulation, baseline), simulation };
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
  let baseline: Baseline | undefined;
  if (options.pairedBaseline ?? scenario.measurement.pairedBaseline) {
    const quiet = { seed: options.seed, days: options.days, pairedBaseline: false };
    baseline = baselineOf(simulateSharded(withoutApparatus(scenario), shards, quiet).summary);
  }
  const model = compileModel(scenario, options.days ?? scenario.run.days, options.seed ?? scenario.run.seed);
  const sharded = new ShardedSimulation(model, shards, options.traceCitizen ?? -1, (fraction) =>
    options.onProgress?.(fraction * POPULATION_SHARE),
  );
  sharded.run((report) => {
    options.onDay?.(report);
    options.onProgress?.(POPULATION_SHARE + ((report.day + 1) / model.days) * (1 - POPULATION_SHARE));
  });
  sharded.finish();
  return { summary: summarise(sharded.shards, baseline), simulation: sharded };
}
