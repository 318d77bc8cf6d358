import { z } from "zod";
import { id, probability, share, withDefault } from "./common.js";

const part = z.strictObject({
  id,
  label: z.string().optional().describe("Human-readable name; the id is used when absent."),
  share,
});

const region = part.extend({
  surveillance: withDefault(
    probability,
    1,
    "Surveillance coverage of the region, from 0 to 1: multiplies the detection of every source whose coverage is `regional`.",
  ),
});

/** The smallest propensity shape: below it, nearly every citizen's multiplier is 0 and the top class's is near 256. */
export const MIN_SHAPE = 0.001;
/** The largest propensity shape: citizens all but alike (variance 10^−6). */
export const MAX_SHAPE = 1e6;

/** Gamma-distributed multipliers with mean 1: shape k gives variance 1/k (small k, heavy tail). */
export const heterogeneity = z
  .strictObject({
    shape: withDefault(
      z.number().min(MIN_SHAPE).max(MAX_SHAPE),
      2,
      "Shape k of the gamma distribution (mean 1, variance 1/k) of each citizen's propensity multiplier, from 0.001 " +
        "to 10^6. A citizen's multiplier is one of 256 equally likely classes of that gamma, each the mean of the " +
        "gamma between two of its quantiles (a discrete gamma): mean 1, and 99.7% of the variance at k = 2, 98.9% " +
        "at k = 0.3, 80% at k = 0.01.",
    ),
  })
  .describe(
    "How citizens differ in their propensity to act: multipliers with mean 1, from a discrete gamma.",
  );

/** A population dimension: named parts with shares (at most 255, as citizens store the index in one byte). */
function parts(description: string) {
  return withDefault(z.array(part).min(1).max(255), [{ id: "all", share: 1 }], description);
}

/** The largest population: records and indexes name citizens by signed 32-bit integers. */
export const MAX_POPULATION = 2 ** 31 - 1;

export const population = z
  .strictObject({
    size: withDefault(
      z.number().int().min(1).max(MAX_POPULATION),
      1_000_000,
      "Number of synthetic citizens (at least 1, at most 2^31 − 1: citizens are 32-bit signed indexes in records); `--population` overrides it.",
    ),
    regions: withDefault(
      z.array(region).min(1).max(255),
      [{ id: "all", share: 1, surveillance: 1 }],
      "Regions with their share of citizens and surveillance coverage.",
    ),
    groups: parts(
      "Demographic groups (e.g. majority / minority), used for differentials and fairness measures.",
    ),
    incomeBands: parts("Income bands, lowest first."),
    ageBands: parts("Age bands, youngest first."),
    groupShareByRegion: withDefault(
      z.record(id, z.record(id, share)),
      {},
      "Optional group shares within a region (region id → group id → share), overriding `groups[].share` there.",
    ),
    incomeShareByGroup: withDefault(
      z.record(id, z.record(id, share)),
      {},
      "Optional income-band shares within a group (group id → band id → share), overriding `incomeBands[].share`.",
    ),
    propensity: withDefault(heterogeneity, { shape: 2 }, "Default heterogeneity of every behaviour."),
  })
  .describe("The synthetic population: size and the aggregate distributions citizens are drawn from.");
