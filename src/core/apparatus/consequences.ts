import type { Model } from "../model/index.js";
import { groupOf, type Population } from "../population/index.js";
import type { CounterRng } from "../rng/index.js";
import { LAST_HELD_DAY } from "../state/citizens.js";
import type { Counts } from "../state/counts.js";
import type { DailyMeasures } from "../state/measures.js";
import type { CitizenParts } from "../state/parts.js";
import type { ShardContext } from "../state/shard.js";
import type { Standing } from "../state/standing.js";
import { TraceEventType } from "../state/trace.js";
import { ruleMatches } from "./eligibility.js";
import type { Scores } from "./scoring.js";

// Consequences: when a citizen asks for an opportunity (a train ticket, a loan), the sanctions' rule may deny it on
// the record; it is counted wrongful when the same rule on the truth would grant it. A listed citizen who is not
// denied may still be refused informally by people who saw the public list (ostracism). Either distresses.

export class Consequences {
  private model: Model;
  private readonly population: Population;
  // The state columns this system reads and writes.
  private readonly standing: Standing;
  private readonly counts: Counts;
  private readonly measures: DailyMeasures;
  private readonly parts: CitizenParts;
  private readonly context: ShardContext;

  constructor(
    context: ShardContext,
    private readonly scores: Scores,
  ) {
    this.context = context;
    this.model = context.model;
    this.population = context.population;
    this.standing = context.standing;
    this.counts = context.counts;
    this.measures = context.measures;
    this.parts = context.parts;
  }

  /** Reads `model` from now on: a timeline's change (same structure; see `Simulation.changeModel`). */
  useModel(model: Model): void {
    this.model = model;
  }

  /**
   * Citizen i asks for opportunity o on `day`, before the day's acts: denied when the rule matches its record
   * (listed now, or its recorded score); otherwise, if listed, ostracised with probability `ostracism` (a draw from
   * `rng` only then). Either sets distress until day + 1 + `distressDays` (exclusive). Returns whether the request
   * was granted (neither denied nor refused).
   */
  request(i: number, o: number, day: number, rng: CounterRng): boolean {
    const model = this.model;
    const counts = this.counts;
    const group = groupOf(this.population, i);
    const slot = o * model.groups + group;
    counts.requests[slot]++;
    const rule = model.deniedTo[o];
    const listed = this.standing.isListed(i);
    const denied = ruleMatches(
      rule,
      group,
      listed,
      this.scores.recordedOn(i, day),
      model.bandMin,
      model.bandCategory,
    );
    const traced = this.context.traced === i;
    if (denied) {
      counts.denied[slot]++;
      this.measures.denied(this.parts.of(i));
      if (traced) this.context.trace?.add({ day, type: TraceEventType.denied, actor: o });
      // Apparatus events come before the day's acts: the truth read here is the truth at the start of the day.
      const trulyListed = this.standing.isTrulyListed(i);
      if (
        !ruleMatches(rule, group, trulyListed, this.scores.trueOn(i, day), model.bandMin, model.bandCategory)
      ) {
        counts.deniedWrongfully[slot]++;
      }
      this.standing.setDistressUntil(i, Math.min(day + 1 + model.distressDays, LAST_HELD_DAY));
      return false;
    }
    if (listed && model.ostracism > 0 && rng.nextUnit32() < model.ostracism) {
      counts.ostracised[slot]++;
      if (traced) this.context.trace?.add({ day, type: TraceEventType.ostracised, actor: o });
      this.standing.setDistressUntil(i, Math.min(day + 1 + model.distressDays, LAST_HELD_DAY));
      return false;
    }
    return true;
  }
}
