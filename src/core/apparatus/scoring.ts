import type { Model } from "../model/index.js";
import type { Population } from "../population/index.js";
import { CounterRng, normal, purposeId } from "../rng/index.js";
import type { ShardContext } from "../state/shard.js";

// Scoring: the same rules on both ledgers — the truth (what citizens did) and the record (what the apparatus
// observed). Initial scores, points with the repair multiplier, clamping, and lazy decay: a score is brought up to
// date only when it is read or changed, with the closed form below.

const PURPOSE_INITIAL_SCORE = purposeId("engine.initial-score");

/**
 * The factor by which a score's distance to its baseline shrinks over `gap` days: 2^(−gap / halfLife), so that
 * lazily decayed scores are s(t) = b + (s(t₀) − b) · factor(t − t₀). An infinite half-life gives 1.
 */
export function decayFactor(gap: number, halfLifeDays: number): number {
  if (gap <= 0 || halfLifeDays === Number.POSITIVE_INFINITY) return 1;
  return 2 ** (-gap / halfLifeDays);
}

/** A score decayed by `factor` towards `baseline`: b + (s − b) · factor. */
export function decayed(score: number, baseline: number, factor: number): number {
  return baseline + (score - baseline) * factor;
}

/** Clamps a score to [min, max]. */
export function clampScore(score: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, score));
}

/** The category of a score: that of the last band whose minimum it reaches (bands sorted by minimum). */
export function categoryOf(score: number, bandMin: Float64Array, bandCategory: Uint8Array): number {
  let category = bandCategory.length > 0 ? bandCategory[0] : 0;
  for (let band = 0; band < bandMin.length; band++) {
    if (score >= bandMin[band]) category = bandCategory[band];
    else break;
  }
  return category;
}

/**
 * The points rule: behaviour b's points, times its repair multiplier when the score stands below the initial mean
 * (strictly), added to `score` and clamped to the range.
 */
export function scored(model: Model, b: number, score: number): number {
  const points = model.points[b] * (score < model.initialMean ? model.repairMultiplier[b] : 1);
  return clampScore(score + points, model.scoreMin, model.scoreMax);
}

/** Both ledgers' scores of a shard's citizens, kept lazily decayed. */
export class Scores {
  private model: Model;
  /** The model of the first day, whose initial scores and categories `initialCategory` draws again. */
  private readonly firstModel: Model;
  private readonly population: Population;
  private readonly rng: CounterRng;
  private readonly trueScore: Float32Array;
  private readonly recordedScore: Float32Array;
  private readonly scoreDay: Uint16Array;
  private readonly falsePoints: Float32Array;
  /** 2^(−Δ/halfLife) for every gap Δ of whole days a run can have (decay without a power per update). */
  readonly decayFactor: Float64Array;

  constructor(context: ShardContext) {
    const { model, state } = context;
    this.model = model;
    this.firstModel = model;
    this.population = context.population;
    this.rng = new CounterRng(context.key);
    this.trueScore = state.trueScore;
    this.recordedScore = state.recordedScore;
    this.scoreDay = state.scoreDay;
    this.falsePoints = state.falsePoints;
    this.decayFactor = Float64Array.from({ length: model.days + 1 }, (_, gap) =>
      decayFactor(gap, model.decayHalfLifeDays),
    );
  }

  /** Reads `model` from now on: a timeline's change (same structure; see `Simulation.changeModel`). */
  useModel(model: Model): void {
    this.model = model;
  }

  /** Draws every citizen's initial score (`initialScore`), the same on both ledgers. */
  initialise(): void {
    if (!this.firstModel.scoring) return;
    for (let i = 0; i < this.population.size; i++) {
      const score = this.initialScore(i);
      this.trueScore[i] = score;
      this.recordedScore[i] = score;
    }
  }

  /**
   * Citizen i's initial score: N(mean, sd) clamped (stream `engine.initial-score`, citizen, 0) — the first day's
   * mean and sd, or those of the citizen's group and income band.
   */
  private initialScore(i: number): number {
    const model = this.firstModel;
    const { start, cell: cellOf, cells } = this.population;
    const byCell = model.initialByCell;
    const cell = byCell ? cells.group[cellOf[i]] * model.incomeBands + cells.incomeBand[cellOf[i]] : 0;
    const mean = byCell ? byCell.mean[cell] : model.initialMean;
    const sd = byCell ? byCell.sd[cell] : model.initialSd;
    const drawn = sd > 0 ? mean + sd * normal(this.rng.reset(PURPOSE_INITIAL_SCORE, start + i, 0)) : mean;
    return clampScore(drawn, model.scoreMin, model.scoreMax);
  }

  /**
   * Citizen i's category on the first day, drawn again rather than held: that of its initial score as held (a
   * 32-bit float, so that it agrees with every later reading), by the first day's bands.
   */
  initialCategory(i: number): number {
    const model = this.firstModel;
    return categoryOf(Math.fround(this.initialScore(i)), model.bandMin, model.bandCategory);
  }

  /** Brings citizen i's scores (and the share of its wrong records in them) to `day`. */
  bringTo(i: number, day: number): void {
    const model = this.model;
    const from = this.scoreDay[i];
    if (from === day) return;
    if (model.decay) {
      // Both ledgers decay by the same factor towards the same baseline.
      const factor = this.decayFactor[day - from];
      const baseline = model.decayTowards;
      this.trueScore[i] = decayed(this.trueScore[i], baseline, factor);
      this.recordedScore[i] = decayed(this.recordedScore[i], baseline, factor);
      // A past change to the score decays with it: its share of today's score is the change × factor.
      this.falsePoints[i] *= factor;
    }
    this.scoreDay[i] = day;
  }

  /** The recorded score on `day`, decayed, without writing it back. */
  recordedOn(i: number, day: number): number {
    const model = this.model;
    if (!model.decay) return this.recordedScore[i];
    return decayed(this.recordedScore[i], model.decayTowards, this.decayFactor[day - this.scoreDay[i]]);
  }

  /** The truth's score on `day`, decayed, without writing it back. */
  trueOn(i: number, day: number): number {
    const model = this.model;
    if (!model.decay) return this.trueScore[i];
    return decayed(this.trueScore[i], model.decayTowards, this.decayFactor[day - this.scoreDay[i]]);
  }
}
