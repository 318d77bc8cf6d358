import { Apparatus } from "../apparatus/apparatus.js";
import { categoryOf, decayFactor } from "../apparatus/scoring.js";
import { VictimSampler } from "../apparatus/victims.js";
import { SampleRecorder } from "../metrics/samples.js";
import { SeriesRecorder } from "../metrics/series.js";
import type { Model } from "../model/index.js";
import { groupOf, incomeBandOf, type Population, regionOf } from "../population/index.js";
import { seedKey } from "../rng/index.js";
import { type DayBuckets, type NextDays, RecordQueue, type RecordSink } from "../state/buffers.js";
import { type CitizenState, createCitizenState, Flag } from "../state/citizens.js";
import { type Counts, createCounts, resetCounts } from "../state/counts.js";
import { CitizenSet, ListingLog } from "../state/listings.js";
import type { ObligationQueue } from "../state/obligations.js";
import { CitizenParts } from "../state/parts.js";
import type { ShardContext } from "../state/shard.js";
import { STANDING_DENSE_BYTES, STANDING_TABLE_BYTES, Standing } from "../state/standing.js";
import { StoryTrace } from "../state/trace.js";
import { WrongRecords } from "../state/wrongRecords.js";
import { Acts } from "../world/acts.js";
import { streamedSources, wideSchedules } from "./cost.js";

/**
 * What a shard of a run takes from the run, each part optional (a simulation on its own makes its own): the
 * measures that span the population (the daily series and the samples), the index of citizens that false matches
 * are drawn from, the route from a citizen (its index in the whole population) to the queue of the shard that owns
 * it — or to the outbox towards it — and whether the columns other threads read live in shared memory.
 */
export interface ShardServices {
  series?: SeriesRecorder;
  samples?: SampleRecorder;
  victims?: VictimSampler;
  queueOf?(citizen: number): RecordSink;
  sharedMemory?: boolean;
}

/** What the day loop reports at the end of each day (for progress and streaming measures). */
export interface DayReport {
  day: number;
  listed: number;
  trulyListed: number;
  recordsApplied: number;
}

/**
 * One shard of a run — a contiguous range of citizens, or the whole population — with its state and its systems:
 * the world (`Acts`: what citizens do) and the apparatus (what it records, and what it does with the record). Its
 * methods are the phases of a day (`DAY_PHASES`), which every runner calls in the same order.
 */
export class Simulation {
  readonly model: Model;
  readonly population: Population;
  readonly state: CitizenState;
  /** Listings, compliance and distress, held for the citizens who have some. */
  readonly standing: Standing;
  /** Each citizen's wrong records' count. */
  readonly wrongRecords: WrongRecords;
  readonly counts: Counts;
  readonly listings = new ListingLog();
  readonly listed = new CitizenSet();
  readonly trulyListed = new CitizenSet();
  /** Daily measures by group, region and income band. */
  readonly series: SeriesRecorder;
  /** Score distributions and sampled citizens' trajectories. */
  readonly samples: SampleRecorder;
  /** The story of one citizen, when one is traced. */
  readonly trace: StoryTrace | undefined;
  readonly acts: Acts;
  readonly apparatus: Apparatus;

  private readonly records: RecordQueue;
  private readonly queueOf: (citizen: number) => RecordSink;
  private readonly victims: VictimSampler;
  /** How many of the timeline's changes the systems have taken (`model.timeline`). */
  private changesTaken = 0;

  /**
   * A simulation of `population` (the whole population, or one shard of it). `traceCitizen`: the index (in the
   * whole population) of a citizen whose every event is kept, or −1. `services`: what the shards of one run share
   * (see `ShardedSimulation`); a simulation on its own makes its own.
   */
  constructor(model: Model, population: Population, traceCitizen = -1, services?: ShardServices) {
    this.model = model;
    this.population = population;
    const n = population.size;
    this.state = createCitizenState(n, services?.sharedMemory === true);
    this.standing = new Standing(n);
    this.wrongRecords = new WrongRecords(n);
    this.counts = createCounts(model);
    const cellOf = population.cell;
    for (let i = 0; i < n; i++) this.counts.groupSize[groupOf(population, i)]++;
    const parts = new CitizenParts(cellOf, model);
    const local = traceCitizen - population.start;
    const traced = traceCitizen >= 0 && local < n ? local : -1;
    this.trace =
      traced >= 0
        ? new StoryTrace(
            traceCitizen,
            groupOf(population, traced),
            regionOf(population, traced),
            incomeBandOf(population, traced),
          )
        : undefined;
    this.records = new RecordQueue(model.days, streamedSources(model));
    this.queueOf = services?.queueOf ?? (() => this.records);
    const key = seedKey(model.seed);
    // The series' daily decay factor is the scores' one-day factor.
    const series =
      services?.series ?? new SeriesRecorder(model, [population], decayFactor(1, model.decayHalfLifeDays));
    this.series = series;
    this.samples = services?.samples ?? new SampleRecorder(model);
    const context: ShardContext = {
      model,
      population,
      state: this.state,
      standing: this.standing,
      wrongRecords: this.wrongRecords,
      counts: this.counts,
      measures: series,
      listings: this.listings,
      listed: this.listed,
      trulyListed: this.trulyListed,
      key,
      parts,
      cellOf,
      trace: this.trace,
      traced,
      wideSchedules: wideSchedules(model),
    };
    const victims = services?.victims ?? new VictimSampler(model, [population]);
    this.victims = victims;
    this.apparatus = new Apparatus(context, victims, this.records, this.queueOf);
    const scores = this.apparatus.scores;
    this.acts = new Acts(context, this.apparatus, (i, day) => scores.recordedOn(i, day));
    this.apparatus.scores.initialise();
    if (model.scoring) series.initialScores(population, this.state.recordedScore);
    for (let i = 0; i < n; i++) this.acts.scheduleFirst(i);
    for (let i = 0; i < n; i++) this.apparatus.scheduleFirst(i);
  }

  /** Runs the whole simulation, calling `onDay` after each day. */
  run(onDay?: (report: DayReport) => void): void {
    for (let day = 0; day < this.model.days; day++) {
      const applied = this.step(day);
      onDay?.({ day, listed: this.listed.size, trulyListed: this.trulyListed.size, recordsApplied: applied });
    }
  }

  /** Advances one day (all its phases); returns the number of records applied. */
  step(day: number): number {
    this.actPhase(day);
    this.outcomePhase(day);
    this.associationPhase(day);
    const applied = this.recordPhase(day);
    this.appealPhase(day);
    this.closePhase(day);
    const last = day === this.model.days - 1;
    this.series.endOfDay(day, last);
    this.samples.endOfDay(day, last, [this]);
    return applied;
  }

  /**
   * A day's first phase: every citizen with events that day draws them, in citizen order (the columns are read
   * sequentially); a citizen with both has its apparatus events first, so sanctions judge it against the truth as it
   * stood at the start of the day, and its state (listed, sanctioned, score band) is read before either.
   */
  actPhase(day: number): void {
    if (day === this.model.warmupDays && day > 0) this.startMeasurement();
    if (this.model.timeline.length > 0) this.followTimeline(day);
    const acts = this.acts;
    const apparatus = this.apparatus;
    // Both lists ascend (`NextDays.take`).
    const due = acts.schedule.take(day);
    const apparatusDue = apparatus.schedule.take(day);
    const acting = due.data.subarray(0, due.length);
    const other = apparatusDue.data.subarray(0, apparatusDue.length);
    let a = 0;
    for (let k = 0; k < other.length; k++) {
      const i = other[k];
      for (; a < acting.length && acting[a] < i; a++) acts.day(acting[a], day, acts.stateOf(acting[a], day));
      const state = a < acting.length && acting[a] === i ? acts.stateOf(i, day) : 0;
      apparatus.day(i, day);
      if (a < acting.length && acting[a] === i) acts.day(acting[a++], day, state);
    }
    for (; a < acting.length; a++) acts.day(acting[a], day, acts.stateOf(acting[a], day));
  }

  /**
   * Takes the timeline's changes due by `day`, before any event of the day: every system reads the latest change's
   * model from now on and, on the day of the change itself, every citizen's next days with acts and with apparatus
   * events are drawn again at the new rates (`Acts.reschedule`, `Apparatus.reschedule`). A run resumed after a change
   * takes its model without drawing again: the checkpoint holds the days drawn then.
   */
  private followTimeline(day: number): void {
    const timeline = this.model.timeline;
    let taken = this.changesTaken;
    while (taken < timeline.length && timeline[taken].day <= day) taken++;
    if (taken === this.changesTaken) return;
    this.changesTaken = taken;
    const change = timeline[taken - 1];
    this.victims.useModel(change.model);
    this.acts.useModel(change.model);
    this.apparatus.useModel(change.model);
    if (change.day === day) {
      this.acts.reschedule(day);
      this.apparatus.reschedule(day);
    }
  }

  /**
   * After every citizen's events of the day: the obligations due today end in their outcome acts, whose records go to
   * their targets' owners as the day's other acts' do.
   */
  outcomePhase(day: number): void {
    if (this.model.outcomeBranches > 0) this.apparatus.outcomes.day(day);
  }

  /** Association penalties for the contacts of today's listed citizens, into their owners' queues. */
  associationPhase(day: number): void {
    this.apparatus.records.associate(day, this.queueOf);
  }

  /** The day's records applied, in canonical order; returns how many. */
  recordPhase(day: number): number {
    return this.apparatus.records.apply(day);
  }

  /** Appeals due today are reviewed. */
  appealPhase(day: number): void {
    this.apparatus.reviewAppeals(day);
  }

  /** The day's end: listing durations and exits, rewards at the end of a period, the traced citizen's day. */
  closePhase(day: number): void {
    this.apparatus.endOfDay(day);
    const trace = this.trace;
    if (trace) {
      const scores = this.apparatus.scores;
      const t = trace.citizen - this.population.start;
      trace.days.push({
        day,
        trueScore: scores.trueOn(t, day),
        recordedScore: scores.recordedOn(t, day),
        listed: this.standing.isListed(t),
        trulyListed: this.standing.isTrulyListed(t),
      });
    }
  }

  /**
   * The warm-up is over: every count starts again from zero while the state (scores, lists, records in flight) goes
   * on. Citizens on the list now count as listed (and wrongfully listed, if their listing was) during the measured
   * days; those listed longer than `trappedAfterDays` are counted as trapped again at today's end.
   */
  private startMeasurement(): void {
    const counts = this.counts;
    resetCounts(counts);
    const standing = this.standing;
    standing.clearAllFlags(Flag.everListed | Flag.everWrongfullyListed | Flag.trapped);
    const { members, size } = this.listed;
    for (let k = 0; k < size; k++) {
      const t = members[k];
      const group = groupOf(this.population, t);
      standing.addFlags(t, Flag.everListed);
      counts.everListedByGroup[group]++;
      if (this.listings.wrongful.data[this.listings.ongoingOf(this.population.start + t)] === 1) {
        standing.addFlags(t, Flag.everWrongfullyListed);
        counts.everWrongfullyListedByGroup[group]++;
      }
    }
  }

  /** A citizen's group (`citizen`: its index in the whole population). */
  groupOf(citizen: number): number {
    return groupOf(this.population, citizen - this.population.start);
  }

  isListed(i: number): boolean {
    return this.standing.isListed(i);
  }

  isTrulyListed(i: number): boolean {
    return this.standing.isTrulyListed(i);
  }

  /** The recorded score on `day`, decayed, without writing it back. */
  recordedScoreOn(i: number, day: number): number {
    return this.apparatus.scores.recordedOn(i, day);
  }

  trueScoreOn(i: number, day: number): number {
    return this.apparatus.scores.trueOn(i, day);
  }

  /** Brings every score to the last day, for the final measures. */
  finish(): void {
    const last = this.model.days - 1;
    const scores = this.apparatus.scores;
    for (let i = 0; i < this.population.size; i++) scores.bringTo(i, last);
  }

  /**
   * How many citizens went from each category on the first day to each at the end (first × categories + last, by
   * the first day's bands), each first-day category drawn again (`Scores.initialCategory`); empty without categories.
   */
  categoryTransitions(): Float64Array {
    const model = this.model;
    const count = model.categoryNames.length;
    const counts = new Float64Array(count * count);
    if (!model.scoring || count === 0) return counts;
    const scores = this.apparatus.scores;
    const recorded = this.state.recordedScore;
    for (let i = 0; i < this.population.size; i++) {
      counts[
        scores.initialCategory(i) * count + categoryOf(recorded[i], model.bandMin, model.bandCategory)
      ]++;
    }
    return counts;
  }

  /** This shard's queue of records waiting to be applied (records about its citizens). */
  get queue(): RecordQueue {
    return this.records;
  }

  /**
   * The citizens waiting for a day with events, for an appeal's review and for an obligation's outcome (what a
   * checkpoint saves).
   */
  get waiting(): {
    readonly scheduled: NextDays;
    readonly apparatusScheduled: NextDays;
    readonly reviews: DayBuckets;
    readonly obligations: ObligationQueue;
  } {
    return {
      scheduled: this.acts.schedule,
      apparatusScheduled: this.apparatus.schedule,
      reviews: this.apparatus.dueProcess.reviews,
      obligations: this.apparatus.outcomes.obligations,
    };
  }

  /** Records due after the last day, never applied. */
  get pendingRecords(): number {
    return this.records.pendingAtEnd;
  }
}

/**
 * Bytes a citizen of its two schedules (`NextDays`), at most: 2 each, in 16 bits, or 1 and less than 1 of far lists
 * (`wideSchedules`; the memory check counts them by the model, `scheduleBytes`).
 */
export const SCHEDULES_BYTES = 4;

/**
 * Bytes of engine state per citizen besides the population, at most: two scores (4 + 4, 32-bit floats), the day
 * they were updated (2), wrong records and their effect (1 + 4: a count past 254 is in a map, `WrongRecords`), the
 * next day with acts and with apparatus events (at most 2 + 2, `SCHEDULES_BYTES`), and the standing (listing days,
 * flags, distress), 9: its 7 bytes of columns and the largest table it turns from, both held for a moment
 * (`STANDING_TABLE_BYTES`, 12/8 with its bits), rounded up — 28. The first day's categories are drawn again at the end
 * (`Scores.initialCategory`); days are 16-bit (a run has at most 65,534); the act rates are computed from the cell
 * and the propensities when needed (`Acts`); the cell is the population's. The standing is a table of the few with
 * some until a sixteenth of the shard has some: china-2020's holds about 0.35 bytes a citizen in a year. The gallery
 * of false matches holds a quarter of a byte a citizen for up to 4,096 (region, group) cells (`indexGallery`); the
 * listed few's rows in the listing log are in a map. Records in flight are estimated per scenario (`estimateCost`,
 * `sourceRecordBytes`). Measured in one process on one thread, china-2020 × 365 days: the typed arrays hold 44.5 bytes
 * a citizen at 1M (48.0 with every record in chunks of integers, none in streams of bytes; 59.5 with the standing, the
 * first day's category, the wrong records' count, the cell and both schedules as columns of 16 bits or a byte, and day
 * buffers that doubled). Peak RSS grows by 44.6 bytes per citizen between 1M and 3M citizens (by 46.6 without streams,
 * by 58 with those columns, by 74 with the act rates held, four attributes beside the cell and no record in 2 integers,
 * by 80 with every record in flight in 4 integers, by 83 with a list of citizens for false matches, by 88 with records
 * of 5 integers, by 98 with record lists that doubled, by 104 with 32-bit days, by 158 with 64-bit scores and 4-byte
 * propensities, by 190 before records took 5 integers instead of 7, the parts and ongoing listings left the columns and
 * the schedules became `NextDays`).
 */
export const ENGINE_BYTES_PER_CITIZEN =
  8 + 2 + 1 + 4 + Math.ceil(STANDING_DENSE_BYTES + STANDING_TABLE_BYTES) + SCHEDULES_BYTES;
