import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { decayFactor } from "../../core/apparatus/scoring.js";
import { indexGallery } from "../../core/apparatus/victims.js";
import { type Checkpoint, cutSnapshot, type ShardSnapshot } from "../../core/engine/checkpoint.js";
import {
  type DayOutcome,
  type Executor,
  type Finished,
  pairedRun,
  runAsync,
} from "../../core/engine/runner.js";
import { shardRanges } from "../../core/engine/shards.js";
import type { FinishedRun, RunResult, SimulateOptions } from "../../core/engine/simulate.js";
import { STORY_DAYS_AFTER, type StoryChoice } from "../../core/engine/story.js";
import { SampleRecorder } from "../../core/metrics/samples.js";
import { blockShiftFor, SeriesRecorder } from "../../core/metrics/series.js";
import type { ShardState } from "../../core/metrics/summary.js";
import type { Model } from "../../core/model/index.js";
import { cellAttributes, groupOf, type PopulationParts, shardOf } from "../../core/population/index.js";
import type { Scenario } from "../../core/scenario/index.js";
import { createCounts } from "../../core/state/counts.js";
import { ListingLog, mergeListingLogs } from "../../core/state/listings.js";
import { StoryTrace } from "../../core/state/trace.js";
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

/** JavaScript's own error classes, which a failure keeps across threads (the CLI tells some apart by class). */
const BUILT_IN_ERRORS: Record<string, ErrorConstructor> = {
  RangeError,
  TypeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** A shard's failure as an error on this thread: its class if built in, else an `Error` with its name. */
function rebuiltError({ name, message, stack }: Message<"failed">): Error {
  const error = new (BUILT_IN_ERRORS[name] ?? Error)(message);
  if (error.name !== name) error.name = name;
  if (stack) error.stack = stack;
  return error;
}

/**
 * V8's flags for the engine, set once in the process before its first worker starts (V8's flags are the process's:
 * every later worker, and this thread, compile with them).
 *
 * - `--no-concurrent-recompilation`: Node 20 can abort the whole process (`NodePlatform::ForIsolate` assertion) when
 *   a worker thread is torn down while V8 is still compiling its hot code on a background thread: with the shards'
 *   workers stopped after every run, about one run in fifty did so on two loaded cores. Compiling on the worker's
 *   own thread instead removes the race; a worker's code is compiled once and then runs for the whole run, at a
 *   cost measured at 5–10% of a run's time on two cores (bench --quick), the price of runs that never abort.
 * - For a run of at least `WIDE_INLINING_FROM` citizen-days, a larger inlining budget
 *   (`--max-inlined-bytecode-size-cumulative` 920 → 4,000, `-absolute` 4,600 → 12,000): the act loop calls a chain of
 *   small functions per act (the stream, the samplers, the apparatus's act, scoring, observation) whose bytecode
 *   exhausts V8's default budget, so the later ones stay calls. Measured on china-2020 at 200,000 × 365 and 1M × 120,
 *   run beside the same build without it: 8–17% less time, the same outputs. It costs compiling time, about 0.3 s
 *   of a 5,000 × 365 run's 1.7 s, so smaller runs keep the default; once set, it stays for the process.
 */
let compilesOnItsThread = false;
let inlinesWidely = false;
export function setEngineFlags(citizenDays: number): void {
  if (!compilesOnItsThread) {
    setFlagsFromString("--no-concurrent-recompilation");
    compilesOnItsThread = true;
  }
  if (!inlinesWidely && citizenDays >= WIDE_INLINING_FROM) {
    setFlagsFromString("--max-inlined-bytecode-size-cumulative=4000");
    setFlagsFromString("--max-inlined-bytecode-size-absolute=12000");
    inlinesWidely = true;
  }
}

/** Citizen-days from which a run is long enough to repay the larger inlining budget's compiling time. */
export const WIDE_INLINING_FROM = 20_000_000;

/** A worker thread holding one shard, with its messages awaited in order. */
class ShardWorker {
  private readonly worker: Worker;
  private readonly inbox: FromShard[] = [];
  private waiting: { resolve: (message: FromShard) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private done = false;

  constructor(setup: ShardSetup, onProgress: (fraction: number) => void) {
    setEngineFlags(setup.scenario.population.size * (setup.scenario.run.warmupDays + setup.days));
    // A worker takes its parent's Node options, but not `--input-type`, which only applies to code given inline
    // (and stops a worker from starting): only then are the options given explicitly.
    const inline = process.execArgv.some((option) => option.startsWith("--input-type"));
    const execArgv = inline
      ? process.execArgv.filter((option) => !option.startsWith("--input-type"))
      : undefined;
    this.worker = new Worker(workerScript(), { workerData: setup, execArgv });
    this.worker.on("message", (message: FromShard) => {
      if (message.type === "progress") {
        onProgress(message.fraction);
        return;
      }
      if (message.type === "failed") {
        this.fail(rebuiltError(message));
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

/**
 * A shard that ran on a worker thread, seen from the run's thread through its shared columns, and its listed
 * citizens (sent when it finishes).
 */
interface ShardView extends ShardState {
  readonly population: PopulationParts;
}

/** The run's side of a run on worker threads: the merged series, samples and listings. */
class ThreadedRun implements FinishedRun {
  private readonly starts: number[];

  constructor(
    readonly model: Model,
    readonly shards: readonly ShardView[],
    readonly listings: ListingLog,
    readonly series: SeriesRecorder,
    readonly samples: SampleRecorder,
    readonly trace: StoryTrace | undefined,
  ) {
    this.starts = shards.map(({ population }) => population.start);
  }

  groupOf(citizen: number): number {
    if (citizen < 0 || citizen >= this.model.size) {
      throw new RangeError(`no citizen ${citizen} in a population of ${this.model.size}`);
    }
    const { population } = this.shards[shardOf(this.starts, citizen)];
    return groupOf(population, citizen - population.start);
  }
}

/**
 * The day protocol's executor on worker threads: each shard is drawn and stepped on its own thread. One exchange a
 * day: a worker runs the phases after the exchange for day d (with the records the others sent it) and those before
 * it for day d + 1, and sends back its share of the day's series and the records for the other shards. The run's
 * thread merges the series and routes the records.
 */
class ThreadExecutor implements Executor<ThreadedRun> {
  private readonly ranges: [number, number][];
  private readonly workers: ShardWorker[] = [];
  private shards: ShardView[] = [];
  private populations: PopulationParts[] = [];
  private blocks: { firstBlock: number; lastBlock: number }[] = [];
  /** The records each shard's last phases before the exchange addressed to each shard. */
  private outboxes: Int32Array[][] = [];
  private started = false;
  series!: SeriesRecorder;

  constructor(
    private readonly model: Model,
    threads: number,
    private readonly traceCitizen: number,
  ) {
    this.ranges = shardRanges(model.size, threads);
  }

  async start(onProgress: (fraction: number) => void): Promise<number> {
    const { model, ranges } = this;
    const drawn = new Float64Array(ranges.length);
    const populationProgress = () => {
      let done = 0;
      ranges.forEach(([, size], k) => {
        done += drawn[k] * size;
      });
      onProgress(done / model.size);
    };
    for (let shard = 0; shard < ranges.length; shard++) {
      const setup: ShardSetup = {
        scenario: model.scenario,
        // The run's days after the warm-up, as `compileModel` takes them (it adds the warm-up itself).
        days: model.days - model.warmupDays,
        seed: model.seed,
        shard,
        ranges,
        traceCitizen: this.traceCitizen,
      };
      this.workers.push(
        new ShardWorker(setup, (fraction) => {
          drawn[shard] = fraction;
          populationProgress();
        }),
      );
    }
    const cells = cellAttributes(model.scenario.population);
    for (const [k, worker] of this.workers.entries()) {
      const { cell } = await worker.next("population");
      const [start, size] = ranges[k];
      this.populations.push({ start, size, cell, cells });
    }
    const gallery = indexGallery(model, this.populations, true);
    for (const worker of this.workers) worker.send({ type: "gallery", ...gallery });
    for (const [k, worker] of this.workers.entries()) {
      const { state } = await worker.next("ready");
      const population = this.populations[k];
      const none = { members: new Int32Array(0), size: 0 };
      this.shards.push({
        model,
        population,
        counts: createCounts(model),
        pendingRecords: 0,
        state,
        listed: none,
        trulyListed: none,
        categoryTransitions: () => {
          throw new Error("a shard's category transitions are known once it has finished");
        },
      });
    }
    this.series = new SeriesRecorder(model, this.populations, decayFactor(1, model.decayHalfLifeDays));
    const shift = blockShiftFor(model.size);
    this.blocks = ranges.map(([start, size]) => ({
      firstBlock: start >>> shift,
      lastBlock: Math.ceil((start + size) / 2 ** shift),
    }));
    return this.workers.length;
  }

  restore(checkpoint: Checkpoint): void {
    this.workers.forEach((worker, k) => {
      const [start, size] = this.ranges[k];
      const snapshot = cutSnapshot(checkpoint.shards, start, size);
      worker.send({ type: "restore", snapshot }, buffersOf(snapshot));
    });
    // The levels come with each day from the shards.
    this.series.restore(checkpoint.series, []);
  }

  async day(day: number, checkpoint: boolean): Promise<DayOutcome> {
    const workers = this.workers;
    if (!this.started) {
      // The first day's phases before the exchange are asked for on their own.
      this.started = true;
      for (const worker of workers) worker.send({ type: "act", day });
      this.outboxes = (await this.answers(workers.map((worker) => worker.next("outboxes")))).map(
        (message) => message.outboxes,
      );
    }
    workers.forEach((worker, k) => {
      const inbox = this.outboxes.map((from) => from[k]).filter((list) => list.length > 0);
      worker.send(
        { type: "records", day, inbox, checkpoint },
        inbox.map((list) => list.buffer as ArrayBuffer),
      );
    });
    const days = await this.answers(workers.map((worker) => worker.next("day")));
    this.outboxes = days.map((report) => report.outboxes);
    this.series.absorbDay(days.map(({ series }, k) => ({ day: series, ...this.blocks[k] })));
    this.series.endOfDay(day, day === this.model.days - 1);
    const outcome: DayOutcome = { applied: 0, listed: 0, trulyListed: 0 };
    for (const report of days) {
      outcome.listed += report.listed;
      outcome.trulyListed += report.trulyListed;
      outcome.applied += report.applied;
    }
    if (checkpoint) {
      outcome.snapshots = days.map(({ snapshot }) => {
        if (!snapshot) throw new Error("a shard sent no snapshot for a checkpoint");
        return snapshot;
      });
    }
    return outcome;
  }

  async finish(): Promise<Finished<ThreadedRun>> {
    const { model, workers } = this;
    for (const worker of workers) worker.send({ type: "finish" });
    const finished = await this.answers(workers.map((worker) => worker.next("finished")));
    const shards = this.shards.map((shard, k) => ({
      ...shard,
      counts: finished[k].counts,
      pendingRecords: finished[k].pendingRecords,
      listed: { members: finished[k].listed, size: finished[k].listed.length },
      trulyListed: { members: finished[k].trulyListed, size: finished[k].trulyListed.length },
      categoryTransitions: () => finished[k].categoryTransitions,
    }));
    const listings = mergeListingLogs(finished.map((result) => ListingLog.fromColumns(result.listings)));
    const samples = SampleRecorder.merge(
      model,
      finished.map((result) => result.samples),
    );
    const traced = finished.find((result) => result.trace)?.trace;
    const trace = traced
      ? Object.assign(new StoryTrace(traced.citizen, traced.group, traced.region, traced.incomeBand), traced)
      : undefined;
    return { shards, run: new ThreadedRun(model, shards, listings, this.series, samples, trace) };
  }

  /**
   * Every worker's answer, or the first failure. The answers still due when one fails are kept: `close` waits for them,
   * so that no worker is stopped in the middle of its work (Node can abort the whole process when a thread is torn
   * down while its compiler is busy).
   */
  private answers<T>(pending: Promise<T>[]): Promise<T[]> {
    this.pending = pending;
    return Promise.all(pending);
  }

  private pending: Promise<unknown>[] = [];

  async close(): Promise<void> {
    await Promise.allSettled(this.pending);
    await Promise.all(this.workers.map((worker) => worker.stop()));
  }
}

/** What `simulate` on threads takes: the engine's options, and the number of threads. */
export interface ThreadedOptions extends SimulateOptions {
  /** Worker threads (fewer for a small population: shards are whole blocks of citizens); default 1. */
  threads?: number;
}

/** A finished run, its summary and the number of threads it ran on. */
export interface ThreadedResult extends RunResult {
  simulation: FinishedRun & { readonly trace?: StoryTrace };
  threads: number;
}

/**
 * Runs a scenario on worker threads: the population split into contiguous shards (`shardRanges`), each drawn and
 * stepped on its own thread, phase by phase in lockstep, what crosses shards exchanged between phases. The summary,
 * series, samples and listings are the same, byte for byte, whatever the number of threads, and the same as the
 * core's `simulate()` on one thread. Even one shard runs on a worker, so this thread stays free to answer signals
 * (Ctrl-C) and draw progress.
 */
export async function simulate(scenario: Scenario, options: ThreadedOptions = {}): Promise<ThreadedResult> {
  const threads = options.threads ?? 1;
  const { summary, shards, run } = await runAsync(
    pairedRun(scenario, options, (model, trace) => new ThreadExecutor(model, threads, trace)),
  );
  return { summary, simulation: run, threads: shards.length };
}

/**
 * Re-runs the seed on worker threads up to `STORY_DAYS_AFTER` days past the chosen listing, keeping every event of
 * the chosen citizen (the core's `traceStory()`, on threads).
 */
export async function traceStory(
  scenario: Scenario,
  options: ThreadedOptions,
  choice: StoryChoice,
): Promise<StoryTrace> {
  const days = Math.min(options.days ?? scenario.run.days, choice.day + 1 + STORY_DAYS_AFTER);
  const { simulation } = await simulate(scenario, {
    threads: options.threads,
    seed: options.seed,
    days,
    pairedBaseline: false,
    traceCitizen: choice.citizen,
    onProgress: options.onProgress,
  });
  if (!simulation.trace) throw new Error("traced run lost its trace");
  return simulation.trace;
}
