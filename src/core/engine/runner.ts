import type { SeriesRecorder } from "../metrics/series.js";
import { type Baseline, type ShardState, type Summary, summarise } from "../metrics/summary.js";
import { compileModel, type Model } from "../model/index.js";
import type { Scenario } from "../scenario/index.js";
import { type Checkpoint, checkpointDue, type ShardSnapshot } from "./checkpoint.js";
import type { FinishedRun, SimulateOptions } from "./simulate.js";
import type { DayReport } from "./simulation.js";

// The one runner: the day loop, the paired baseline, progress, checkpoints and resuming, written once over an
// executor — the shards in this thread (`InProcessExecutor`), or on worker threads (the Node side) — that runs the
// day protocol (`DAY_PHASES`) on its shards. It is written as a generator that yields what the executor returns, so
// that one text drives a synchronous executor (`runSync`) and an asynchronous one (`runAsync`).

/** A value, or a promise of it (an executor on worker threads answers with promises). */
export type Step<T> = T | Promise<T>;

/** What a day of the protocol gives back to the runner. */
export interface DayOutcome {
  /** Records applied. */
  applied: number;
  listed: number;
  trulyListed: number;
  /** Every shard's state at the day's end, in shard order, when the runner asked for a checkpoint. */
  snapshots?: ShardSnapshot[];
}

/** A finished run, seen by the summary (its shards, in order) and by the outputs. */
export interface Finished<Run extends FinishedRun = FinishedRun> {
  shards: readonly ShardState[];
  run: Run;
}

/** Runs the day protocol on a run's shards, wherever they live. */
export interface Executor<Run extends FinishedRun = FinishedRun> {
  /**
   * Draws the shards' citizens and builds the shards; `onProgress` gets the share of the population drawn.
   * Returns the number of shards.
   */
  start(onProgress: (fraction: number) => void): Step<number>;
  /** Puts a checkpoint's state into the shards, before the first day is run. */
  restore(checkpoint: Checkpoint): Step<void>;
  /** Runs every phase of `day` on every shard, then the run's measures; with `checkpoint`, each shard's snapshot. */
  day(day: number, checkpoint: boolean): Step<DayOutcome>;
  /** The run's daily series (a checkpoint saves it). */
  readonly series: SeriesRecorder;
  /** Brings scores to the last day and gathers what the outputs read. */
  finish(): Step<Finished<Run>>;
  /** Frees what the executor holds (threads), whether the run finished or failed. */
  close(): Step<void>;
}

/** Builds the executor of one run of a compiled model (`traceCitizen`: a citizen to keep every event of, or −1). */
export type ExecutorFactory<Run extends FinishedRun> = (model: Model, traceCitizen: number) => Executor<Run>;

/** A run's summary, its finished shards, and what the outputs read. */
export interface Outcome<Run extends FinishedRun> extends Finished<Run> {
  summary: Summary;
}

type Protocol<T> = Generator<Step<unknown>, T, unknown>;

/** Yields a step to the trampoline and returns what it resolved to. */
function* step<T>(value: Step<T>): Generator<Step<T>, T, unknown> {
  return (yield value) as T;
}

/** Share of a run's progress given to drawing the population. */
export const POPULATION_SHARE = 0.15;
/** Share of a paired run's progress given to the baseline. */
export const BASELINE_SHARE = 0.3;

/**
 * The same population and behaviours with the apparatus switched off: no sources, no score, no list, no sanctions or
 * rewards, nothing to respond to. Running it on the same seed pairs every citizen with itself (common random numbers).
 * The state rules stay: every citizen is in the state nobody leaves there — not listed, not sanctioned, no score —
 * so a behaviour that happens only while listed does not happen at all.
 */
export function withoutApparatus(scenario: Scenario): Scenario {
  const stripped: Scenario = {
    ...scenario,
    sources: [],
    scoring: undefined,
    blacklist: undefined,
    consequences: undefined,
    responses: scenario.responses.byState ? { byState: scenario.responses.byState } : {},
    dueProcess: {},
  };
  if (scenario.timeline === undefined) return stripped;
  // The timeline keeps its changes to what remains (the behaviours); changes to the apparatus have nothing to change.
  const timeline = scenario.timeline.map((change) => ({
    day: change.day,
    set: Object.fromEntries(
      Object.entries(change.set).filter(([path]) => !APPARATUS_SECTIONS.has(path.split(".")[0])),
    ),
  }));
  return { ...stripped, timeline };
}

/** The sections `withoutApparatus` replaces. */
const APPARATUS_SECTIONS = new Set([
  "sources",
  "scoring",
  "blacklist",
  "consequences",
  "responses",
  "dueProcess",
]);

/** What a summary of the paired baseline run gives the run's summary. */
export function baselineOf(summary: Summary): Baseline {
  return { harm: summary.behaviour.harm, legitimateActs: summary.behaviour.legitimateActs };
}

/**
 * A run, paired with its baseline when `options.pairedBaseline` (default `measurement.pairedBaseline`): the
 * baseline runs first on the same seed, with no story, checkpoints or resume; a resumed run takes the baseline its
 * checkpoint kept.
 */
export function* pairedRun<Run extends FinishedRun>(
  scenario: Scenario,
  options: SimulateOptions,
  executor: ExecutorFactory<Run>,
): Protocol<Outcome<Run>> {
  const paired = options.pairedBaseline ?? scenario.measurement.pairedBaseline;
  let baseline: Baseline | undefined;
  if (paired && options.resumeFrom) {
    baseline = options.resumeFrom.baseline;
    if (!baseline) throw new Error("the checkpoint of a paired run lacks its baseline");
  } else if (paired) {
    const quiet: SimulateOptions = { seed: options.seed, days: options.days, onProgress: options.onProgress };
    const { shards } = yield* singleRun(withoutApparatus(scenario), quiet, executor, 0, BASELINE_SHARE);
    baseline = baselineOf(summarise(shards));
  }
  const finished = yield* singleRun(scenario, options, executor, paired ? BASELINE_SHARE : 0, 1, baseline);
  return { ...finished, summary: summarise(finished.shards, baseline, finished.run.series) };
}

/**
 * One run of `scenario`: compiles it, draws the population, runs (or resumes) every day of the protocol, takes
 * the checkpoints asked for, and reports each day and the progress (between `progressFrom` and `progressTo`).
 */
function* singleRun<Run extends FinishedRun>(
  scenario: Scenario,
  options: SimulateOptions,
  factory: ExecutorFactory<Run>,
  progressFrom: number,
  progressTo: number,
  baseline?: Baseline,
): Protocol<Finished<Run>> {
  const model = compileModel(scenario, options.days ?? scenario.run.days, options.seed ?? scenario.run.seed);
  const span = progressTo - progressFrom;
  const onProgress = options.onProgress;
  const executor = factory(model, options.traceCitizen ?? -1);
  try {
    yield* step(
      executor.start((fraction) => onProgress?.(progressFrom + fraction * POPULATION_SHARE * span)),
    );
    const resume = options.resumeFrom;
    if (resume) yield* step(executor.restore(resume));
    for (let day = resume ? resume.day + 1 : 0; day < model.days; day++) {
      const checkpoint = checkpointDue(day, options.checkpointEvery, model.days);
      const outcome = yield* step(executor.day(day, checkpoint));
      if (checkpoint) {
        if (!outcome.snapshots) throw new Error("a shard sent no snapshot for a checkpoint");
        const series = executor.series.snapshot();
        options.onCheckpoint?.({ day, shards: outcome.snapshots, series, baseline });
      }
      const report: DayReport = {
        day,
        listed: outcome.listed,
        trulyListed: outcome.trulyListed,
        recordsApplied: outcome.applied,
      };
      options.onDay?.(report);
      onProgress?.(
        progressFrom + (POPULATION_SHARE + ((day + 1) / model.days) * (1 - POPULATION_SHARE)) * span,
      );
    }
    return yield* step(executor.finish());
  } finally {
    yield* step(executor.close());
  }
}

/** Drives a protocol whose executor answers at once. */
export function runSync<T>(protocol: Protocol<T>): T {
  let next = protocol.next();
  while (!next.done) {
    if (next.value instanceof Promise) throw new Error("runSync: the executor answered with a promise");
    next = protocol.next(next.value);
  }
  return next.value;
}

/** Drives a protocol whose executor may answer with promises; a rejection is thrown into the protocol. */
export async function runAsync<T>(protocol: Protocol<T>): Promise<T> {
  let next = protocol.next();
  while (!next.done) {
    let value: unknown;
    try {
      value = await next.value;
    } catch (error) {
      next = protocol.throw(error);
      continue;
    }
    next = protocol.next(value);
  }
  return next.value;
}
