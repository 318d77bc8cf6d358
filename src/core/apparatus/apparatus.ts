import { ChannelKind, type Model } from "../model/index.js";
import type { CellColumn, Population } from "../population/index.js";
import { CounterRng, exponential, purposeId, zeroTruncatedPoisson } from "../rng/index.js";
import { NextDays, type RecordQueue, type RecordSink } from "../state/buffers.js";
import { ListingEnd } from "../state/listings.js";
import type { DailyMeasures } from "../state/measures.js";
import type { CitizenParts } from "../state/parts.js";
import type { ActObserver, ShardContext } from "../state/shard.js";
import { TraceEventType } from "../state/trace.js";
import { Blacklist } from "./blacklist.js";
import { Consequences } from "./consequences.js";
import { DueProcess } from "./dueProcess.js";
import { Observation } from "./observation.js";
import { Outcomes } from "./outcomes.js";
import { Records } from "./records.js";
import { Rewards } from "./rewards.js";
import { Scores, scored } from "./scoring.js";
import type { VictimSampler } from "./victims.js";

// The apparatus of one shard, its parts wired together: scoring (both ledgers), observation, the record, the
// blacklist, consequences, due process and rewards. It hears of every act (the truth ledger's rules, then the
// sources), and has events of its own — spurious records and opportunity requests — on its own schedule and streams.

const PURPOSE_APPARATUS_SCHEDULE = purposeId("apparatus.schedule");
const PURPOSE_APPARATUS_EVENTS = purposeId("apparatus.events");
const PURPOSE_OBSERVATION = purposeId("apparatus.observation");
const PURPOSE_APPARATUS_RESCHEDULE = purposeId("apparatus.reschedule");

export class Apparatus implements ActObserver {
  readonly scores: Scores;
  readonly dueProcess: DueProcess;
  readonly blacklist: Blacklist;
  readonly observation: Observation;
  readonly records: Records;
  readonly consequences: Consequences;
  readonly rewards: Rewards;
  readonly outcomes: Outcomes;
  /** Citizens by the next day they have apparatus events. */
  readonly schedule: NextDays;

  private model: Model;
  private readonly population: Population;
  private readonly cellOf: CellColumn;
  private readonly context: ShardContext;
  // Held directly for the act path, the engine's hottest after the world's.
  private readonly trueScore: Float32Array;
  private readonly measures: DailyMeasures;
  private readonly parts: CitizenParts;
  private readonly traced: number;
  private readonly rng: CounterRng;
  /** The day's stream of what the sources observe of the acting citizen's acts. */
  private readonly observationRng: CounterRng;

  constructor(
    context: ShardContext,
    victims: VictimSampler,
    queue: RecordQueue,
    queueOf: (citizen: number) => RecordSink,
  ) {
    this.context = context;
    this.model = context.model;
    this.population = context.population;
    this.cellOf = context.cellOf;
    this.trueScore = context.state.trueScore;
    this.measures = context.measures;
    this.parts = context.parts;
    this.traced = context.traced;
    this.rng = new CounterRng(context.key);
    this.observationRng = new CounterRng(context.key);
    this.schedule = new NextDays(
      context.model.days,
      context.population.size,
      context.wideSchedules.apparatus,
    );
    this.scores = new Scores(context);
    this.dueProcess = new DueProcess(context, this.scores);
    this.blacklist = new Blacklist(context, this.scores, this.dueProcess);
    this.observation = new Observation(context, victims, queueOf, queue);
    this.records = new Records(context, this.scores, this.blacklist, queue);
    this.consequences = new Consequences(context, this.scores);
    this.rewards = new Rewards(context, this.scores);
    this.outcomes = new Outcomes(context, this.scores, (i, b, day, event, rng) =>
      this.actWith(i, b, day, event, rng),
    );
  }

  /**
   * Schedules citizen i's first day with apparatus events, at rate Λ = its cell's total apparatus rate (stream
   * `apparatus.schedule`, citizen, 0), as acts are scheduled.
   */
  scheduleFirst(i: number): void {
    const rate = this.model.apparatusRate[this.cellOf[i]];
    if (rate <= 0) return;
    const rng = this.rng.reset(PURPOSE_APPARATUS_SCHEDULE, this.population.start + i, 0);
    this.schedule.push(Math.floor(exponential(rng, rate)), i);
  }

  /** Reads `model` from now on, in every part (a timeline's change; the schedule is left as it is). */
  useModel(model: Model): void {
    this.model = model;
    this.scores.useModel(model);
    this.dueProcess.useModel(model);
    this.blacklist.useModel(model);
    this.observation.useModel(model);
    this.records.useModel(model);
    this.consequences.useModel(model);
    this.rewards.useModel(model);
    this.outcomes.useModel(model);
  }

  /**
   * Draws every citizen's next day with apparatus events again from the start of `day`, at the rates now in force,
   * as the acts are (`Acts.reschedule`; stream `apparatus.reschedule`, citizen, `day`).
   */
  reschedule(day: number): void {
    this.schedule.clear();
    const start = this.population.start;
    const rates = this.model.apparatusRate;
    for (let i = 0; i < this.population.size; i++) {
      const rate = rates[this.cellOf[i]];
      if (rate <= 0) continue;
      const rng = this.rng.reset(PURPOSE_APPARATUS_RESCHEDULE, start + i, day);
      this.schedule.push(day + Math.floor(exponential(rng, rate)), i);
    }
  }

  /**
   * Citizen i's apparatus events of `day`, from the (`apparatus.events`, citizen, day) stream: their number
   * (zero-truncated Poisson), each one's channel, then a spurious record or an opportunity request; then the next
   * day with apparatus events.
   */
  day(i: number, day: number): void {
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
      if (model.channelKind[c] === ChannelKind.spurious) this.observation.spurious(i, target, day, e, rng);
      else {
        const granted = this.consequences.request(i, target, day, rng);
        if (model.outcomeBranches > 0) this.outcomes.open(i, target, granted, day);
      }
    }
    this.schedule.push(day + 1 + Math.floor(-Math.log(1 - rng.nextDouble()) / total), i);
  }

  beginActs(i: number, day: number): void {
    this.observationRng.reset(PURPOSE_OBSERVATION, this.population.start + i, day);
  }

  /** An act: the truth ledger's rules on it (score, then list), then the sources' observation of it. */
  act(i: number, b: number, day: number, event: number): void {
    this.actWith(i, b, day, event, this.observationRng);
  }

  /** An act whose observation draws from `rng` (the day's stream of the actor's acts, or of its outcome acts). */
  private actWith(i: number, b: number, day: number, event: number, rng: CounterRng): void {
    const model = this.model;
    if (model.scoring) {
      this.scores.bringTo(i, day);
      const trueScore = this.trueScore;
      const before = trueScore[i];
      trueScore[i] = scored(model, b, before);
      this.measures.trueChanged(this.parts.of(i), this.population.start + i, trueScore[i] - before);
    }
    if (model.blacklist) this.blacklist.truthAct(i, b, day);
    const traced = this.traced === i;
    this.observation.observe(i, b, day, event, rng, traced);
    if (traced) {
      const sources = [...this.observation.seenBy];
      this.context.trace?.add({ day, type: TraceEventType.act, behaviour: b, sources });
    }
  }

  /** The day's appeals reviewed; an overturned listing ends at once. */
  reviewAppeals(day: number): void {
    this.dueProcess.review(day, (t) => this.blacklist.delist(t, day, ListingEnd.overturned));
  }

  /** The day's end: listing durations and exits, then rewards at the end of a review period. */
  endOfDay(day: number): void {
    this.blacklist.endOfDay(day);
    this.rewards.endOfDay(day);
  }
}
