import { ruleMatches } from "../apparatus/eligibility.js";
import { categoryOf, clampScore, decayFactor } from "../apparatus/score.js";
import { VictimSampler } from "../apparatus/victims.js";
import { Accumulators } from "../metrics/accumulators.js";
import { SampleRecorder } from "../metrics/samples.js";
import { SeriesRecorder } from "../metrics/series.js";
import { ChannelKind, ListingRule, type Model, RecordKind } from "../model/index.js";
import { column, type Population } from "../population/index.js";
import {
  binomial,
  CounterRng,
  exponential,
  normal,
  type PhiloxKey,
  purposeId,
  seedKey,
  zeroTruncatedPoisson,
} from "../rng/index.js";
import { Contacts } from "../world/contacts.js";
import {
  canonicalOrder,
  DayBuckets,
  R_ACTOR,
  R_BEHAVIOUR,
  R_FLAGS,
  R_SOURCE,
  R_TARGET,
  RECORD_STRIDE,
  RecordQueue,
  type RecordSink,
  SCORED_FLAG,
} from "./buffers.js";
import { CostError } from "./costError.js";
import { CitizenSet, ListingEnd, ListingLog } from "./listings.js";
import { StoryTrace, TraceEventType } from "./trace.js";

// The truth's streams (acts) and the apparatus's (its events, and what it observes of acts) are separate, so that
// without responses the truth is the same whatever the apparatus.
const PURPOSE_ACT_SCHEDULE = purposeId("world.schedule");
const PURPOSE_ACTS = purposeId("world.acts");
const PURPOSE_APPARATUS_SCHEDULE = purposeId("apparatus.schedule");
const PURPOSE_APPARATUS_EVENTS = purposeId("apparatus.events");
const PURPOSE_OBSERVATION = purposeId("apparatus.observation");
const PURPOSE_INITIAL_SCORE = purposeId("engine.initial-score");
const PURPOSE_APPEAL = purposeId("engine.appeal");
const PURPOSE_REVIEW = purposeId("engine.review");

const NOT_LISTED = -1;

/** Added to a spurious record's sequence: after the records of the actor's acts of the same day. */
const SPURIOUS_SEQUENCE = 1 << 30;

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
 * The state of one run: the truth (what citizens do, scored by the rules) and the record (what the apparatus
 * observed, scored the same way), side by side in typed-array columns, and the day loop that advances them.
 *
 * Each day: (1) every citizen with events that day draws them — the apparatus's events first (spurious records,
 * opportunity requests, which sanctions may deny), then acts (the truth ledger moves at once and sources may observe
 * them); (2) at the day's end the
 * records due that day are applied in a canonical order, listing and delisting follow, appeals are reviewed, and
 * rewards accrue at the end of each review period. Events are drawn per citizen-day only on days a citizen has
 * events: the next such day is scheduled ahead, for acts and for the apparatus's events separately, so cost follows
 * the number of events.
 */
export class Simulation {
  readonly model: Model;
  readonly population: Population;
  readonly metrics: Accumulators;
  readonly listings = new ListingLog();
  /** Daily measures by group, region and income band. */
  readonly series: SeriesRecorder;
  /** Score distributions and sampled citizens' trajectories. */
  readonly samples: SampleRecorder;
  /** The story of one citizen, when one is traced. */
  readonly trace: StoryTrace | undefined;
  /** Each citizen's category on the record at the start (for the category transition matrix). */
  readonly initialCategory: Uint8Array;

  /** Scores on the truth ledger and on the record, last brought up to date on `scoreDay`. */
  readonly trueScore: Float64Array;
  readonly recordedScore: Float64Array;
  readonly scoreDay: Int32Array;
  /** Day the current listing started, or −1; the same for the truth ledger. */
  readonly listedSince: Int32Array;
  readonly trulyListedSince: Int32Array;
  /** Index of the current listing in `listings`, or −1. */
  readonly currentListing: Int32Array;
  /** Bit 0: complied (record); bit 1: complied (truth); bit 2: ever listed; bit 3: ever wrongfully listed; bit 4: trapped. */
  readonly flags: Uint8Array;
  /** Distress lasts until this day (exclusive) after a denial. */
  readonly distressUntil: Int32Array;
  /**
   * Wrong records (misattributed or spurious) on each citizen's record, and what they changed its score by, as that
   * change stands today (decayed like the score, after clamping) — what striking them off gives back.
   */
  readonly falseRecords: Uint16Array;
  readonly falsePoints: Float64Array;

  readonly listed = new CitizenSet();
  readonly trulyListed = new CitizenSet();

  private readonly key: PhiloxKey;
  private readonly rng: CounterRng;
  /** Draws of what the apparatus observes of a day's acts, beside the truth's draws of the acts themselves. */
  private readonly observationRng: CounterRng;
  /** Citizens by the next day they act, and by the next day they have apparatus events. */
  private readonly buckets: DayBuckets;
  private readonly apparatusBuckets: DayBuckets;
  private readonly records: RecordQueue;
  private readonly reviews: DayBuckets;
  private readonly victims: VictimSampler;
  private readonly queueOf: (citizen: number) => RecordSink;
  /** The traced citizen's index within this shard, or −1. */
  private readonly tracedLocal: number;
  /** Each citizen's parts for the series (group, region, income band), packed. */
  private readonly parts: Int32Array;
  private readonly contacts: Contacts;
  private readonly contactBuffer: Int32Array;
  /** Per channel and cell, the channel's highest rate (with distress), before the propensity. */
  private readonly channelMax: Float64Array;
  /** Each citizen's total act rate Λ_i over the act channels, at its highest (distressed) level. */
  private readonly actRate: Float64Array;
  private readonly cellOf: Uint16Array;
  /** 2^(−Δ/halfLife) for every gap Δ of whole days a run can have (decay without a power per update). */
  private readonly decayFactor: Float64Array;

  /**
   * A simulation of `population` (the whole population, or one shard of it). `traceCitizen`: the index (in the
   * whole population) of a citizen whose every event is kept, or −1. `shared`: the services shards of one run share
   * (see `ShardedSimulation`); a simulation on its own makes its own.
   */
  constructor(model: Model, population: Population, traceCitizen = -1, services?: ShardServices) {
    this.model = model;
    this.population = population;
    const n = population.size;
    this.metrics = new Accumulators(model);
    // The columns the run's measures read at the end, in shared memory when the shard runs on a worker thread.
    const shared = services?.sharedMemory === true;
    this.trueScore = column(Float64Array, n, shared);
    this.recordedScore = column(Float64Array, n, shared);
    this.scoreDay = new Int32Array(n);
    this.listedSince = column(Int32Array, n, shared).fill(NOT_LISTED);
    this.trulyListedSince = column(Int32Array, n, shared).fill(NOT_LISTED);
    this.currentListing = new Int32Array(n).fill(-1);
    this.flags = new Uint8Array(n);
    this.distressUntil = new Int32Array(n);
    this.falseRecords = new Uint16Array(n);
    this.falsePoints = new Float64Array(n);
    this.key = seedKey(model.seed);
    this.rng = new CounterRng(this.key);
    this.observationRng = new CounterRng(this.key);
    this.buckets = new DayBuckets(model.days);
    this.apparatusBuckets = new DayBuckets(model.days);
    this.records = new RecordQueue(model.days);
    this.reviews = new DayBuckets(model.days);
    this.victims = services?.victims ?? new VictimSampler(model, [population]);
    this.queueOf = services?.queueOf ?? (() => this.records);
    this.contacts = new Contacts(this.key, model.size);
    this.contactBuffer = new Int32Array(model.associationContacts);
    this.channelMax = new Float64Array(model.channels * model.cells);
    for (let c = 0; c < model.channels; c++) {
      for (let cell = 0; cell < model.cells; cell++) {
        this.channelMax[c * model.cells + cell] =
          model.channelRate[c * model.cells + cell] * model.channelDistress[c];
      }
    }
    this.actRate = new Float64Array(n);
    this.decayFactor = Float64Array.from({ length: model.days + 1 }, (_, gap) =>
      decayFactor(gap, model.decayHalfLifeDays),
    );
    this.cellOf = new Uint16Array(n);
    const { ageBands: A, incomeBands: I, groups: G } = model;
    for (let i = 0; i < n; i++) {
      this.cellOf[i] =
        ((population.region[i] * G + population.group[i]) * I + population.incomeBand[i]) * A +
        population.ageBand[i];
      this.metrics.groupSize[population.group[i]]++;
    }
    this.series = services?.series ?? new SeriesRecorder(model, [population], this.decayFactor[1] ?? 1);
    this.samples = services?.samples ?? new SampleRecorder(model);
    this.parts = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parts[i] = SeriesRecorder.partsOf(population, i);
    const local = traceCitizen - population.start;
    this.tracedLocal = traceCitizen >= 0 && local < n ? local : -1;
    const traced = this.tracedLocal;
    this.trace =
      traced >= 0
        ? new StoryTrace(
            traceCitizen,
            population.group[traced],
            population.region[traced],
            population.incomeBand[traced],
          )
        : undefined;
    this.initialCategory = column(Uint8Array, model.scoring ? n : 0, shared);
    this.initialiseScores();
    for (let i = 0; i < n; i++) {
      let total = 0;
      for (let c = 0; c < model.actChannels; c++) total += this.rateOf(i, c);
      this.actRate[i] = total;
      this.scheduleFirst(i);
    }
  }

  private initialiseScores(): void {
    const model = this.model;
    if (!model.scoring) return;
    const { start, size } = this.population;
    for (let i = 0; i < size; i++) {
      const drawn =
        model.initialSd > 0
          ? model.initialMean + model.initialSd * normal(this.rng.reset(PURPOSE_INITIAL_SCORE, start + i, 0))
          : model.initialMean;
      const score = clampScore(drawn, model.scoreMin, model.scoreMax);
      this.trueScore[i] = score;
      this.recordedScore[i] = score;
      this.initialCategory[i] = categoryOf(score, model.bandMin, model.bandCategory);
    }
    this.series.initialScores(this.population, this.recordedScore);
  }

  /** Citizen i's events per day on channel c, at the highest rate its state can reach. */
  private rateOf(i: number, c: number): number {
    const model = this.model;
    const rate = this.channelMax[c * model.cells + this.cellOf[i]];
    return model.channelUsesPropensity[c] === 1
      ? rate * this.population.propensity[model.channelTarget[c]][i]
      : rate;
  }

  /**
   * Days with events form a Bernoulli process: with Λ events per day, a day is empty with probability e^(−Λ), so
   * the gap to the next day with events is ⌊E⌋ for E exponential with rate Λ.
   */
  private scheduleFirst(i: number): void {
    const citizen = this.population.start + i;
    const acts = this.actRate[i];
    if (acts > 0)
      this.buckets.push(Math.floor(exponential(this.rng.reset(PURPOSE_ACT_SCHEDULE, citizen, 0), acts)), i);
    const apparatus = this.model.apparatusRate[this.cellOf[i]];
    if (apparatus > 0) {
      const rng = this.rng.reset(PURPOSE_APPARATUS_SCHEDULE, citizen, 0);
      this.apparatusBuckets.push(Math.floor(exponential(rng, apparatus)), i);
    }
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
    this.associationPhase(day);
    const applied = this.recordPhase(day);
    this.appealPhase(day);
    this.closePhase(day);
    const last = day === this.model.days - 1;
    this.series.endOfDay(day, last);
    this.samples.endOfDay(day, last, [this]);
    return applied;
  }

  /** A day's first phase: every citizen with events that day draws them (records go to their targets' queues). */
  actPhase(day: number): void {
    if (day === this.model.warmupDays && day > 0) this.startMeasurement();
    const due = this.buckets.take(day);
    const apparatusDue = this.apparatusBuckets.take(day);
    // In citizen order, so the columns are read sequentially rather than at random (cache-friendly); a citizen in
    // both lists has its apparatus events first, so sanctions judge it against the truth as it stood at the start
    // of the day.
    const acting = due.data.subarray(0, due.length).sort();
    const other = apparatusDue.data.subarray(0, apparatusDue.length).sort();
    let a = 0;
    for (let k = 0; k < other.length; k++) {
      const i = other[k];
      for (; a < acting.length && acting[a] < i; a++)
        this.actDay(acting[a], day, this.isDistressed(acting[a], day));
      const distressed = this.isDistressed(i, day);
      this.apparatusDay(i, day);
      if (a < acting.length && acting[a] === i) this.actDay(acting[a++], day, distressed);
    }
    for (; a < acting.length; a++) this.actDay(acting[a], day, this.isDistressed(acting[a], day));
  }

  private isDistressed(i: number, day: number): boolean {
    return this.listedSince[i] !== NOT_LISTED || day < this.distressUntil[i];
  }

  /**
   * Every `association.everyDays`, the contacts of today's listed citizens get a penalty record due today, in the
   * queue of the shard that owns them — before any shard applies the day's records.
   */
  associationPhase(day: number): void {
    const model = this.model;
    if (!model.association || (day + 1) % model.associationEveryDays !== 0) return;
    const buffer = this.contactBuffer;
    const { members, size } = this.listed;
    const count = model.size < 2 ? 0 : model.associationContacts;
    // The memory estimate allows `associationCap` penalties a day: stop rather than outgrow it.
    if (size * count > model.associationCap) {
      throw new CostError(
        `association penalties on day ${day + 1} need ${(size * count).toLocaleString("en-US")} records ` +
          `(${size.toLocaleString("en-US")} listed × ${count.toLocaleString("en-US")} contacts), more than the ` +
          `${model.associationCap.toLocaleString("en-US")} a day the run's memory estimate allows ` +
          `(one for every two citizens, at least 524,288); lower responses.association.contacts`,
      );
    }
    for (let k = 0; k < size; k++) {
      const actor = this.population.start + members[k];
      this.contacts.of(actor, count, buffer);
      for (let c = 0; c < count; c++) {
        const contact = buffer[c];
        this.queueOf(contact).push(day, contact, day, actor, c, -1, -1, RecordKind.association);
      }
    }
  }

  /** The day's records applied, in canonical order; returns how many. */
  recordPhase(day: number): number {
    const list = this.records.take(day);
    const count = list.length / RECORD_STRIDE;
    if (count === 0) return 0;
    const order = canonicalOrder(list);
    const data = list.data;
    const start = this.population.start;
    for (let k = 0; k < count; k++) {
      const at = order[k] * RECORD_STRIDE;
      this.applyRecord(
        data[at + R_TARGET] - start,
        data[at + R_ACTOR],
        data[at + R_BEHAVIOUR],
        data[at + R_SOURCE],
        data[at + R_FLAGS],
        day,
      );
    }
    return count;
  }

  /**
   * The warm-up is over: every count starts again from zero while the state (scores, lists, records in flight) goes
   * on. Citizens on the list now count as listed (and wrongfully listed, if their listing was) during the measured
   * days; those listed longer than `trappedAfterDays` are counted as trapped again at today's end.
   */
  private startMeasurement(): void {
    const metrics = this.metrics;
    for (const value of Object.values(metrics)) {
      if (value instanceof Float64Array && value !== metrics.groupSize) value.fill(0);
    }
    metrics.associationPenalties = 0;
    metrics.appeals = 0;
    metrics.appealsReviewed = 0;
    metrics.appealsOverturned = 0;
    metrics.recordsRestored = 0;
    metrics.delistings = 0;
    const flags = this.flags;
    for (let i = 0; i < flags.length; i++) flags[i] &= ~(4 | 8 | 16);
    const group = this.population.group;
    const { members, size } = this.listed;
    for (let k = 0; k < size; k++) {
      const t = members[k];
      flags[t] |= 4;
      metrics.everListedByGroup[group[t]]++;
      if (this.listings.wrongful.data[this.currentListing[t]] === 1) {
        flags[t] |= 8;
        metrics.everWrongfullyListedByGroup[group[t]]++;
      }
    }
  }

  /** Appeals due today are reviewed. */
  appealPhase(day: number): void {
    this.reviewAppeals(day);
  }

  /** The day's end: listing durations and exits, rewards at the end of a period, the traced citizen's day. */
  closePhase(day: number): void {
    this.endOfDayListings(day);
    const model = this.model;
    // Review periods count from the end of the warm-up; nothing accrues during it (it would not be measured).
    const measured = day - model.warmupDays;
    if (
      model.rewardCount > 0 &&
      measured >= 0 &&
      ((measured + 1) % model.rewardReviewDays === 0 || day === model.days - 1)
    ) {
      const period = (measured % model.rewardReviewDays) + 1;
      this.accrueRewards(day, period);
    }
    const trace = this.trace;
    if (trace) {
      const i = this.tracedLocal;
      trace.days.push({
        day,
        trueScore: this.trueScoreOn(i, day),
        recordedScore: this.recordedScoreOn(i, day),
        listed: this.listedSince[i] !== NOT_LISTED,
        trulyListed: this.trulyListedSince[i] !== NOT_LISTED,
      });
    }
  }

  // ——— The world: one citizen's events of one day ———

  /**
   * The truth: citizen i's acts of the day, from the (`world.acts`, i, day) stream alone. `distressed`: as at the
   * start of the day.
   */
  private actDay(i: number, day: number, distressed: boolean): void {
    const model = this.model;
    const last = model.actChannels - 1;
    const total = this.actRate[i];
    const citizen = this.population.start + i;
    const rng = this.rng.reset(PURPOSE_ACTS, citizen, day);
    const observation = this.observationRng.reset(PURPOSE_OBSERVATION, citizen, day);
    const events = zeroTruncatedPoisson(rng, total);
    for (let e = 0; e < events; e++) {
      // The channel of this event, with probability λ_c/Λ_i: rates are computed as the scan reaches them (the
      // last channel takes the rounding remainder, of the order of 1e-16·Λ_i).
      let u = rng.nextUnit32() * total;
      let c = 0;
      for (;;) {
        const rate = this.rateOf(i, c);
        if (u < rate || c === last) break;
        u -= rate;
        c++;
      }
      // Thinning: the rates above assume distress; without it, keep the event with probability 1/multiplier.
      const boost = model.channelDistress[c];
      if (boost !== 1 && !distressed && rng.nextUnit32() * boost >= 1) continue;
      this.act(i, model.channelTarget[c], day, e, rng, observation);
    }
    // ⌊E⌋ for E exponential with rate Λ; 1 − U lies in (0, 1].
    this.buckets.push(day + 1 + Math.floor(-Math.log(1 - rng.nextDouble()) / total), i);
  }

  /** The apparatus: citizen i's spurious records and opportunity requests of the day, from their own stream. */
  private apparatusDay(i: number, day: number): void {
    const model = this.model;
    const last = model.channels - 1;
    const total = model.apparatusRate[this.cellOf[i]];
    const rng = this.rng.reset(PURPOSE_APPARATUS_EVENTS, this.population.start + i, day);
    const events = zeroTruncatedPoisson(rng, total);
    for (let e = 0; e < events; e++) {
      let u = rng.nextUnit32() * total;
      let c = model.actChannels;
      for (;;) {
        const rate = model.channelRate[c * model.cells + this.cellOf[i]];
        if (u < rate || c === last) break;
        u -= rate;
        c++;
      }
      const target = model.channelTarget[c];
      if (model.channelKind[c] === ChannelKind.spurious) this.spurious(i, target, day, e, rng);
      else this.opportunity(i, target, day, rng);
    }
    this.apparatusBuckets.push(day + 1 + Math.floor(-Math.log(1 - rng.nextDouble()) / total), i);
  }

  /** An act: `rng` draws the truth's part (gaming), `observation` the apparatus's (detection, victims, delays). */
  private act(
    i: number,
    b: number,
    day: number,
    event: number,
    rng: CounterRng,
    observation: CounterRng,
  ): void {
    const model = this.model;
    const metrics = this.metrics;
    const cell = this.cellOf[i];
    metrics.trueActs[b]++;
    metrics.actsByGroup[b * model.groups + this.population.group[i]]++;
    this.series.act(this.parts[i], b);
    const gamedShare = model.gamedShare[b * model.cells + cell];
    if (gamedShare > 0 && rng.nextUnit32() < gamedShare) metrics.gamedActs[b]++;

    // The truth ledger: the rules applied to what the citizen really did.
    if (model.scoring) {
      this.bringScoresTo(i, day);
      const before = this.trueScore[i];
      const points = model.points[b] * (before < model.initialMean ? model.repairMultiplier[b] : 1);
      this.trueScore[i] = clampScore(before + points, model.scoreMin, model.scoreMax);
      this.series.trueChanged(this.parts[i], this.population.start + i, this.trueScore[i] - before);
    }
    if (model.blacklist) {
      if (this.trulyListedSince[i] === NOT_LISTED) {
        if (
          model.severity[b] >= model.entrySeverity ||
          model.entryBehaviour[b] === 1 ||
          model.courtBehaviour[b] === 1 ||
          this.trueScore[i] < model.entryScoreBelow
        ) {
          this.listTruth(i, day);
        }
      } else if (model.exitCompliance[b] === 1) {
        this.flags[i] |= 2;
      }
    }

    // The apparatus: each source that covers the act may record it; the first to do so carries the points.
    const observers = model.observers[b];
    // Records name citizens by their index in the whole population: a false match may land in another shard.
    const actor = this.population.start + i;
    const traced = this.tracedLocal === i;
    const seenBy: number[] = [];
    let scored = false;
    for (let k = 0; k < observers.length; k++) {
      const s = observers[k];
      if (observation.nextUnit32() >= model.detection[s * model.cells + cell]) continue;
      if (traced) seenBy.push(s);
      let target = actor;
      let kind: number = RecordKind.true;
      if (model.misattributionRate[s] > 0 && observation.nextUnit32() < model.misattributionRate[s]) {
        const victim = this.victims.draw(observation, s, actor, this.population.region[i]);
        if (victim >= 0) {
          target = victim;
          kind = RecordKind.misattributed;
        }
      }
      const flags = kind | (scored ? 0 : SCORED_FLAG);
      scored = true;
      this.queueOf(target).push(
        day + this.delay(s, observation),
        target,
        day,
        actor,
        event * 256 + k,
        b,
        s,
        flags,
      );
    }
    if (traced) this.trace?.add({ day, type: TraceEventType.act, behaviour: b, sources: seenBy });
  }

  private spurious(i: number, s: number, day: number, event: number, rng: CounterRng): void {
    const candidates = this.model.spuriousBehaviours[s];
    const b = candidates[Math.floor(rng.nextUnit32() * candidates.length)];
    const citizen = this.population.start + i;
    const due = day + this.delay(s, rng);
    const sequence = SPURIOUS_SEQUENCE + event * 256;
    this.records.push(due, citizen, day, citizen, sequence, b, s, RecordKind.spurious | SCORED_FLAG);
  }

  private delay(s: number, rng: CounterRng): number {
    const days = this.model.delayDays[s];
    if (days <= 0) return 0;
    // Geometric with mean `days` (the discrete exponential): ⌊E⌋ with E exponential of rate ln(1 + 1/days).
    return this.model.delayExponential[s] === 1
      ? Math.floor(exponential(rng, this.model.delayRate[s]))
      : Math.round(days);
  }

  private opportunity(i: number, o: number, day: number, rng: CounterRng): void {
    const model = this.model;
    const metrics = this.metrics;
    const slot = o * model.groups + this.population.group[i];
    metrics.requests[slot]++;
    const rule = model.deniedTo[o];
    const listed = this.listedSince[i] !== NOT_LISTED;
    const denied = ruleMatches(rule, listed, this.recordedScoreOn(i, day), model.bandMin, model.bandCategory);
    if (denied) {
      metrics.denied[slot]++;
      this.series.denied(this.parts[i]);
      if (this.tracedLocal === i) this.trace?.add({ day, type: TraceEventType.denied, actor: o });
      // Apparatus events come before the day's acts: the truth read here is the truth at the start of the day.
      const trulyListed = this.trulyListedSince[i] !== NOT_LISTED;
      if (!ruleMatches(rule, trulyListed, this.trueScoreOn(i, day), model.bandMin, model.bandCategory)) {
        metrics.deniedWrongfully[slot]++;
      }
      this.distressUntil[i] = day + 1 + model.distressDays;
    } else if (listed && model.ostracism > 0 && rng.nextUnit32() < model.ostracism) {
      metrics.ostracised[slot]++;
      if (this.tracedLocal === i) this.trace?.add({ day, type: TraceEventType.ostracised, actor: o });
      this.distressUntil[i] = day + 1 + model.distressDays;
    }
  }

  // ——— Scores ———

  private bringScoresTo(i: number, day: number): void {
    const model = this.model;
    const from = this.scoreDay[i];
    if (from === day) return;
    if (model.decay) {
      // Both ledgers decay by the same factor 2^(−Δ/h) towards the same baseline.
      const factor = this.decayFactor[day - from];
      const baseline = model.decayTowards;
      this.trueScore[i] = baseline + (this.trueScore[i] - baseline) * factor;
      this.recordedScore[i] = baseline + (this.recordedScore[i] - baseline) * factor;
      // A past change to the score decays with it: its share of today's score is the change × factor.
      this.falsePoints[i] *= factor;
    }
    this.scoreDay[i] = day;
  }

  /** A citizen's group (`citizen`: its index in the whole population). */
  groupOf(citizen: number): number {
    return this.population.group[citizen - this.population.start];
  }

  isListed(i: number): boolean {
    return this.listedSince[i] !== NOT_LISTED;
  }

  isTrulyListed(i: number): boolean {
    return this.trulyListedSince[i] !== NOT_LISTED;
  }

  /** The recorded score on `day`, decayed, without writing it back. */
  recordedScoreOn(i: number, day: number): number {
    const model = this.model;
    if (!model.decay) return this.recordedScore[i];
    return (
      model.decayTowards +
      (this.recordedScore[i] - model.decayTowards) * this.decayFactor[day - this.scoreDay[i]]
    );
  }

  trueScoreOn(i: number, day: number): number {
    const model = this.model;
    if (!model.decay) return this.trueScore[i];
    return (
      model.decayTowards + (this.trueScore[i] - model.decayTowards) * this.decayFactor[day - this.scoreDay[i]]
    );
  }

  // ——— The record: applying the day's records ———

  private applyRecord(t: number, actor: number, b: number, s: number, flags: number, day: number): void {
    const model = this.model;
    const metrics = this.metrics;
    const kind = flags & 0xff;
    metrics.recordsByKind[kind]++;
    if (kind === RecordKind.association) {
      metrics.associationPenalties++;
      this.bringScoresTo(t, day);
      const before = this.recordedScore[t];
      const penalty = model.associationPoints * model.associationEveryDays;
      this.recordedScore[t] = clampScore(before + penalty, model.scoreMin, model.scoreMax);
      this.series.recordedChanged(this.parts[t], this.population.start + t, this.recordedScore[t] - before);
      this.traceRecord(t, day, b, s, kind, actor, this.recordedScore[t] - before);
      this.checkThreshold(t, day, s, b, kind, actor);
      return;
    }
    metrics.recordsByBehaviour[b]++;
    const wrong = kind !== RecordKind.true && this.falseRecords[t] < 0xffff;
    if (wrong) this.falseRecords[t]++;
    if ((flags & SCORED_FLAG) !== 0 && model.scoring) {
      this.bringScoresTo(t, day);
      const before = this.recordedScore[t];
      const points = model.points[b] * (before < model.initialMean ? model.repairMultiplier[b] : 1);
      this.recordedScore[t] = clampScore(before + points, model.scoreMin, model.scoreMax);
      const change = this.recordedScore[t] - before;
      if (wrong) this.falsePoints[t] += change;
      this.series.recordedChanged(this.parts[t], this.population.start + t, change);
      this.traceRecord(t, day, b, s, kind, actor, change);
    } else {
      this.traceRecord(t, day, b, s, kind, actor, 0);
    }
    if (!model.blacklist) return;
    if (this.listedSince[t] !== NOT_LISTED) {
      if (model.exitCompliance[b] === 1) this.flags[t] |= 1;
      return;
    }
    if (model.severity[b] >= model.entrySeverity) this.list(t, day, ListingRule.severity, s, b, kind, actor);
    else if (model.entryBehaviour[b] === 1) this.list(t, day, ListingRule.behaviour, s, b, kind, actor);
    else if (model.courtSource[s] === 1) this.list(t, day, ListingRule.court, s, b, kind, actor);
    else this.checkThreshold(t, day, s, b, kind, actor);
  }

  private traceRecord(
    t: number,
    day: number,
    b: number,
    s: number,
    kind: number,
    actor: number,
    points: number,
  ) {
    if (this.tracedLocal !== t) return;
    this.trace?.add({ day, type: TraceEventType.record, behaviour: b, source: s, kind, actor, points });
  }

  private checkThreshold(t: number, day: number, s: number, b: number, kind: number, actor: number): void {
    if (
      this.model.blacklist &&
      this.listedSince[t] === NOT_LISTED &&
      this.recordedScore[t] < this.model.entryScoreBelow
    ) {
      this.list(t, day, ListingRule.threshold, s, b, kind, actor);
    }
  }

  private list(
    t: number,
    day: number,
    rule: number,
    s: number,
    b: number,
    kind: number,
    actor: number,
  ): void {
    const model = this.model;
    const metrics = this.metrics;
    const group = this.population.group[t];
    // The truth's threshold is a state, not an event: a citizen who starts below it, or drifts below it without
    // acting, is judged by it now, before the record's listing is called wrongful.
    if (this.trulyListedSince[t] === NOT_LISTED && this.trueScoreOn(t, day) < model.entryScoreBelow) {
      this.listTruth(t, day);
    }
    const wrongful = this.trulyListedSince[t] === NOT_LISTED;
    this.listedSince[t] = day;
    this.flags[t] &= ~1;
    this.currentListing[t] = this.listings.add(
      this.population.start + t,
      day,
      rule,
      s,
      b,
      kind,
      actor,
      wrongful,
      this.falseRecords[t],
    );
    this.listed.add(t);
    this.series.listed(this.parts[t], wrongful);
    if (this.tracedLocal === t) {
      this.trace?.add({ day, type: TraceEventType.listed, kind: rule, behaviour: b, source: s, actor });
    }
    metrics.listingsByGroup[group]++;
    metrics.listingsByRule[rule]++;
    metrics.listingsByTriggerKind[kind]++;
    if ((this.flags[t] & 4) === 0) metrics.everListedByGroup[group]++;
    this.flags[t] |= 4;
    if (wrongful) {
      metrics.wrongfulListingsByGroup[group]++;
      if ((this.flags[t] & 8) === 0) metrics.everWrongfullyListedByGroup[group]++;
      this.flags[t] |= 8;
    }
    if (model.appeals) {
      const rng = this.rng.reset(PURPOSE_APPEAL, this.population.start + t, day);
      if (rng.nextDouble() < model.appealProbability[this.population.incomeBand[t]]) {
        metrics.appeals++;
        const wait = model.reviewDays > 0 ? Math.floor(exponential(rng, 1 / model.reviewDays)) : 0;
        this.reviews.push(day + 1 + wait, t);
        if (this.tracedLocal === t) this.trace?.add({ day, type: TraceEventType.appeal });
      }
    }
  }

  /** The truth ledger lists citizen i (its own rules, on what i really did). */
  private listTruth(i: number, day: number): void {
    this.trulyListedSince[i] = day;
    this.flags[i] &= ~2;
    this.trulyListed.add(i);
    this.series.trulyListedChanged(this.parts[i], 1, this.listedSince[i] !== NOT_LISTED);
  }

  private delist(t: number, day: number, reason: number): void {
    this.listings.end(this.currentListing[t], day, reason);
    this.listedSince[t] = NOT_LISTED;
    this.currentListing[t] = -1;
    this.listed.delete(t);
    this.metrics.delistings++;
    this.series.delisted(this.parts[t], this.trulyListedSince[t] !== NOT_LISTED);
    if (this.tracedLocal === t) this.trace?.add({ day, type: TraceEventType.delisted, kind: reason });
  }

  // ——— Due process ———

  /** A review finds each wrong record with probability errorDetection; found ones may be struck off. */
  private reviewAppeals(day: number): void {
    const model = this.model;
    const due = this.reviews.take(day);
    for (let k = 0; k < due.length; k++) {
      const t = due.data[k];
      if (this.listedSince[t] === NOT_LISTED) continue;
      this.metrics.appealsReviewed++;
      const wrong = this.falseRecords[t];
      if (wrong === 0) continue;
      const rng = this.rng.reset(PURPOSE_REVIEW, this.population.start + t, day);
      const found = binomial(rng, wrong, model.errorDetection);
      if (found === 0 || !model.restoreRecord) continue;
      this.bringScoresTo(t, day);
      // The found records' share of what the wrong records changed, at their average.
      const struck = (this.falsePoints[t] / wrong) * found;
      const before = this.recordedScore[t];
      this.recordedScore[t] = clampScore(before - struck, model.scoreMin, model.scoreMax);
      this.series.recordedChanged(this.parts[t], this.population.start + t, this.recordedScore[t] - before);
      this.falsePoints[t] -= struck;
      this.falseRecords[t] = wrong - found;
      this.metrics.recordsRestored += found;
      const listing = this.currentListing[t];
      const triggerWasWrong = this.listings.kind.data[listing] !== RecordKind.true;
      const triggerFound = triggerWasWrong && rng.nextDouble() < found / wrong;
      const nowAbove =
        this.listings.rule.data[listing] === ListingRule.threshold &&
        this.recordedScore[t] >= model.entryScoreBelow;
      if (triggerFound || nowAbove) {
        this.metrics.appealsOverturned++;
        this.delist(t, day, ListingEnd.overturned);
      }
    }
  }

  // ——— End of day: durations, exits, exposure ———

  private endOfDayListings(day: number): void {
    const model = this.model;
    if (!model.blacklist) return;
    const metrics = this.metrics;
    const group = this.population.group;
    const noExitRule =
      !Number.isFinite(model.exitScoreAtLeast) &&
      !model.exitCompliance.includes(1) &&
      !Number.isFinite(model.exitMaximumDays);
    // Walk backwards: delisting swaps the last member into the current slot.
    for (let k = this.listed.size - 1; k >= 0; k--) {
      const t = this.listed.members[k];
      const g = group[t];
      const days = day - this.listedSince[t] + 1;
      metrics.listedPersonDaysByGroup[g]++;
      if (this.trulyListedSince[t] === NOT_LISTED) metrics.wrongfulPersonDaysByGroup[g]++;
      if (days > model.trappedAfterDays && (this.flags[t] & 16) === 0) {
        this.flags[t] |= 16;
        metrics.trappedByGroup[g]++;
      }
      if (days < model.minimumDays) continue;
      if (
        noExitRule ||
        (this.flags[t] & 1) !== 0 ||
        days >= model.exitMaximumDays ||
        this.recordedScoreOn(t, day) >= model.exitScoreAtLeast
      ) {
        this.delist(t, day, ListingEnd.exit);
      }
    }
    for (let k = this.trulyListed.size - 1; k >= 0; k--) {
      const t = this.trulyListed.members[k];
      const days = day - this.trulyListedSince[t] + 1;
      if (days < model.minimumDays) continue;
      if (
        noExitRule ||
        (this.flags[t] & 2) !== 0 ||
        days >= model.exitMaximumDays ||
        this.trueScoreOn(t, day) >= model.exitScoreAtLeast
      ) {
        this.trulyListedSince[t] = NOT_LISTED;
        this.trulyListed.delete(t);
        this.series.trulyListedChanged(this.parts[t], -1, this.listedSince[t] !== NOT_LISTED);
      }
    }
  }

  // ——— Rewards ———

  /**
   * Each eligible citizen counts `period` eligible days, by reward, group and income band; the value is the expected
   * value of those days' uses (computed in the summary).
   */
  private accrueRewards(day: number, period: number): void {
    const model = this.model;
    const metrics = this.metrics;
    const { group, incomeBand, size } = this.population;
    for (let i = 0; i < size; i++) {
      const listed = this.listedSince[i] !== NOT_LISTED;
      const score = this.recordedScoreOn(i, day);
      for (let r = 0; r < model.rewardCount; r++) {
        if (!ruleMatches(model.grantedTo[r], listed, score, model.bandMin, model.bandCategory)) continue;
        metrics.rewardDays[(r * model.groups + group[i]) * model.incomeBands + incomeBand[i]] += period;
      }
    }
  }

  /** Brings every score to the last day, for the final measures. */
  finish(): void {
    const last = this.model.days - 1;
    for (let i = 0; i < this.population.size; i++) this.bringScoresTo(i, last);
  }

  /** This shard's queue of records waiting to be applied (records about its citizens). */
  get queue(): RecordQueue {
    return this.records;
  }

  /** The citizens waiting for a day with events, and for an appeal's review (what a checkpoint saves). */
  get waiting(): {
    readonly scheduled: DayBuckets;
    readonly apparatusScheduled: DayBuckets;
    readonly reviews: DayBuckets;
  } {
    return { scheduled: this.buckets, apparatusScheduled: this.apparatusBuckets, reviews: this.reviews };
  }

  /** Records due after the last day, never applied. */
  get pendingRecords(): number {
    return this.records.pendingAtEnd;
  }
}

/**
 * Bytes of engine state per citizen besides the population: two scores (8 + 8), the day they were updated (4),
 * listing days and index (4 × 3), flags (1), distress (4), wrong records and their effect (2 + 8), the total act
 * rate (8), the cell (2), the series parts (4), the victim index (4), and the scheduling of acts and of the
 * apparatus's events (about 8 each with growth slack) — 81. Records in flight are estimated per scenario
 * (`estimateCost`): china-2020's, 1.1 a citizen at 40 bytes, and its association allowance (20) bring its estimate to
 * about 200 bytes per citizen, against a measured peak RSS growth of 162 to 169 between 10M and 68M citizens with one
 * schedule (bench/RESULTS.md), 56 of them the population's; the second schedule added 8 (160 → 168 bytes per citizen
 * between 1M and 3M citizens over 60 days).
 */
export const ENGINE_BYTES_PER_CITIZEN = 81;
