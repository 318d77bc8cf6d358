import { type Model, OutcomeChoice, OutcomeLedger } from "../model/index.js";
import type { CellColumn } from "../population/index.js";
import { groupOf, type Population } from "../population/index.js";
import { CounterRng, exponential, purposeId } from "../rng/index.js";
import { OUTCOME_SEQUENCE } from "../state/buffers.js";
import type { Counts } from "../state/counts.js";
import type { DailyMeasures } from "../state/measures.js";
import { ObligationQueue } from "../state/obligations.js";
import type { CitizenParts } from "../state/parts.js";
import type { ShardContext } from "../state/shard.js";
import type { Scores } from "./scoring.js";

// Outcomes of opportunities: a request (granted, or not) of an opportunity with an outcome opens an obligation that
// ends, after a delay, in one act among the outcome's behaviours (a loan: repayment or default) — an act like any
// other on the truth ledger, which the sources may observe. Every draw comes from streams of its own, so a scenario
// without outcomes draws exactly what it drew before.

const PURPOSE_OUTCOME_DELAY = purposeId("world.outcome-delay");
const PURPOSE_OUTCOMES = purposeId("world.outcomes");
const PURPOSE_OUTCOME_OBSERVATION = purposeId("apparatus.outcome-observation");

/**
 * The event number of a citizen's first outcome act of a day: its records' sequence (event × 256 + source),
 * `OUTCOME_SEQUENCE` and up, comes after those of the citizen's acts of the day (events from 0) and before its
 * spurious records (`SPURIOUS_SEQUENCE` and up).
 */
export const OUTCOME_EVENT = OUTCOME_SEQUENCE / 256;

/** What an outcome act goes through once drawn: the truth ledger's rules and the sources (`Apparatus.outcomeAct`). */
export type OutcomeActSink = (i: number, b: number, day: number, event: number, rng: CounterRng) => void;

export class Outcomes {
  /** Obligations by due day. */
  readonly obligations: ObligationQueue;

  private model: Model;
  private readonly population: Population;
  private readonly cellOf: CellColumn;
  private readonly counts: Counts;
  private readonly measures: DailyMeasures;
  private readonly parts: CitizenParts;
  private readonly delayRng: CounterRng;
  private readonly choiceRng: CounterRng;
  private readonly observationRng: CounterRng;
  /** The (citizen, day) the delay stream was last reset for: a citizen's requests of a day share one stream. */
  private delayCitizen = -1;
  private delayDay = -1;

  constructor(
    context: ShardContext,
    private readonly scores: Scores,
    private readonly sink: OutcomeActSink,
  ) {
    this.model = context.model;
    this.population = context.population;
    this.cellOf = context.cellOf;
    this.counts = context.counts;
    this.measures = context.measures;
    this.parts = context.parts;
    this.delayRng = new CounterRng(context.key);
    this.choiceRng = new CounterRng(context.key);
    this.observationRng = new CounterRng(context.key);
    this.obligations = new ObligationQueue(context.model.days);
  }
  /** Reads `model` from now on (a timeline's change: the same branches, other delays and probabilities). */
  useModel(model: Model): void {
    this.model = model;
  }

  /**
   * Citizen i's request of opportunity o on `day` was granted (or not): if that has an outcome, an obligation is
   * opened, due after the outcome's delay — none for afterDays ≤ 0; fixed, afterDays rounded; exponential, ⌊E⌋ for E
   * exponential of rate ln(1 + 1/afterDays), from the (`world.outcome-delay`, citizen, day) stream, whose draws the
   * citizen's requests of the day take in turn. One due after the run's last day is counted, never applied.
   */
  open(i: number, o: number, granted: boolean, day: number): void {
    const model = this.model;
    const k = model.outcomeBranchOf[o * 2 + (granted ? 0 : 1)];
    if (k < 0) return;
    const slot = k * model.groups + groupOf(this.population, i);
    this.counts.obligations[slot]++;
    const days = model.outcomeDelayDays[k];
    let delay = 0;
    if (days > 0 && model.outcomeDelayExponential[k] === 1) {
      if (this.delayCitizen !== i || this.delayDay !== day) {
        this.delayRng.reset(PURPOSE_OUTCOME_DELAY, this.population.start + i, day);
        this.delayCitizen = i;
        this.delayDay = day;
      }
      delay = Math.floor(exponential(this.delayRng, model.outcomeDelayRate[k]));
    } else if (days > 0) {
      delay = Math.round(days);
    }
    const due = day + delay;
    if (due >= model.days) this.counts.obligationsPending[slot]++;
    else this.obligations.push(due, i, k);
  }

  /**
   * The obligations due on `day` end, citizen by citizen (in index order; a citizen's in the order they were
   * opened): each draws its behaviour from the (`world.outcomes`, citizen, day) stream, and is an act of it whose
   * observation draws from (`apparatus.outcome-observation`, citizen, day).
   */
  day(day: number): void {
    const due = this.obligations.take(day);
    const count = due.length / 2;
    if (count === 0) return;
    const data = due.data;
    // By citizen, then by the order opened (a stable order whatever the shards).
    const order = Array.from({ length: count }, (_, m) => m).sort(
      (a, b) => data[2 * a] - data[2 * b] || a - b,
    );
    const model = this.model;
    const { cell, cells } = this.population;
    let citizen = -1;
    let event = 0;
    for (const m of order) {
      const i = data[2 * m];
      const k = data[2 * m + 1];
      if (i !== citizen) {
        citizen = i;
        event = OUTCOME_EVENT;
        this.choiceRng.reset(PURPOSE_OUTCOMES, this.population.start + i, day);
        this.observationRng.reset(PURPOSE_OUTCOME_OBSERVATION, this.population.start + i, day);
      }
      const j = this.choose(i, k, day);
      const b = model.outcomeBehaviours[k][j];
      const g = cells.group[cell[i]];
      this.counts.outcomes[(model.outcomeActStart[k] + j) * model.groups + g]++;
      this.counts.trueActs[b]++;
      this.counts.actsByGroup[b * model.groups + g]++;
      this.measures.act(this.parts.of(i), b);
      this.sink(i, b, day, event++, this.observationRng);
    }
  }

  /**
   * Which of branch k's behaviours citizen i performs: with a probability p of the first (a table's value in the
   * citizen's cell, or the logistic 1/(1 + e^−(a + b·(score − c))) of its score on the chosen ledger), the first when
   * a draw U < p, else the second; without one, ⌊U·n⌋ among n (no draw for one).
   */
  private choose(i: number, k: number, day: number): number {
    const model = this.model;
    const choice = model.outcomeChoice[k];
    if (choice === OutcomeChoice.uniform) {
      const n = model.outcomeBehaviours[k].length;
      return n === 1 ? 0 : Math.floor(this.choiceRng.nextUnit32() * n);
    }
    let p: number;
    if (choice === OutcomeChoice.table) {
      p = model.outcomeProbability[k * model.cells + this.cellOf[i]];
    } else {
      const centre = model.outcomeCentre[k];
      // Without scoring there is no score: the logistic is read at its centre.
      const score = !model.scoring
        ? centre
        : model.outcomeLedger[k] === OutcomeLedger.truth
          ? this.scores.trueOn(i, day)
          : this.scores.recordedOn(i, day);
      p = 1 / (1 + Math.exp(-(model.outcomeIntercept[k] + model.outcomeSlope[k] * (score - centre))));
    }
    return this.choiceRng.nextUnit32() < p ? 0 : 1;
  }
}
