import { decayFactor } from "../apparatus/score.js";
import { VictimSampler } from "../apparatus/victims.js";
import { SampleRecorder } from "../metrics/samples.js";
import { blockShiftFor, SeriesRecorder } from "../metrics/series.js";
import type { Model } from "../model/index.js";
import { createPopulation, type Population } from "../population/index.js";
import { type ListingLog, mergeListingLogs } from "./listings.js";
import { type DayReport, Simulation } from "./simulation.js";

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

/** The shard holding a citizen (its index in the whole population), given each shard's first citizen, in order. */
export function shardOf(starts: readonly number[], citizen: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= citizen) low = middle;
    else high = middle - 1;
  }
  return low;
}

/**
 * A run split into shards — contiguous ranges of citizens, each a `Simulation` with its own columns — stepped in
 * lockstep, phase by phase: every shard's acts, then every shard's association penalties, then every shard's records
 * (each applying those about its own citizens, in the canonical order), appeals and day's end. What crosses shards
 * (false matches, association penalties) travels as records through the owner's queue; the series and samples are
 * shared and fed shard after shard, in index order. Results are byte-identical whatever the number of shards — the
 * design that lets shards run on worker threads.
 */
export class ShardedSimulation {
  readonly model: Model;
  readonly shards: Simulation[] = [];
  readonly populations: Population[];
  readonly series: SeriesRecorder;
  readonly samples: SampleRecorder;
  private readonly starts: number[];

  constructor(model: Model, shardCount: number, traceCitizen = -1, onProgress?: (fraction: number) => void) {
    this.model = model;
    const ranges = shardRanges(model.size, shardCount);
    this.starts = ranges.map(([start]) => start);
    let drawn = 0;
    this.populations = ranges.map(([start, size]) => {
      const population = createPopulation(model.scenario, model.seed, start, size, (fraction) =>
        onProgress?.((drawn + fraction * size) / model.size),
      );
      drawn += size;
      return population;
    });
    this.series = new SeriesRecorder(model, this.populations, decayFactor(1, model.decayHalfLifeDays));
    this.samples = new SampleRecorder(model);
    const victims = new VictimSampler(model, this.populations);
    const shared = {
      series: this.series,
      samples: this.samples,
      victims,
      queueOf: (citizen: number) => this.shards[this.ownerOf(citizen)].queue,
    };
    for (const population of this.populations) {
      this.shards.push(new Simulation(model, population, traceCitizen, shared));
    }
  }

  /** The shard that holds a citizen (its index in the whole population). */
  ownerOf(citizen: number): number {
    return shardOf(this.starts, citizen);
  }

  /** Advances every shard one day, phase by phase; returns the number of records applied. */
  step(day: number): number {
    const shards = this.shards;
    for (const shard of shards) shard.actPhase(day);
    for (const shard of shards) shard.associationPhase(day);
    let applied = 0;
    for (const shard of shards) applied += shard.recordPhase(day);
    for (const shard of shards) shard.appealPhase(day);
    for (const shard of shards) shard.closePhase(day);
    const last = day === this.model.days - 1;
    this.series.endOfDay(day, last);
    this.samples.endOfDay(day, last, shards);
    return applied;
  }

  run(onDay?: (report: DayReport) => void): void {
    for (let day = 0; day < this.model.days; day++) {
      const applied = this.step(day);
      let listed = 0;
      let trulyListed = 0;
      for (const shard of this.shards) {
        listed += shard.listed.size;
        trulyListed += shard.trulyListed.size;
      }
      onDay?.({ day, listed, trulyListed, recordsApplied: applied });
    }
  }

  finish(): void {
    for (const shard of this.shards) shard.finish();
    this.merged = this.mergeListings();
  }

  /**
   * Every shard's listings in one log, ordered by day, then citizen (the order of one unsharded run); merged once
   * when the run has finished.
   */
  get listings(): ListingLog {
    return this.merged ?? this.mergeListings();
  }

  private merged: ListingLog | undefined;

  private mergeListings(): ListingLog {
    return mergeListingLogs(this.shards.map((shard) => shard.listings));
  }

  /** A citizen's group (its index in the whole population). */
  groupOf(citizen: number): number {
    const shard = this.shards[this.ownerOf(citizen)];
    return shard.population.group[citizen - shard.population.start];
  }
}
