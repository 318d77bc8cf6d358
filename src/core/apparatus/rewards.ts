import type { Model } from "../model/index.js";
import type { Population } from "../population/index.js";
import type { Counts } from "../state/counts.js";
import type { ShardContext } from "../state/shard.js";
import type { Standing } from "../state/standing.js";
import { ruleMatches } from "./eligibility.js";
import type { Scores } from "./scoring.js";

// Rewards: at the end of each review period, every citizen the reward's rule grants it to, on the record as it
// stands that day, counts the period's days as eligible days; their value is computed in the summary.

export class Rewards {
  private model: Model;
  private readonly population: Population;
  // The state columns this system reads and writes.
  private readonly standing: Standing;
  private readonly counts: Counts;

  constructor(
    context: ShardContext,
    private readonly scores: Scores,
  ) {
    this.model = context.model;
    this.population = context.population;
    this.standing = context.standing;
    this.counts = context.counts;
  }

  /** Reads `model` from now on: a timeline's change (same structure; see `Simulation.changeModel`). */
  useModel(model: Model): void {
    this.model = model;
  }

  /**
   * At the end of `day`, when it ends a review period counted from the end of the warm-up ((measured + 1) divisible
   * by `reviewDays`) or is the run's last: each eligible citizen adds the period's days so far to its reward, group
   * and income band. Nothing accrues during the warm-up.
   */
  endOfDay(day: number): void {
    const model = this.model;
    const measured = day - model.warmupDays;
    if (
      model.rewardCount > 0 &&
      measured >= 0 &&
      ((measured + 1) % model.rewardReviewDays === 0 || day === model.days - 1)
    ) {
      this.accrue(day, (measured % model.rewardReviewDays) + 1);
    }
  }

  private accrue(day: number, period: number): void {
    const model = this.model;
    const rewardDays = this.counts.rewardDays;
    const standing = this.standing;
    const { cell, cells, size } = this.population;
    for (let i = 0; i < size; i++) {
      const group = cells.group[cell[i]];
      const listed = standing.isListed(i);
      const score = this.scores.recordedOn(i, day);
      for (let r = 0; r < model.rewardCount; r++) {
        if (!ruleMatches(model.grantedTo[r], group, listed, score, model.bandMin, model.bandCategory))
          continue;
        rewardDays[(r * model.groups + group) * model.incomeBands + cells.incomeBand[cell[i]]] += period;
      }
    }
  }
}
