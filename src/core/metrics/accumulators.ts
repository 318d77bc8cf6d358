import type { Model } from "../model/index.js";

/**
 * Running totals the day loop adds to as events happen (never a log of every event). Counts by group are indexed
 * `[group]`; by behaviour `[behaviour]`; by opportunity `[opportunity * groups + group]`.
 */
export class Accumulators {
  readonly groupSize: Float64Array;
  readonly trueActs: Float64Array;
  readonly gamedActs: Float64Array;
  /** True acts by behaviour and group (`behaviour * groups + group`); harm is computed from these counts. */
  readonly actsByGroup: Float64Array;
  /** Records applied, by kind (RecordKind). */
  readonly recordsByKind: Float64Array;
  readonly recordsByBehaviour: Float64Array;
  readonly requests: Float64Array;
  readonly denied: Float64Array;
  readonly deniedWrongfully: Float64Array;
  readonly ostracised: Float64Array;
  /**
   * Eligible citizen-days per reward, group and income band (`(reward * groups + group) * incomeBands + band`):
   * whole numbers, so totals do not depend on the order they were added in; value is computed from them.
   */
  readonly rewardDays: Float64Array;
  readonly listingsByGroup: Float64Array;
  readonly wrongfulListingsByGroup: Float64Array;
  readonly everListedByGroup: Float64Array;
  readonly everWrongfullyListedByGroup: Float64Array;
  readonly wrongfulPersonDaysByGroup: Float64Array;
  readonly listedPersonDaysByGroup: Float64Array;
  readonly trappedByGroup: Float64Array;
  readonly listingsByRule: Float64Array;
  readonly listingsByTriggerKind: Float64Array;
  associationPenalties = 0;
  appeals = 0;
  appealsReviewed = 0;
  appealsOverturned = 0;
  recordsRestored = 0;
  delistings = 0;

  constructor(model: Model) {
    const G = model.groups;
    this.groupSize = new Float64Array(G);
    this.trueActs = new Float64Array(model.behaviours);
    this.gamedActs = new Float64Array(model.behaviours);
    this.actsByGroup = new Float64Array(model.behaviours * G);
    this.recordsByKind = new Float64Array(4);
    this.recordsByBehaviour = new Float64Array(model.behaviours);
    this.requests = new Float64Array(model.opportunities * G);
    this.denied = new Float64Array(model.opportunities * G);
    this.deniedWrongfully = new Float64Array(model.opportunities * G);
    this.ostracised = new Float64Array(model.opportunities * G);
    this.rewardDays = new Float64Array(model.rewardCount * G * model.incomeBands);
    this.listingsByGroup = new Float64Array(G);
    this.wrongfulListingsByGroup = new Float64Array(G);
    this.everListedByGroup = new Float64Array(G);
    this.everWrongfullyListedByGroup = new Float64Array(G);
    this.wrongfulPersonDaysByGroup = new Float64Array(G);
    this.listedPersonDaysByGroup = new Float64Array(G);
    this.trappedByGroup = new Float64Array(G);
    this.listingsByRule = new Float64Array(4);
    this.listingsByTriggerKind = new Float64Array(4);
  }
}

/** Sums the accumulators of a run's shards (all whole-number counts, so the order does not matter). */
export function mergeAccumulators(parts: readonly Accumulators[]): Accumulators {
  if (parts.length === 1) return parts[0];
  const merged = Object.create(Accumulators.prototype) as Accumulators;
  const fields = merged as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(parts[0])) {
    if (value instanceof Float64Array) {
      const sum = new Float64Array(value.length);
      for (const part of parts) {
        const column = (part as unknown as Record<string, Float64Array>)[name];
        for (let k = 0; k < sum.length; k++) sum[k] += column[k];
      }
      fields[name] = sum;
    } else if (typeof value === "number") {
      fields[name] = parts.reduce(
        (total, part) => total + (part as unknown as Record<string, number>)[name],
        0,
      );
    }
  }
  return merged;
}

/**
 * The accumulators' values in one array (a checkpoint's), field after field in declaration order, every field but
 * `groupSize` (which a shard counts from its population).
 */
export function accumulatorValues(metrics: Accumulators): Float64Array {
  const values: number[] = [];
  for (const [name, value] of Object.entries(metrics)) {
    if (name === "groupSize") continue;
    if (value instanceof Float64Array) values.push(...value);
    else if (typeof value === "number") values.push(value);
  }
  return Float64Array.from(values);
}

/** Adds values from `accumulatorValues` to `metrics` (whole-number counts: the order of additions does not matter). */
export function addAccumulatorValues(metrics: Accumulators, values: Float64Array): void {
  const fields = metrics as unknown as Record<string, Float64Array | number>;
  let at = 0;
  for (const [name, value] of Object.entries(metrics)) {
    if (name === "groupSize") continue;
    if (value instanceof Float64Array) {
      for (let k = 0; k < value.length; k++) value[k] += values[at++];
    } else if (typeof value === "number") {
      fields[name] = value + values[at++];
    }
  }
  if (at !== values.length) throw new RangeError(`accumulators: ${values.length} values for ${at} fields`);
}
