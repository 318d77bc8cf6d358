import { decayFactor } from "../apparatus/scoring.js";
import { VictimSampler } from "../apparatus/victims.js";
import { SampleRecorder } from "../metrics/samples.js";
import { blockShiftFor, SeriesRecorder } from "../metrics/series.js";
import type { Model } from "../model/index.js";
import { createPopulation, groupOf, type Population, shardOf } from "../population/index.js";
import { type ListingLog, mergeListingLogs } from "../state/listings.js";
import { type Checkpoint, cutSnapshot, restoreShard, snapshotShard } from "./checkpoint.js";
import { PHASES_AFTER_EXCHANGE, PHASES_BEFORE_EXCHANGE, runPhases } from "./phases.js";
import type { DayOutcome, Executor, Finished } from "./runner.js";
import type { FinishedRun } from "./simulate.js";
import { Simulation } from "./simulation.js";

/**
 * Splits N citizens into `count` contiguous shards of near-equal size, cut on the boundaries of the series' blocks
 * (`blockShiftFor`), so fewer shards than asked when there are fewer blocks: [start, size] pairs.
 */
export function shardRanges(size: number, count: number): [number, number][] {
  const blockSize = 2 ** blockShiftFor(size);
  const blocks = Math.max(1, Math.ceil(size / blockSize));
  const shards = Math.max(1, Math.min(count, blocks));
  const boundary = (k: number) => Math.min(size, Math.floor((k * blocks) / shards) * blockSize);
  return Array.from({ length: shards }, (_, k) => [boundary(k), boundary(k + 1) - boundary(k)]);
}

/**
 * A run split into shards — contiguous ranges of citizens, each a `Simulation` with its own columns — stepped in
 * lockstep on this thread, phase by phase (`DAY_PHASES`). What crosses shards (false matches, association
 * penalties) travels as records through the owner's queue; the series and samples are shared and fed shard after
 * shard, in index order. Results are byte-identical whatever the number of shards — the design that lets shards run
 * on worker threads. With one shard, the run is that shard's `Simulation`.
 */
export class ShardedSimulation implements Executor<FinishedRun>, FinishedRun {
  readonly shards: Simulation[] = [];
  populations: Population[] = [];
  series!: SeriesRecorder;
  samples!: SampleRecorder;
  private starts: number[] = [];
  private merged: ListingLog | undefined;

  constructor(
    readonly model: Model,
    private readonly shardCount: number,
    private readonly traceCitizen = -1,
  ) {}

  start(onProgress: (fraction: number) => void): number {
    const model = this.model;
    const ranges = shardRanges(model.size, this.shardCount);
    this.starts = ranges.map(([start]) => start);
    let drawn = 0;
    this.populations = ranges.map(([start, size]) => {
      const population = createPopulation(model.scenario, model.seed, start, size, (fraction) =>
        onProgress((drawn + fraction * size) / model.size),
      );
      drawn += size;
      return population;
    });
    this.series = new SeriesRecorder(model, this.populations, decayFactor(1, model.decayHalfLifeDays));
    this.samples = new SampleRecorder(model);
    const shared = {
      series: this.series,
      samples: this.samples,
      victims: new VictimSampler(model, this.populations),
      queueOf: (citizen: number) => this.shards[this.ownerOf(citizen)].queue,
    };
    for (const population of this.populations) {
      this.shards.push(new Simulation(model, population, this.traceCitizen, shared));
    }
    return this.shards.length;
  }

  restore(checkpoint: Checkpoint): void {
    for (const shard of this.shards) {
      const { start, size } = shard.population;
      restoreShard(shard, cutSnapshot(checkpoint.shards, start, size));
    }
    this.series.restore(checkpoint.series, this.shards);
  }

  /** The shard that holds a citizen (its index in the whole population). */
  ownerOf(citizen: number): number {
    return shardOf(this.starts, citizen);
  }

  /** Advances every shard one day, phase by phase, then the run's measures. */
  day(day: number, checkpoint: boolean): DayOutcome {
    const shards = this.shards;
    runPhases(PHASES_BEFORE_EXCHANGE, shards, day);
    const applied = runPhases(PHASES_AFTER_EXCHANGE, shards, day);
    const last = day === this.model.days - 1;
    this.series.endOfDay(day, last);
    this.samples.endOfDay(day, last, shards);
    let listed = 0;
    let trulyListed = 0;
    for (const shard of shards) {
      listed += shard.listed.size;
      trulyListed += shard.trulyListed.size;
    }
    const snapshots = checkpoint ? shards.map(snapshotShard) : undefined;
    return { applied, listed, trulyListed, snapshots };
  }

  finish(): Finished<FinishedRun> {
    for (const shard of this.shards) shard.finish();
    this.merged = this.mergeListings();
    return { shards: this.shards, run: this.shards.length === 1 ? this.shards[0] : this };
  }

  close(): void {}

  /**
   * Every shard's listings in one log, ordered by day, then citizen (the order of one unsharded run); merged once
   * when the run has finished.
   */
  get listings(): ListingLog {
    return this.merged ?? this.mergeListings();
  }

  private mergeListings(): ListingLog {
    return mergeListingLogs(this.shards.map((shard) => shard.listings));
  }

  /** A citizen's group (its index in the whole population). */
  groupOf(citizen: number): number {
    const shard = this.shards[this.ownerOf(citizen)];
    return groupOf(shard.population, citizen - shard.population.start);
  }

  get trace() {
    return this.shards.find((shard) => shard.trace)?.trace;
  }
}
