import { z } from "zod";
import {
  days,
  enabled,
  id,
  MAX_SOURCES,
  multipliers,
  probability,
  withDefault,
  yearlyRate,
} from "./common.js";

export const sourceKinds = [
  "cctv",
  "gait",
  "temperature",
  "purchases",
  "bank",
  "social-media",
  "court",
  "employer",
  "school",
  "informant",
  "other",
] as const;

const misattribution = z
  .strictObject({
    enabled,
    rate: withDefault(
      probability,
      0,
      "Probability that an observed act is recorded against another citizen.",
    ),
    victimWeightByGroup: multipliers("group").describe(
      "Relative chance, by group, that the wrongly matched citizen belongs to that group (e.g. NISTIR 8280 " +
        "false-match differentials); an id left out gets 1. Default: {}.",
    ),
    sameRegion: withDefault(
      z.boolean(),
      true,
      "Whether the wrongly matched citizen is drawn from the actor's region (a regional gallery).",
    ),
  })
  .describe("Acts recorded against the wrong citizen (1:N face-search false matches).");

const spurious = z
  .strictObject({
    enabled,
    rate: withDefault(
      yearlyRate,
      0,
      "Records of acts that never happened, per citizen per year (at most 10^6).",
    ),
    behaviours: z
      .array(id)
      .optional()
      .describe("Behaviours a spurious record can name; all those the source observes when absent."),
    byGroup: multipliers("group"),
  })
  .describe("Spurious observations: classifier false positives, malicious informant reports.");

const delay = z
  .strictObject({
    days: withDefault(days, 0, "Mean delay in days between an act and its record (at most 10^6)."),
    distribution: withDefault(
      z.enum(["fixed", "exponential"]),
      "fixed",
      "`fixed`: every record waits `days` (rounded); `exponential`: the delay in whole days is geometric (the " +
        "discrete exponential) with mean `days`.",
    ),
  })
  .describe("Delay before the record is updated.");

const source = z.strictObject({
  id,
  label: z.string().optional().describe("Human-readable name; the id is used when absent."),
  kind: withDefault(z.enum(sourceKinds), "other", "What kind of data source this is (for reports)."),
  enabled,
  observes: z.array(id).min(1).describe("Ids of the behaviours this source can observe."),
  detection: probability.describe("Base probability that the source observes one act it covers."),
  coverage: withDefault(
    z.enum(["uniform", "regional"]),
    "uniform",
    "`regional`: detection is multiplied by the region's `surveillance`; `uniform`: it is not.",
  ),
  detectionByGroup: multipliers("group"),
  detectionByIncome: multipliers("income band"),
  misattribution: misattribution.optional(),
  spurious: spurious.optional(),
  delay: withDefault(delay, { days: 0, distribution: "fixed" }, "Delay before the record is updated."),
});

export const sources = withDefault(
  z.array(source).max(MAX_SOURCES),
  [],
  `The apparatus's data sources (at most ${MAX_SOURCES}). With none, nothing is recorded. Detection ` +
    "probabilities are capped at 1 after multipliers.",
);
