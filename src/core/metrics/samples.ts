import type { Model } from "../model/index.js";
import { groupOf, type Population, shardOf } from "../population/index.js";

/** What a recorder took, as plain data (what a worker thread hands back). */
export interface SampleData {
  trajectory: SampleRecorder["trajectory"];
  bins: SampleRecorder["bins"];
}

/** What the samples read from a shard of the simulation at a day's end (indexes within its population). */
export interface ScoreReader {
  readonly population: Population;
  recordedScoreOn(i: number, day: number): number;
  trueScoreOn(i: number, day: number): number;
  isListed(i: number): boolean;
  isTrulyListed(i: number): boolean;
}

/** Number of score bins across the range, for score distributions. */
export const SCORE_BINS = 30;
/** Score distributions are taken on (measured) day 0, every this many days, and on the last day. */
export const SCORE_BIN_EVERY_DAYS = 30;

/**
 * Samples taken at the end of some days by visiting citizens (so kept sparse): score distributions by group and
 * ledger every 30 days, and the day-by-day trajectories of a fixed sample of citizens (evenly spaced indexes,
 * `measurement.trajectories` of them), truth and record side by side.
 */
export class SampleRecorder {
  /** Indexes (in the whole population) of the sampled citizens. */
  readonly sampled: Int32Array;
  readonly binWidth: number;

  readonly trajectory = {
    citizen: [] as number[],
    group: [] as number[],
    day: [] as number[],
    trueScore: [] as number[],
    recordedScore: [] as number[],
    listed: [] as boolean[],
    trulyListed: [] as boolean[],
  };
  readonly bins = {
    day: [] as number[],
    group: [] as number[],
    ledger: [] as ("recorded" | "true")[],
    bin: [] as number[],
    count: [] as number[],
  };

  constructor(private readonly model: Model) {
    const size = model.size;
    const count = Math.min(size, model.scenario.measurement.trajectories);
    this.sampled = Int32Array.from({ length: count }, (_, k) => Math.floor(((k + 0.5) * size) / count));
    this.binWidth = (model.scoreMax - model.scoreMin) / SCORE_BINS;
  }

  /**
   * Takes the day's samples from every shard (in index order); none during the warm-up, and days numbered from its
   * end (`day` counts from the first simulated day).
   */
  endOfDay(day: number, last: boolean, shards: readonly ScoreReader[]): void {
    const measured = day - this.model.warmupDays;
    if (!this.model.scoring || measured < 0) return;
    const starts = shards.map((shard) => shard.population.start);
    for (const citizen of this.sampled) {
      // The shards given may be some of the run's (a worker thread's own): a citizen outside them is skipped.
      const shard = shards[shardOf(starts, citizen)];
      const i = citizen - shard.population.start;
      if (i < 0 || i >= shard.population.size) continue;
      this.trajectory.citizen.push(citizen);
      this.trajectory.group.push(groupOf(shard.population, i));
      this.trajectory.day.push(measured);
      this.trajectory.trueScore.push(shard.trueScoreOn(i, day));
      this.trajectory.recordedScore.push(shard.recordedScoreOn(i, day));
      this.trajectory.listed.push(shard.isListed(i));
      this.trajectory.trulyListed.push(shard.isTrulyListed(i));
    }
    if (measured % SCORE_BIN_EVERY_DAYS === 0 || last) this.scoreBins(day, measured, shards);
  }

  private scoreBins(day: number, measured: number, shards: readonly ScoreReader[]): void {
    const { groups, scoreMin } = this.model;
    const width = this.binWidth;
    const counts = new Float64Array(groups * 2 * SCORE_BINS);
    const bin = (score: number) =>
      Math.min(SCORE_BINS - 1, Math.max(0, Math.floor((score - scoreMin) / width)));
    for (const shard of shards) {
      const { cell, cells, size } = shard.population;
      for (let i = 0; i < size; i++) {
        const base = cells.group[cell[i]] * 2 * SCORE_BINS;
        counts[base + bin(shard.recordedScoreOn(i, day))]++;
        counts[base + SCORE_BINS + bin(shard.trueScoreOn(i, day))]++;
      }
    }
    for (let g = 0; g < groups; g++) {
      for (let ledger = 0; ledger < 2; ledger++) {
        for (let k = 0; k < SCORE_BINS; k++) {
          this.bins.day.push(measured);
          this.bins.group.push(g);
          this.bins.ledger.push(ledger === 0 ? "recorded" : "true");
          this.bins.bin.push(scoreMin + k * width);
          this.bins.count.push(counts[(g * 2 + ledger) * SCORE_BINS + k]);
        }
      }
    }
  }

  /** Takes back the samples of earlier days (a checkpoint's), in place of its own. */
  restore(data: SampleData): void {
    const replace = <T>(own: T[], saved: readonly T[]) => {
      own.length = 0;
      for (const value of saved) own.push(value);
    };
    const t = this.trajectory;
    replace(t.citizen, data.trajectory.citizen);
    replace(t.group, data.trajectory.group);
    replace(t.day, data.trajectory.day);
    replace(t.trueScore, data.trajectory.trueScore);
    replace(t.recordedScore, data.trajectory.recordedScore);
    replace(t.listed, data.trajectory.listed);
    replace(t.trulyListed, data.trajectory.trulyListed);
    const bins = this.bins;
    replace(bins.day, data.bins.day);
    replace(bins.group, data.bins.group);
    replace(bins.ledger, data.bins.ledger);
    replace(bins.bin, data.bins.bin);
    replace(bins.count, data.bins.count);
  }

  /**
   * The samples of a run whose shards each sampled their own citizens (on worker threads): trajectories in day,
   * then citizen order, and score-bin counts added — what one recorder over the whole population takes.
   */
  static merge(model: Model, parts: readonly SampleData[]): SampleRecorder {
    const merged = new SampleRecorder(model);
    const t = merged.trajectory;
    const entries: [SampleData["trajectory"], number][] = [];
    for (const part of parts) {
      for (let k = 0; k < part.trajectory.day.length; k++) entries.push([part.trajectory, k]);
    }
    entries.sort(([a, j], [b, k]) => a.day[j] - b.day[k] || a.citizen[j] - b.citizen[k]);
    for (const [from, k] of entries) {
      t.citizen.push(from.citizen[k]);
      t.group.push(from.group[k]);
      t.day.push(from.day[k]);
      t.trueScore.push(from.trueScore[k]);
      t.recordedScore.push(from.recordedScore[k]);
      t.listed.push(from.listed[k]);
      t.trulyListed.push(from.trulyListed[k]);
    }
    const first = parts[0]?.bins;
    if (first) {
      const bins = merged.bins;
      bins.day.push(...first.day);
      bins.group.push(...first.group);
      bins.ledger.push(...first.ledger);
      bins.bin.push(...first.bin);
      for (let k = 0; k < first.count.length; k++) {
        bins.count.push(parts.reduce((total, part) => total + part.bins.count[k], 0));
      }
    }
    return merged;
  }
}
