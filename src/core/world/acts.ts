import type { Model } from "../model/index.js";
import type { CellColumn, Population } from "../population/index.js";
import { CounterRng, exponential, PROPENSITY_LEVELS, purposeId, zeroTruncatedPoisson } from "../rng/index.js";
import { NextDays } from "../state/buffers.js";
import type { DailyMeasures } from "../state/measures.js";
import type { CitizenParts } from "../state/parts.js";
import type { ActObserver, ShardContext } from "../state/shard.js";
import type { Standing } from "../state/standing.js";
import { isGamed, keepsEvent, stateOf } from "./responses.js";

// The truth: what citizens do. Each citizen's acts arrive on the act channels (one per behaviour) at rates set by
// its cell and its propensities; days with acts are scheduled ahead, so the cost follows the number of acts. The
// truth's streams (`world.schedule`, `world.acts`) are its own: without responses, what citizens do is the same
// whatever the apparatus.

const PURPOSE_ACT_SCHEDULE = purposeId("world.schedule");
const PURPOSE_ACTS = purposeId("world.acts");
const PURPOSE_ACT_RESCHEDULE = purposeId("world.reschedule");

export class Acts {
  private model: Model;
  private readonly population: Population;
  private readonly standing: Standing;
  private readonly measures: DailyMeasures;
  // The counts this system adds to, held directly: the act loop is the engine's hottest.
  private readonly trueActs: Float64Array;
  private readonly gamedActs: Float64Array;
  private readonly actsByGroup: Float64Array;
  /** Per cell, its group (`CellAttributes`). */
  private readonly groupOfCell: Uint8Array;
  private readonly parts: CitizenParts;
  private readonly cellOf: CellColumn;
  private readonly rng: CounterRng;
  /** Per channel: the bound M of its state multipliers; per channel and state, the multiplier m (`Model`). */
  private channelBound: Float64Array;
  private stateMultiplier: Float64Array;
  private states: number;
  /**
   * Per cell and act channel (a cell's channels side by side), the channel's highest rate (× its bound M), before the
   * propensity.
   */
  private readonly channelMax: Float64Array;
  /**
   * Citizen i's rate on each act channel in the day being drawn, and their sum Λ_i (`rates`): computed per citizen-day
   * rather than held per citizen (8 bytes a citizen).
   */
  private readonly channelRates: Float64Array;
  /** Citizens by the next day they act. */
  readonly schedule: NextDays;
  /**
   * Every citizen's propensity classes, side by side (`Population.propensities`), how many each has, and each
   * behaviour's multiplier by class (`Population.propensityLevels`).
   */
  private readonly propensities: Uint8Array;
  private readonly behaviours: number;
  private readonly propensityLevels: Float64Array;

  /**
   * `recordedOn`: citizen i's recorded score decayed to a day, read for the state rules on bands and categories
   * (the apparatus keeps the score).
   */
  constructor(
    context: ShardContext,
    private readonly observer: ActObserver,
    private readonly recordedOn: (i: number, day: number) => number,
  ) {
    const model = context.model;
    this.model = model;
    this.population = context.population;
    this.standing = context.standing;
    this.measures = context.measures;
    this.trueActs = context.counts.trueActs;
    this.gamedActs = context.counts.gamedActs;
    this.actsByGroup = context.counts.actsByGroup;
    this.groupOfCell = context.population.cells.group;
    this.parts = context.parts;
    this.cellOf = context.cellOf;
    this.rng = new CounterRng(context.key);
    this.schedule = new NextDays(model.days, context.population.size, context.wideSchedules.acts);
    this.channelBound = model.channelBound;
    this.stateMultiplier = model.stateMultiplier;
    this.states = model.states;
    this.channelMax = new Float64Array(model.actChannels * model.cells);
    this.channelRates = new Float64Array(model.actChannels);
    this.propensities = context.population.propensities;
    this.behaviours = context.population.behaviours;
    this.propensityLevels = context.population.propensityLevels;
    this.useModel(model);
  }

  /**
   * Reads `model` from now on (at a timeline's change: the same channels, other rates): the channels' highest rates
   * are computed again. The schedule is left as it is (`reschedule`).
   */
  useModel(model: Model): void {
    this.model = model;
    this.channelBound = model.channelBound;
    this.stateMultiplier = model.stateMultiplier;
    this.states = model.states;
    for (let c = 0; c < model.actChannels; c++) {
      for (let cell = 0; cell < model.cells; cell++) {
        this.channelMax[cell * model.actChannels + c] =
          model.channelRate[c * model.cells + cell] * model.channelBound[c];
      }
    }
  }

  /**
   * Citizen i's events per day on each act channel, at the highest rate its state can reach (into `channelRates`),
   * and their sum Λ_i, added in channel order from 0.
   */
  private rates(i: number): number {
    const { channelMax, propensityLevels, propensities, channelRates } = this;
    const { actChannels, channelUsesPropensity, channelTarget } = this.model;
    const from = this.cellOf[i] * actChannels;
    const row = i * this.behaviours;
    let total = 0;
    for (let c = 0; c < actChannels; c++) {
      let rate = channelMax[from + c];
      if (channelUsesPropensity[c] === 1) {
        const b = channelTarget[c];
        rate *= propensityLevels[b * PROPENSITY_LEVELS + propensities[row + b]];
      }
      channelRates[c] = rate;
      total += rate;
    }
    return total;
  }

  /**
   * Schedules citizen i's first day with acts. Days with events form a Bernoulli process: with Λ events per day, a
   * day is empty with probability e^(−Λ), so the gap to the next day with events is ⌊E⌋ for E exponential with
   * rate Λ (stream `world.schedule`, citizen, 0).
   */
  scheduleFirst(i: number): void {
    const acts = this.rates(i);
    if (acts <= 0) return;
    const rng = this.rng.reset(PURPOSE_ACT_SCHEDULE, this.population.start + i, 0);
    this.schedule.push(Math.floor(exponential(rng, acts)), i);
  }

  /**
   * Draws every citizen's next day with acts again from the start of `day`, at the rates now in force (a timeline's
   * change): the days drawn at the old rates are dropped and, the process being memoryless, the next is `day` + ⌊E⌋
   * for E exponential with the new rate Λ (stream `world.reschedule`, citizen, `day`).
   */
  reschedule(day: number): void {
    this.schedule.clear();
    const start = this.population.start;
    for (let i = 0; i < this.population.size; i++) {
      const acts = this.rates(i);
      if (acts <= 0) continue;
      const rng = this.rng.reset(PURPOSE_ACT_RESCHEDULE, start + i, day);
      this.schedule.push(day + Math.floor(exponential(rng, acts)), i);
    }
  }

  /**
   * Citizen i's acts of `day`, from the (`world.acts`, citizen, day) stream alone: their number, zero-truncated
   * Poisson with mean Λ_i; each one's channel (with probability λ_c/Λ_i), thinned to the multiplier of the citizen's
   * `state` (`stateOf`, as at the start of the day) and possibly gamed; then the next day with acts.
   */
  day(i: number, day: number, state: number): void {
    const model = this.model;
    const states = this.states;
    const last = model.actChannels - 1;
    const total = this.rates(i);
    const rates = this.channelRates;
    const rng = this.rng.reset(PURPOSE_ACTS, this.population.start + i, day);
    this.observer.beginActs(i, day);
    const events = zeroTruncatedPoisson(rng, total);
    for (let e = 0; e < events; e++) {
      // The channel of this event (the last channel takes the rounding remainder, of the order of 1e-16·Λ_i).
      let u = rng.nextUnit32() * total;
      let c = 0;
      while (u >= rates[c] && c < last) {
        u -= rates[c];
        c++;
      }
      if (!keepsEvent(this.channelBound[c], this.stateMultiplier[c * states + state], rng)) continue;
      const b = model.channelTarget[c];
      this.trueActs[b]++;
      this.actsByGroup[b * model.groups + this.groupOfCell[this.cellOf[i]]]++;
      this.measures.act(this.parts.of(i), b);
      if (isGamed(model, b, this.cellOf[i], rng)) this.gamedActs[b]++;
      this.observer.act(i, b, day, e);
    }
    // ⌊E⌋ for E exponential with rate Λ; 1 − U lies in (0, 1].
    this.schedule.push(day + 1 + Math.floor(-Math.log(1 - rng.nextDouble()) / total), i);
  }

  /** Citizen i's state at the start of `day` (`stateOf`). */
  stateOf(i: number, day: number): number {
    return stateOf(this.model, this.standing, this.recordedOn, i, day);
  }
}
