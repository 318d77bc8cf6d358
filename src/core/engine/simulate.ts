import type { SampleRecorder } from "../metrics/samples.js";
import type { SeriesRecorder } from "../metrics/series.js";
import type { Summary } from "../metrics/summary.js";
import type { Model } from "../model/index.js";
import type { Scenario } from "../scenario/index.js";
import type { ListingLog } from "../state/listings.js";
import type { StoryTrace } from "../state/trace.js";
import type { Checkpoint } from "./checkpoint.js";
import { pairedRun, runSync } from "./runner.js";
import { ShardedSimulation } from "./shards.js";
import type { DayReport, Simulation } from "./simulation.js";

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
  /** The traced citizen's story, when one was traced. */
  readonly trace?: StoryTrace;
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

/**
 * Runs a scenario on this thread: draws its synthetic population, simulates every day, and returns the summary of
 * what the system did (and the simulation itself). The same scenario and seed give the same result, bit for bit.
 */
export function simulate(scenario: Scenario, options: SimulateOptions = {}): SimulationResult {
  const { summary, shards } = runSync(
    pairedRun(scenario, options, (model, trace) => new ShardedSimulation(model, 1, trace)),
  );
  return { summary, simulation: shards[0] as Simulation };
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
  let executor: ShardedSimulation | undefined;
  const { summary } = runSync(
    pairedRun(scenario, options, (model, trace) => {
      executor = new ShardedSimulation(model, shards, trace);
      return executor;
    }),
  );
  return { summary, simulation: executor as ShardedSimulation };
}
