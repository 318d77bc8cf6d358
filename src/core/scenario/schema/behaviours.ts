import { z } from "zod";
import { id, MAX_BEHAVIOURS, magnitude, multipliers, withDefault, yearlyRate } from "./common.js";
import { heterogeneity } from "./population.js";

export const severities = ["minor", "moderate", "serious", "severe"] as const;

const behaviour = z.strictObject({
  id,
  label: z.string().optional().describe("Human-readable name; the id is used when absent."),
  rate: yearlyRate.describe(
    "Mean number of acts per citizen per year, before multipliers and responses (at most 10^6; a citizen's daily " +
      "rates together, after every multiplier, must stay below 2^52, the most the engine's Poisson draws count exactly).",
  ),
  heterogeneity: heterogeneity
    .optional()
    .describe("Propensity heterogeneity of this behaviour; `population.propensity` when absent."),
  rateByGroup: multipliers("group"),
  rateByRegion: multipliers("region"),
  rateByIncome: multipliers("income band"),
  rateByAge: multipliers("age band"),
  points: withDefault(
    magnitude,
    0,
    "Score points the apparatus gives per recorded act (negative for a penalty; from −10^9 to 10^9, and 0 or at least " +
      "2^−20 of scoring.range's largest magnitude, as scores are 32-bit floats). What the regime values.",
  ),
  harm: withDefault(
    magnitude,
    0,
    "What one act costs others, independent of points (negative for a benefit; from −10^9 to 10^9, so totals over every act stay finite). What society loses.",
  ),
  severity: withDefault(
    z.enum(severities),
    "minor",
    "How grave the regime deems the act; blacklist entry can key on it.",
  ),
  legitimate: withDefault(
    z.boolean(),
    false,
    "A lawful act that a source may flag (online speech): chilling lowers it, and its loss is counted.",
  ),
  visible: withDefault(
    z.boolean(),
    false,
    "A rewarded act others can see; gaming may inflate it beyond genuine acts.",
  ),
});

export const behaviours = withDefault(
  z.array(behaviour).max(MAX_BEHAVIOURS),
  [],
  `What citizens do: each behaviour is a Poisson process per citizen (at most ${MAX_BEHAVIOURS}).`,
);
