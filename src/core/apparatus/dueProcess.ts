import { ListingRule, type Model, RecordKind } from "../model/index.js";
import { incomeBandOf, type Population } from "../population/index.js";
import { binomial, CounterRng, exponential, purposeId } from "../rng/index.js";
import { DayBuckets } from "../state/buffers.js";
import type { Counts } from "../state/counts.js";
import type { ListingLog } from "../state/listings.js";
import type { DailyMeasures } from "../state/measures.js";
import type { ShardContext } from "../state/shard.js";
import type { Standing } from "../state/standing.js";
import { TraceEventType } from "../state/trace.js";
import type { WrongRecords } from "../state/wrongRecords.js";
import { clampScore, type Scores } from "./scoring.js";

// Due process: a listed citizen may appeal; a review, some days later, finds each wrong record on its record with
// probability `errorDetection`, may strike the found ones off, and overturns the listing when its trigger was found
// wrong or the score no longer meets the score rule that listed it.

const PURPOSE_APPEAL = purposeId("engine.appeal");
const PURPOSE_REVIEW = purposeId("engine.review");

export class DueProcess {
  private model: Model;
  private readonly population: Population;
  // The state columns this system reads and writes.
  private readonly recordedScore: Float32Array;
  private readonly standing: Standing;
  private readonly wrongRecords: WrongRecords;
  private readonly falsePoints: Float32Array;
  private readonly counts: Counts;
  private readonly measures: DailyMeasures;
  private readonly listings: ListingLog;
  private readonly context: ShardContext;
  private readonly rng: CounterRng;
  /** Citizens by the day their appeal is reviewed. */
  readonly reviews: DayBuckets;

  constructor(
    context: ShardContext,
    private readonly scores: Scores,
  ) {
    this.context = context;
    this.model = context.model;
    this.population = context.population;
    this.recordedScore = context.state.recordedScore;
    this.standing = context.standing;
    this.wrongRecords = context.wrongRecords;
    this.falsePoints = context.state.falsePoints;
    this.counts = context.counts;
    this.measures = context.measures;
    this.listings = context.listings;
    this.rng = new CounterRng(context.key);
    this.reviews = new DayBuckets(context.model.days);
  }

  /** Reads `model` from now on: a timeline's change (same structure; see `Simulation.changeModel`). */
  useModel(model: Model): void {
    this.model = model;
  }

  /**
   * Citizen t, just listed on `day`, appeals with its income band's probability (stream `engine.appeal`, t, day);
   * the review comes 1 + ⌊E⌋ days later, E exponential with mean `reviewDays` (none: the next day).
   */
  file(t: number, day: number): void {
    const model = this.model;
    if (!model.appeals) return;
    const rng = this.rng.reset(PURPOSE_APPEAL, this.population.start + t, day);
    if (rng.nextDouble() < model.appealProbability[incomeBandOf(this.population, t)]) {
      this.counts.appeals++;
      const wait = model.reviewDays > 0 ? Math.floor(exponential(rng, 1 / model.reviewDays)) : 0;
      this.reviews.push(day + 1 + wait, t);
      if (this.context.traced === t) this.context.trace?.add({ day, type: TraceEventType.appeal });
    }
  }

  /**
   * Reviews the appeals due on `day` (of citizens still listed): found wrong records (binomial, stream
   * `engine.review`) are struck off at their average effect when `restoreRecord`; `overturn` is called for a listing
   * whose trigger was found wrong, or that was listed on a score rule the restored score no longer meets: at or above
   * `entry.scoreBelow` (rule *threshold*), below `entry.scoreAtLeast` (rule *atLeast*).
   */
  review(day: number, overturn: (t: number) => void): void {
    const model = this.model;
    const counts = this.counts;
    const due = this.reviews.take(day);
    for (let k = 0; k < due.length; k++) {
      const t = due.data[k];
      if (!this.standing.isListed(t)) continue;
      counts.appealsReviewed++;
      const wrong = this.wrongRecords.get(t);
      if (wrong === 0) continue;
      const rng = this.rng.reset(PURPOSE_REVIEW, this.population.start + t, day);
      const found = binomial(rng, wrong, model.errorDetection);
      if (found === 0 || !model.restoreRecord) continue;
      this.scores.bringTo(t, day);
      // The found records' share of what the wrong records changed, at their average.
      const struck = (this.falsePoints[t] / wrong) * found;
      const before = this.recordedScore[t];
      this.recordedScore[t] = clampScore(before - struck, model.scoreMin, model.scoreMax);
      this.measures.recordedChanged(
        this.context.parts.of(t),
        this.population.start + t,
        this.recordedScore[t] - before,
      );
      this.falsePoints[t] -= struck;
      this.wrongRecords.set(t, wrong - found);
      counts.recordsRestored += found;
      const listing = this.listings.ongoingOf(this.population.start + t);
      const triggerWasWrong = this.listings.kind.data[listing] !== RecordKind.true;
      const triggerFound = triggerWasWrong && rng.nextDouble() < found / wrong;
      const rule = this.listings.rule.data[listing];
      const ruleNoLongerMet =
        (rule === ListingRule.threshold && this.recordedScore[t] >= model.entryScoreBelow) ||
        (rule === ListingRule.atLeast && this.recordedScore[t] < model.entryScoreAtLeast);
      if (triggerFound || ruleNoLongerMet) {
        counts.appealsOverturned++;
        overturn(t);
      }
    }
  }
}
