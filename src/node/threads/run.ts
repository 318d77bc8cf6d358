import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { decayFactor } from "../../core/apparatus/score.js";
import { indexGallery } from "../../core/apparatus/victims.js";
import { checkpointDue, cutSnapshot, type ShardSnapshot } from "../../core/engine/checkpoint.js";
import { ListingLog, mergeListingLogs } from "../../core/engine/listings.js";
import { shardRanges } from "../../core/engine/shards.js";
import {
  baselineOf,
  type FinishedRun,
  POPULATION_SHARE,
  quietOptions,
  type RunResult,
  resumedBaseline,
  type SimulateOptions,
  withoutApparatus,
} from "../../core/engine/simulate.js";
import { STORY_DAYS_AFTER, type StoryChoice } from "../../core/engine/story.js";
import { StoryTrace } from "../../core/engine/trace.js";
import { Accumulators } from "../../core/metrics/accumulators.js";
import { SampleRecorder } from "../../core/metrics/samples.js";
import { blockShiftFor, SeriesRecorder } from "../../core/metrics/series.js";
import { type Baseline, type ShardState, summarise } from "../../core/metrics/summary.js";
import { compileModel, type Model } from "../../core/model/index.js";
import type { PopulationParts } from "../../core/population/index.js";
import type { Scenario } from "../../core/scenario/index.js";
import type { FromShard, ShardSetup, ToShard } from "./protocol.js";

/**
 * The compiled worker script. Run from the TypeScript sources (the tests), this module has no compiled sibling: the
 * build's is used (the tests build `dist/` first).
 */
function workerScript(): URL {
  const sibling = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  return new URL("../../../dist/node/threads/worker.js", import.meta.url);
}

/** The buffers of a snapshot's arrays, each once (to transfer them). */
function buffersOf(snapshot: ShardSnapshot): ArrayBuffer[] {
  return [...new Set(Object.values(snapshot.arrays).map((array) => array.buffer as ArrayBuffer))];
}

type Message<T extends FromShard["type"]> = Extract<FromShard, { type: T }>;

/** A worker thread holding one shard, with its messages awaited in order. */
class ShardWorker {
  private readonly worker: Worker;
  private readonly inbox: FromShard[] = [];
  private waiting: { resolve: (message: FromShard) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private done = false;

  constructor(setup: ShardSetup, onProgress: (fraction: number) => void) {
    this.worker = new Worker(workerScript(), { workerData: setup });
    this.worker.on("message", (message: FromShard) => {
      if (message.type === "progress") {
        onProgress(message.fraction);
        return;
      }
      if (this.waiting) {
        const { resolve } = this.waiting;
        this.waiting = undefined;
        resolve(message);
      } else {
        this.inbox.push(message);
      }
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", (code) => {
      if (!this.done) this.fail(new Error(`a shard's worker thread stopped (exit code ${code})`));
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = undefined;
      reject(this.failure);
    }
  }

  send(message: ToShard, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  /** The next message, which must be of type `type`. */
  async next<T extends FromShard["type"]>(type: T): Promise<Message<T>> {
    const queued = this.inbox.shift();
    const message =
      queued ??
      (await new Promise<FromShard>((resolve, reject) => {
        if (this.failure) reject(this.failure);
        else this.waiting = { resolve, reject };
      }));
    if (message.type !== type)
      throw new Error(`shard protocol: expected "${type}", received "${message.type}"`);
    if (type === "finished") this.done = true;
    return message as Message<T>;
  }

  async stop(): Promise<void> {
    this.done = true;
    await this.worker.terminate();
  }
}

/** A shard that ran on a worker thread, seen from the run's thread through its shared columns. */
interface ShardView extends ShardState {
  readonly population: PopulationParts;
}

/** The run's side of a run on worker threads: the merged series, samples and listings. */
class ThreadedRun implements FinishedRun {
  constructor(
    readonly model: Model,
    readonly shards: readonly ShardView[],
    readonly listings: ListingLog,
    readonly series: SeriesRecorder,
    readonly samples: SampleRecorder,
    readonly trace: StoryTrace | undefined,
  ) {}

  groupOf(citizen: number): number {
    const shard = this.shards.find(
      ({ population }) => citizen >= population.start && citizen < population.start + population.size,
    );
    if (!shard) throw new RangeError(`no citizen ${citizen} in a population of ${this.model.size}`);
    return shard.population.group[citizen - shard.population.start];
  }
}

async function runOnThreads(
  scenario: Scenario,
  threads: number,
  options: SimulateOptions,
  progressFrom: number,
  progressTo: number,
  baseline?: Baseline,
): Promise<{ model: Model; shards: ShardView[]; run: ThreadedRun }> {
  const model = compileModel(scenario, options.days ?? scenario.run.days, options.seed ?? scenario.run.seed);
  const ranges = shardRanges(model.size, threads);
  const span = progressTo - progressFrom;
  const drawn = new Float64Array(ranges.length);
  const populationProgress = () => {
    let done = 0;
    ranges.forEach(([, size], k) => {
      done += drawn[k] * size;
    });
    options.onProgress?.(progressFrom + (done / model.size) * POPULATION_SHARE * span);
  };
  const workers = ranges.map(
    (_, shard) =>
      new ShardWorker(
        {
          scenario,
          days: model.days,
          seed: model.seed,
          shard,
          ranges,
          traceCitizen: options.traceCitizen ?? -1,
        },
        (fraction) => {
          drawn[shard] = fraction;
          populationProgress();
        },
      ),
  );
  try {
    const populations: PopulationParts[] = [];
    for (const [k, worker] of workers.entries()) {
      const { region, group, incomeBand } = await worker.next("population");
      const [start, size] = ranges[k];
      populations.push({ start, size, region, group, incomeBand });
    }
    const gallery = indexGallery(model, populations, true);
    for (const worker of workers) worker.send({ type: "gallery", ...gallery });
    const shards: ShardView[] = [];
    for (const [k, worker] of workers.entries()) {
      const { type: _, ...columns } = await worker.next("ready");
      shards.push({
        model,
        population: populations[k],
        metrics: new Accumulators(model),
        pendingRecords: 0,
        ...columns,
      });
    }

    const series = new SeriesRecorder(model, populations, decayFactor(1, model.decayHalfLifeDays));
    const shift = blockShiftFor(model.size);
    const blocks = ranges.map(([start, size]) => ({
      firstBlock: start >>> shift,
      lastBlock: Math.ceil((start + size) / 2 ** shift),
    }));
    const resume = options.resumeFrom;
    if (resume) {
      workers.forEach((worker, k) => {
        const [start, size] = ranges[k];
        const snapshot = cutSnapshot(resume.shards, start, size);
        worker.send({ type: "restore", snapshot }, buffersOf(snapshot));
      });
      // The levels come with each day from the shards.
      series.restore(resume.series, []);
    }
    const first = resume ? resume.day + 1 : 0;
    let outboxes: Int32Array[][] = [];
    if (first < model.days) {
      for (const worker of workers) worker.send({ type: "act", day: first });
      outboxes = (await Promise.all(workers.map((worker) => worker.next("outboxes")))).map(
        (message) => message.outboxes,
      );
    }
    for (let day = first; day < model.days; day++) {
      const checkpoint = checkpointDue(day, options.checkpointEvery, model.days);
      workers.forEach((worker, k) => {
        const inbox = outboxes.map((from) => from[k]).filter((list) => list.length > 0);
        worker.send(
          { type: "records", day, inbox, checkpoint },
          inbox.map((list) => list.buffer as ArrayBuffer),
        );
      });
      const days = await Promise.all(workers.map((worker) => worker.next("day")));
      outboxes = days.map((report) => report.outboxes);
      series.absorbDay(days.map(({ series: day }, k) => ({ day, ...blocks[k] })));
      series.endOfDay(day, day === model.days - 1);
      if (checkpoint) {
        const shards = days.map(({ snapshot }) => {
          if (!snapshot) throw new Error("a shard sent no snapshot for a checkpoint");
          return snapshot;
        });
        options.onCheckpoint?.({ day, shards, series: series.snapshot(), baseline });
      }
      let listed = 0;
      let trulyListed = 0;
      let recordsApplied = 0;
      for (const report of days) {
        listed += report.listed;
        trulyListed += report.trulyListed;
        recordsApplied += report.applied;
      }
      options.onDay?.({ day, listed, trulyListed, recordsApplied });
      options.onProgress?.(
        progressFrom + (POPULATION_SHARE + ((day + 1) / model.days) * (1 - POPULATION_SHARE)) * span,
      );
    }

    for (const worker of workers) worker.send({ type: "finish" });
    const finished = await Promise.all(workers.map((worker) => worker.next("finished")));
    finished.forEach((result, k) => {
      const metrics = Object.assign(Object.create(Accumulators.prototype), result.metrics) as Accumulators;
      shards[k] = { ...shards[k], metrics, pendingRecords: result.pendingRecords };
    });
    const listings = mergeListingLogs(finished.map((result) => ListingLog.fromColumns(result.listings)));
    const samples = SampleRecorder.merge(
      model,
      finished.map((result) => result.samples),
    );
    const traced = finished.find((result) => result.trace)?.trace;
    const trace = traced
      ? Object.assign(new StoryTrace(traced.citizen, traced.group, traced.region, traced.incomeBand), traced)
      : undefined;
    return { model, shards, run: new ThreadedRun(model, shards, listings, series, samples, trace) };
  } finally {
    await Promise.all(workers.map((worker) => worker.stop()));
  }
}

/** A finished run, its summary and the number of threads it ran on. */
export interface ThreadedResult extends RunResult {
  simulation: FinishedRun & { readonly trace?: StoryTrace };
  threads: number;
}

/**
 * `simulate()` on `threads` worker threads: the population split into contiguous shards (`shardRanges`), each
 * drawn and stepped on its own thread, phase by phase in lockstep, what crosses shards exchanged between phases.
 * The summary, series, samples and listings are the same, byte for byte, as `simulate()` on this thread. Even one
 * shard runs on a worker, so this thread stays free to answer signals (Ctrl-C) and draw progress.
 */
export async function simulateOnThreads(
  scenario: Scenario,
  threads: number,
  options: SimulateOptions = {},
): Promise<ThreadedResult> {
  const paired = options.pairedBaseline ?? scenario.measurement.pairedBaseline;
  let baseline: Baseline | undefined;
  if (paired && options.resumeFrom) {
    baseline = resumedBaseline(options.resumeFrom);
  } else if (paired) {
    const quiet = quietOptions(options);
    const { shards } = await runOnThreads(withoutApparatus(scenario), threads, quiet, 0, 0.3);
    baseline = baselineOf(summarise(shards));
  }
  const { shards, run } = await runOnThreads(scenario, threads, options, paired ? 0.3 : 0, 1, baseline);
  return { summary: summarise(shards, baseline), simulation: run, threads: shards.length };
}

/**
 * `traceStory()` on worker threads: re-runs the seed up to `STORY_DAYS_AFTER` days past the chosen listing, keeping
 * every event of the chosen citizen.
 */
export async function traceStoryOnThreads(
  scenario: Scenario,
  threads: number,
  options: SimulateOptions,
  choice: StoryChoice,
): Promise<StoryTrace> {
  const days = Math.min(options.days ?? scenario.run.days, choice.day + 1 + STORY_DAYS_AFTER);
  const { simulation } = await simulateOnThreads(scenario, threads, {
    seed: options.seed,
    days,
    pairedBaseline: false,
    traceCitizen: choice.citizen,
    onProgress: options.onProgress,
  });
  if (!simulation.trace) throw new Error("traced run lost its trace");
  return simulation.trace;
}
