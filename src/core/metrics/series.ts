import type { Model } from "../model/index.js";
import type { Population, PopulationParts } from "../population/index.js";
import { LISTING_END_NAMES, type ListedCitizens, memberOf } from "../state/listings.js";
import { packParts } from "../state/parts.js";

/**
 * Citizens are grouped in blocks of 2^shift consecutive indexes — at most 1024 blocks, of at least 64 citizens —
 * a function of the population size alone. Shards are cut on block boundaries (`shardRanges`).
 */
export function blockShiftFor(size: number): number {
  let shift = 6;
  while (size > 1024 * 2 ** shift) shift++;
  return shift;
}

/** The measures of the daily series, in the order of their codes. */
export const SERIES_MEASURES = [
  "listed",
  "wrongfullyListed",
  "trulyListed",
  "newListings",
  "wrongfulListings",
  "denied",
  "harm",
  "meanRecordedScore",
  "meanTrueScore",
  // Listings that ended during the day, by cause (`ListingEnd`, in `LISTING_END_NAMES`'s order).
  "removedCompliance",
  "removedScore",
  "removedMaximum",
  "removedMinimum",
  "removedOverturned",
] as const;
export type SeriesMeasure = (typeof SERIES_MEASURES)[number];

const LISTED = 0;
const WRONGFULLY_LISTED = 1;
const TRULY_LISTED = 2;
const NEW_LISTINGS = 3;
const WRONGFUL_LISTINGS = 4;
const DENIED = 5;
const HARM = 6;
/** Counter of the first removal cause; cause c is counted at `REMOVED + c`. */
const REMOVED = 7;
const CAUSES = LISTING_END_NAMES.length;
/** Counters per part: the seven above, then removals by cause. */
const COUNTERS = REMOVED + CAUSES;
/** Measure code of the first removal cause (after the two mean scores). */
const REMOVED_MEASURE = 9;

/** A series recorder's state at a day's end (`SeriesRecorder.snapshot`). */
export interface SeriesState {
  day: Int32Array;
  part: Uint16Array;
  measure: Uint8Array;
  value: Float64Array;
  recordedOffset: Float64Array;
  trueOffset: Float64Array;
  /** Mean scores per part at the end of measured day 0: recorded (parts), then true (parts); NaN before. */
  startMeans: Float64Array;
  /** The same at the end of the last day; NaN before. */
  endMeans: Float64Array;
}

/** What the series counts its levels from: a shard's attributes and its citizens listed on each ledger. */
export interface ListingColumnsOf {
  readonly population: PopulationParts;
  readonly listed: ListedCitizens;
  readonly trulyListed: ListedCitizens;
}

/** A dimension the series is broken down by, and its parts' ids. */
export interface SeriesDimension {
  name: "all" | "group" | "region" | "incomeBand";
  parts: string[];
}

/**
 * Streaming daily measures by part — the whole population, each group, each region, each income band — kept as
 * running counts updated at each event (never by scanning citizens): citizens listed, wrongfully listed and truly
 * listed at the day's end; listings, wrongful listings, denials, harm-weighted acts and listings ended (by cause)
 * during the day; mean scores on both ledgers at the day's end. Mean scores use running sums of s − b (b the decay baseline), which all decay by
 * the same daily factor, so no citizen is visited to compute them.
 *
 * Counts are whole numbers, so their totals do not depend on the order of additions. Score changes are not: each is
 * added to the day's sum of its citizen's block (`blockShiftFor`), a fixed range of indexes that shards never split
 * and whose changes every shard applies in the same order, and the blocks' sums are added in block order at the
 * day's end — so the means are the same, bit for bit, however the population is split between shards or threads.
 * A shard on a worker thread keeps its own recorder and hands its day over (`takeDay`) for the run's to `absorbDay`.
 */
export class SeriesRecorder {
  readonly dimensions: SeriesDimension[];
  /** Number of parts: 1 + groups + regions + income bands. */
  readonly parts: number;
  private readonly partSize: Float64Array;
  /** Per part and counter (`part * COUNTERS + counter`): current counts and today's counts. */
  private readonly counters: Float64Array;
  /** Running sums of s − b per part, both ledgers, as of the last day closed. */
  private readonly recordedOffset: Float64Array;
  private readonly trueOffset: Float64Array;
  /** Mean scores per part, recorded then true, at the end of measured day 0 and of the last day (NaN before). */
  private readonly startMeans: Float64Array;
  private readonly endMeans: Float64Array;
  /** Today's score changes per block and part (`block * parts + part`), both ledgers. */
  private readonly recordedToday: Float64Array;
  private readonly trueToday: Float64Array;
  private readonly blockShift: number;
  private readonly blocks: number;
  /** Today's acts by part and behaviour (`part * behaviours + b`), and each behaviour's harm. */
  private readonly actsToday: Float64Array;
  private readonly harmOf: Float64Array;
  private readonly baseline: number;
  private readonly dailyFactor: number;
  private readonly scoring: boolean;
  private readonly everyDays: number;
  private readonly warmupDays: number;
  private readonly groupBase: number;
  private readonly regionBase: number;
  private readonly incomeBase: number;

  // The recorded rows, as columns.
  private day: Int32Array = new Int32Array(1024);
  private part: Uint16Array = new Uint16Array(1024);
  private measure: Uint8Array = new Uint8Array(1024);
  private value: Float64Array = new Float64Array(1024);
  length = 0;

  /** `populations`: every shard of the population, in index order (one for an unsharded run). */
  constructor(model: Model, populations: readonly PopulationParts[], dailyDecayFactor: number) {
    const scenario = model.scenario;
    this.dimensions = [
      { name: "all", parts: ["all"] },
      { name: "group", parts: scenario.population.groups.map((part) => part.id) },
      { name: "region", parts: scenario.population.regions.map((part) => part.id) },
      { name: "incomeBand", parts: scenario.population.incomeBands.map((part) => part.id) },
    ];
    this.groupBase = 1;
    this.regionBase = 1 + model.groups;
    this.incomeBase = 1 + model.groups + model.regions;
    this.parts = 1 + model.groups + model.regions + model.incomeBands;
    this.partSize = new Float64Array(this.parts);
    this.counters = new Float64Array(this.parts * COUNTERS);
    this.recordedOffset = new Float64Array(this.parts);
    this.harmOf = model.harm;
    this.actsToday = new Float64Array(this.parts * model.behaviours);
    this.trueOffset = new Float64Array(this.parts);
    this.startMeans = new Float64Array(2 * this.parts).fill(Number.NaN);
    this.endMeans = new Float64Array(2 * this.parts).fill(Number.NaN);
    this.blockShift = blockShiftFor(model.size);
    this.blocks = Math.max(1, Math.ceil(model.size / 2 ** this.blockShift));
    this.recordedToday = new Float64Array(this.blocks * this.parts);
    this.trueToday = new Float64Array(this.blocks * this.parts);
    this.scoring = model.scoring;
    this.baseline = model.decay ? model.decayTowards : 0;
    this.dailyFactor = model.decay ? dailyDecayFactor : 1;
    this.everyDays = scenario.measurement.seriesEveryDays;
    this.warmupDays = model.warmupDays;
    for (const population of populations) {
      const { cell, cells, size } = population;
      this.partSize[0] += size;
      for (let i = 0; i < size; i++) {
        this.partSize[this.groupBase + cells.group[cell[i]]]++;
        this.partSize[this.regionBase + cells.region[cell[i]]]++;
        this.partSize[this.incomeBase + cells.incomeBand[cell[i]]]++;
      }
    }
  }

  /** A citizen's parts, packed: group | region << 8 | income band << 16 (each below 256). */
  static partsOf(population: PopulationParts, i: number): number {
    const { cell, cells } = population;
    return packParts(cells.group[cell[i]], cells.region[cell[i]], cells.incomeBand[cell[i]]);
  }

  /** Adds `amount` to counter `counter` of each of a citizen's four parts (`parts` from `partsOf`). */
  private add(parts: number, counter: number, amount: number): void {
    const counters = this.counters;
    counters[counter] += amount;
    counters[(this.groupBase + (parts & 0xff)) * COUNTERS + counter] += amount;
    counters[(this.regionBase + ((parts >>> 8) & 0xff)) * COUNTERS + counter] += amount;
    counters[(this.incomeBase + (parts >>> 16)) * COUNTERS + counter] += amount;
  }

  /** Citizen i was listed (`wrongful`: the truth does not list it). */
  listed(parts: number, wrongful: boolean): void {
    this.add(parts, LISTED, 1);
    this.add(parts, NEW_LISTINGS, 1);
    if (wrongful) {
      this.add(parts, WRONGFULLY_LISTED, 1);
      this.add(parts, WRONGFUL_LISTINGS, 1);
    }
  }

  /** Citizen i left the list for `cause` (`ListingEnd`; `trulyListed`: whether the truth lists it now). */
  delisted(parts: number, trulyListed: boolean, cause: number): void {
    this.add(parts, LISTED, -1);
    if (!trulyListed) this.add(parts, WRONGFULLY_LISTED, -1);
    this.add(parts, REMOVED + cause, 1);
  }

  /** The truth listed (+1) or delisted (−1) citizen i, who is or is not `listed` on the record. */
  trulyListedChanged(parts: number, change: 1 | -1, listed: boolean): void {
    this.add(parts, TRULY_LISTED, change);
    if (listed) this.add(parts, WRONGFULLY_LISTED, -change);
  }

  denied(parts: number): void {
    this.add(parts, DENIED, 1);
  }

  /** Citizen i committed an act of behaviour b (counted; its harm is computed when the day's row is written). */
  act(parts: number, b: number): void {
    const B = this.harmOf.length;
    const acts = this.actsToday;
    acts[b]++;
    acts[(this.groupBase + (parts & 0xff)) * B + b]++;
    acts[(this.regionBase + ((parts >>> 8) & 0xff)) * B + b]++;
    acts[(this.incomeBase + (parts >>> 16)) * B + b]++;
  }

  /** A citizen's recorded score changed by `delta` (after decay to today and clamping); `citizen`: its index. */
  recordedChanged(parts: number, citizen: number, delta: number): void {
    const sums = this.recordedToday;
    const base = (citizen >>> this.blockShift) * this.parts;
    sums[base] += delta;
    sums[base + this.groupBase + (parts & 0xff)] += delta;
    sums[base + this.regionBase + ((parts >>> 8) & 0xff)] += delta;
    sums[base + this.incomeBase + (parts >>> 16)] += delta;
  }

  trueChanged(parts: number, citizen: number, delta: number): void {
    const sums = this.trueToday;
    const base = (citizen >>> this.blockShift) * this.parts;
    sums[base] += delta;
    sums[base + this.groupBase + (parts & 0xff)] += delta;
    sums[base + this.regionBase + ((parts >>> 8) & 0xff)] += delta;
    sums[base + this.incomeBase + (parts >>> 16)] += delta;
  }

  /** Adds a shard's initial scores to the sums (both ledgers start equal), in index order. */
  initialScores(population: Population, scores: Float32Array): void {
    for (let i = 0; i < scores.length; i++) {
      const offset = scores[i] - this.baseline;
      const parts = SeriesRecorder.partsOf(population, i);
      this.recordedChanged(parts, population.start + i, offset);
      this.trueChanged(parts, population.start + i, offset);
    }
  }

  /**
   * A shard's day, handed over and cleared (on a worker thread): its counts (levels and today's), today's acts and
   * today's score changes for its blocks `firstBlock` … `lastBlock − 1`.
   */
  takeDay(firstBlock: number, lastBlock: number): Float64Array {
    const P = this.parts;
    const counters = this.counters.length;
    const acts = this.actsToday.length;
    const span = (lastBlock - firstBlock) * P;
    const day = new Float64Array(counters + acts + 2 * span);
    day.set(this.counters, 0);
    day.set(this.actsToday, counters);
    day.set(this.recordedToday.subarray(firstBlock * P, lastBlock * P), counters + acts);
    day.set(this.trueToday.subarray(firstBlock * P, lastBlock * P), counters + acts + span);
    this.resetDay();
    return day;
  }

  /**
   * Takes in the days of every shard (`takeDay`, shards in index order with their block ranges) in place of its own
   * events; `endOfDay` then closes the day as if the events had happened here.
   */
  absorbDay(days: readonly { day: Float64Array; firstBlock: number; lastBlock: number }[]): void {
    const P = this.parts;
    const counters = this.counters.length;
    const acts = this.actsToday.length;
    this.counters.fill(0);
    for (const { day, firstBlock, lastBlock } of days) {
      for (let k = 0; k < counters; k++) this.counters[k] += day[k];
      for (let k = 0; k < acts; k++) this.actsToday[k] += day[counters + k];
      const span = (lastBlock - firstBlock) * P;
      this.recordedToday.set(day.subarray(counters + acts, counters + acts + span), firstBlock * P);
      this.trueToday.set(day.subarray(counters + acts + span, counters + acts + 2 * span), firstBlock * P);
    }
  }

  /** Clears today's counts and changes (the levels stay). */
  private resetDay(): void {
    for (let p = 0; p < this.parts; p++) {
      const at = p * COUNTERS;
      this.counters[at + NEW_LISTINGS] = 0;
      this.counters[at + WRONGFUL_LISTINGS] = 0;
      this.counters[at + DENIED] = 0;
      this.counters[at + HARM] = 0;
      this.counters.fill(0, at + REMOVED, at + COUNTERS);
    }
    this.actsToday.fill(0);
    this.recordedToday.fill(0);
    this.trueToday.fill(0);
  }

  /**
   * Closes day `day` (counted from the first simulated day): writes its rows — every `seriesEveryDays` measured days
   * and on the last, none during the warm-up, numbered from its end — then starts the next.
   */
  endOfDay(day: number, last: boolean): void {
    const B = this.harmOf.length;
    const P = this.parts;
    for (let p = 0; p < P; p++) {
      let harm = 0;
      for (let b = 0; b < B; b++) harm += this.actsToday[p * B + b] * this.harmOf[b];
      this.counters[p * COUNTERS + HARM] = harm;
    }
    // Today's score changes, block after block.
    for (let block = 0; block < this.blocks; block++) {
      for (let p = 0; p < P; p++) {
        this.recordedOffset[p] += this.recordedToday[block * P + p];
        this.trueOffset[p] += this.trueToday[block * P + p];
      }
    }
    // Rows are written for measured days only, numbered from the end of the warm-up.
    const measured = day - this.warmupDays;
    if (this.scoring && (measured === 0 || last)) {
      // The means the rows hold (the same expression), kept for the change of mean score over the run.
      const means = measured === 0 ? this.startMeans : this.endMeans;
      for (let p = 0; p < P; p++) {
        means[p] = this.baseline + this.recordedOffset[p] / this.partSize[p];
        means[P + p] = this.baseline + this.trueOffset[p] / this.partSize[p];
      }
      if (measured === 0 && last) this.endMeans.set(this.startMeans);
    }
    if (measured >= 0 && ((measured + 1) % this.everyDays === 0 || last)) {
      for (let p = 0; p < this.parts; p++) {
        for (let counter = 0; counter < REMOVED; counter++)
          this.push(measured, p, counter, this.counters[p * COUNTERS + counter]);
        if (this.scoring && this.partSize[p] > 0) {
          this.push(measured, p, 7, this.baseline + this.recordedOffset[p] / this.partSize[p]);
          this.push(measured, p, 8, this.baseline + this.trueOffset[p] / this.partSize[p]);
        }
        for (let cause = 0; cause < CAUSES; cause++)
          this.push(measured, p, REMOVED_MEASURE + cause, this.counters[p * COUNTERS + REMOVED + cause]);
      }
    }
    this.resetDay();
    for (let p = 0; p < P; p++) {
      this.recordedOffset[p] *= this.dailyFactor;
      this.trueOffset[p] *= this.dailyFactor;
    }
  }

  /**
   * Group g's change of mean score over the measured days, on each ledger: the mean at the end of the last day minus
   * the mean at the end of measured day 0 (the series' last and first rows when `seriesEveryDays` is 1); null
   * without scoring, for an empty group, or before the last day.
   */
  groupMeanScoreChange(g: number): { recorded: number; true: number } | null {
    const p = this.groupBase + g;
    const P = this.parts;
    const recorded = this.endMeans[p] - this.startMeans[p];
    const truth = this.endMeans[P + p] - this.startMeans[P + p];
    if (!this.scoring || this.partSize[p] === 0 || Number.isNaN(recorded) || Number.isNaN(truth)) return null;
    return { recorded, true: truth };
  }

  /** What a checkpoint keeps at a day's end: the rows so far and the running sums of scores (the counts are levels). */
  snapshot(): SeriesState {
    return {
      day: this.day.slice(0, this.length),
      part: this.part.slice(0, this.length),
      measure: this.measure.slice(0, this.length),
      value: this.value.slice(0, this.length),
      recordedOffset: this.recordedOffset.slice(),
      trueOffset: this.trueOffset.slice(),
      startMeans: this.startMeans.slice(),
      endMeans: this.endMeans.slice(),
    };
  }

  /**
   * Takes back a `snapshot()` at a day's end, and counts the levels (listed, wrongfully and truly listed) from the
   * shards' columns — `shards`: those this recorder counts (every shard, or a worker's own).
   */
  restore(state: SeriesState | undefined, shards: readonly ListingColumnsOf[]): void {
    if (state) {
      const capacity = Math.max(1024, state.day.length);
      this.day = new Int32Array(capacity);
      this.part = new Uint16Array(capacity);
      this.measure = new Uint8Array(capacity);
      this.value = new Float64Array(capacity);
      this.day.set(state.day);
      this.part.set(state.part);
      this.measure.set(state.measure);
      this.value.set(state.value);
      this.length = state.day.length;
      this.recordedOffset.set(state.recordedOffset);
      this.trueOffset.set(state.trueOffset);
      this.startMeans.set(state.startMeans);
      this.endMeans.set(state.endMeans);
    }
    this.resetDay();
    this.counters.fill(0);
    for (const { population, listed, trulyListed } of shards) {
      const truly = memberOf(trulyListed);
      for (let k = 0; k < listed.size; k++) {
        const t = listed.members[k];
        const parts = SeriesRecorder.partsOf(population, t);
        this.add(parts, LISTED, 1);
        if (!truly(t)) this.add(parts, WRONGFULLY_LISTED, 1);
      }
      for (let k = 0; k < trulyListed.size; k++) {
        this.add(SeriesRecorder.partsOf(population, trulyListed.members[k]), TRULY_LISTED, 1);
      }
    }
  }

  private push(day: number, part: number, measure: number, value: number): void {
    if (this.length === this.day.length) {
      const grow = <T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(array: T): T => {
        const next = new (array.constructor as new (length: number) => T)(array.length * 2);
        next.set(array);
        return next;
      };
      this.day = grow(this.day);
      this.part = grow(this.part);
      this.measure = grow(this.measure);
      this.value = grow(this.value);
    }
    this.day[this.length] = day;
    this.part[this.length] = part;
    this.measure[this.length] = measure;
    this.value[this.length] = value;
    this.length++;
  }

  /** How many rows are recorded so far (a reader streaming the series asks for the rows from where it stopped). */
  get rowCount(): number {
    return this.length;
  }

  /** The citizens in each part, in the parts' order (the whole population, each group, region, income band). */
  partSizes(): { dimension: SeriesDimension["name"]; part: string; size: number }[] {
    const sizes = [];
    let k = 0;
    for (const dimension of this.dimensions) {
      for (const part of dimension.parts)
        sizes.push({ dimension: dimension.name, part, size: this.partSize[k++] });
    }
    return sizes;
  }

  /** The recorded rows, tidy: one per day × dimension × part × measure (from row `from`, when given). */
  rows(from = 0): {
    day: number;
    dimension: SeriesDimension["name"];
    part: string;
    measure: SeriesMeasure;
    value: number;
  }[] {
    const names: { dimension: SeriesDimension["name"]; part: string }[] = [];
    for (const dimension of this.dimensions) {
      for (const part of dimension.parts) names.push({ dimension: dimension.name, part });
    }
    const rows = [];
    for (let k = from; k < this.length; k++) {
      const name = names[this.part[k]];
      rows.push({
        day: this.day[k],
        dimension: name.dimension,
        part: name.part,
        measure: SERIES_MEASURES[this.measure[k]],
        value: this.value[k],
      });
    }
    return rows;
  }
}
