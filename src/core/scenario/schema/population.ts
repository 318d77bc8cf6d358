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

/** The smallest propensity shape: below it, the heaviest tail (a multiplier up to about 61/k) dwarfs every rate. */
export const MIN_SHAPE = 0.001;

/** Gamma-distributed multipliers with mean 1: shape k gives variance 1/k (small k, heavy tail). */
export const heterogeneity = z
  .strictObject({
    shape: withDefault(
      z.number().min(MIN_SHAPE).max(1e6),
      2,
      "Shape k of the gamma distribution (mean 1, variance 1/k) of each citizen's propensity multiplier, from 0.001 " +
        "to 10^6: the gamma sampler's scale 1/k must be finite, and the largest multiplier it can draw, about 61/k " +
        "for small k, enters every daily rate.",
    ),
  })
  .describe("How citizens differ in their propensity to act: gamma-distributed multipliers with mean 1.");

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
