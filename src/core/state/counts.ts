import { LISTING_RULE_NAMES, type Model } from "../model/index.js";
import { LISTING_END_NAMES } from "./listings.js";

// Running totals the systems add to as events happen (never a log of every event), declared once: their names, their
// dimensions, and in this order what a checkpoint saves. All are whole numbers, so sums over shards do not depend on
// the order they are added in.

/** The dimensions a count array may have. */
const SIZES = {
  group: (m: Model) => m.groups,
  behaviour: (m: Model) => m.behaviours,
  /** `behaviour * groups + group`. */
  behaviourGroup: (m: Model) => m.behaviours * m.groups,
  /** `RecordKind`. */
  kind: () => 4,
  /** `ListingRule`. */
  rule: () => LISTING_RULE_NAMES.length,
  /** `cause * groups + group`, for a `ListingEnd` cause. */
  endGroup: (m: Model) => LISTING_END_NAMES.length * m.groups,
  /** `opportunity * groups + group`. */
  opportunityGroup: (m: Model) => m.opportunities * m.groups,
  /** `(reward * groups + group) * incomeBands + band`. */
  rewardGroupIncome: (m: Model) => m.rewardCount * m.groups * m.incomeBands,
  /** `branch * groups + group` (outcome branches: `OutcomeTables`). */
  outcomeBranchGroup: (m: Model) => m.outcomeBranches * m.groups,
  /** `(outcomeActStart[branch] + j) * groups + group`, for the branch's j-th behaviour. */
  outcomeActGroup: (m: Model) => m.outcomeActs * m.groups,
} as const;

export const COUNT_ARRAYS = {
  /** Citizens by group (counted from the population; never reset nor saved). */
  groupSize: "group",
  trueActs: "behaviour",
  gamedActs: "behaviour",
  /** True acts by behaviour and group; harm is computed from these counts. */
  actsByGroup: "behaviourGroup",
  /** Records applied, by kind. */
  recordsByKind: "kind",
  recordsByBehaviour: "behaviour",
  requests: "opportunityGroup",
  denied: "opportunityGroup",
  deniedWrongfully: "opportunityGroup",
  ostracised: "opportunityGroup",
  /** Eligible citizen-days per reward, group and income band; value is computed from them. */
  rewardDays: "rewardGroupIncome",
  listingsByGroup: "group",
  wrongfulListingsByGroup: "group",
  everListedByGroup: "group",
  everWrongfullyListedByGroup: "group",
  wrongfulPersonDaysByGroup: "group",
  listedPersonDaysByGroup: "group",
  trappedByGroup: "group",
  listingsByRule: "rule",
  listingsByTriggerKind: "kind",
  /** Obligations opened (requests with an outcome), by outcome branch and group. */
  obligations: "outcomeBranchGroup",
  /** Of those, the ones whose outcome falls after the run's last day (never applied). */
  obligationsPending: "outcomeBranchGroup",
  /** Outcome acts, by branch and behaviour, and group. */
  outcomes: "outcomeActGroup",
  /** Delistings on the record by cause (`ListingEnd`) and group. */
  delistingsByCause: "endGroup",
} as const satisfies Record<string, keyof typeof SIZES>;

export const COUNT_SCALARS = [
  "associationPenalties",
  "appeals",
  "appealsReviewed",
  "appealsOverturned",
  "recordsRestored",
  "delistings",
] as const;

type CountArray = keyof typeof COUNT_ARRAYS;
type CountScalar = (typeof COUNT_SCALARS)[number];

/** A run's (or a shard's) counts: plain data, so they cross to and from worker threads as they are. */
export type Counts = { readonly [K in CountArray]: Float64Array } & { [K in CountScalar]: number };

const ARRAYS = Object.keys(COUNT_ARRAYS) as CountArray[];
/** The arrays a checkpoint saves and a warm-up's end resets: all but `groupSize`. */
const RUNNING = ARRAYS.filter((name) => name !== "groupSize");

/** Zeroed counts for a model. */
export function createCounts(model: Model): Counts {
  // Built in one go (`Object.fromEntries`): an object grown one keyed store at a time ends up a slow dictionary, and
  // the systems add to these counts on every event.
  return Object.fromEntries([
    ...ARRAYS.map((name) => [name, new Float64Array(SIZES[COUNT_ARRAYS[name]](model))]),
    ...COUNT_SCALARS.map((name) => [name, 0]),
  ]) as Counts;
}

/** Sums the counts of a run's shards. */
export function mergeCounts(parts: readonly Counts[]): Counts {
  if (parts.length === 1) return parts[0];
  const sums = ARRAYS.map((name) => {
    const sum = new Float64Array(parts[0][name].length);
    for (const part of parts) {
      const values = part[name];
      for (let k = 0; k < sum.length; k++) sum[k] += values[k];
    }
    return [name, sum];
  });
  const totals = COUNT_SCALARS.map((name) => [name, parts.reduce((total, part) => total + part[name], 0)]);
  return Object.fromEntries([...sums, ...totals]) as Counts;
}

/** Zeroes every running count (all but `groupSize`): the warm-up is over. */
export function resetCounts(counts: Counts): void {
  for (const name of RUNNING) counts[name].fill(0);
  for (const name of COUNT_SCALARS) counts[name] = 0;
}

/** The running counts in one array (a checkpoint's): the arrays in declaration order, then the scalars. */
export function countValues(counts: Counts): Float64Array {
  const values: number[] = [];
  for (const name of RUNNING) values.push(...counts[name]);
  for (const name of COUNT_SCALARS) values.push(counts[name]);
  return Float64Array.from(values);
}

/** Adds values from `countValues` to `counts`. */
export function addCountValues(counts: Counts, values: Float64Array): void {
  let at = 0;
  for (const name of RUNNING) {
    const array = counts[name];
    for (let k = 0; k < array.length; k++) array[k] += values[at++];
  }
  for (const name of COUNT_SCALARS) counts[name] += values[at++];
  if (at !== values.length) throw new RangeError(`counts: ${values.length} values for ${at} fields`);
}
