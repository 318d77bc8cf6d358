import { z } from "zod";
import { days, enabled, id, MAX_MAGNITUDE, magnitude, nonNegative, positive, withDefault } from "./common.js";

const band = z.strictObject({
  id,
  label: z.string().optional().describe("Human-readable name; the id is used when absent."),
  min: magnitude.describe("Lowest score in the band (inclusive)."),
  max: magnitude.describe(
    "Score where the band ends (exclusive, except for the band that ends at the range's max).",
  ),
  category: z
    .string()
    .regex(/^[a-z][a-z0-9-]*$/, "an identifier of lowercase letters, digits and hyphens")
    .optional()
    .describe(
      'The category citizens in this band belong to (e.g. "good", "bad"); sanctions and rewards name it.',
    ),
});

/** A group's or income band's initial distribution; a field left out is inherited. */
const initialOverride = z.strictObject({
  mean: magnitude.optional().describe("Mean initial score of these citizens (within scoring.range)."),
  sd: nonNegative
    .max(MAX_MAGNITUDE)
    .optional()
    .describe("Standard deviation of these citizens' (normal, clamped) initial score."),
});

const decay = z
  .strictObject({
    enabled,
    towards: magnitude
      .optional()
      .describe("Baseline the score returns to (within scoring.range); the initial mean when absent."),
    halfLifeDays: positive.describe(
      "Days for half of the distance to the baseline to vanish (exponential decay).",
    ),
  })
  .describe(
    "Forgiveness: s(t) = b + (s(t0) − b)·2^(−(t − t0)/halfLifeDays), computed lazily in closed form.",
  );

export const scoring = z
  .strictObject({
    enabled,
    range: z
      .strictObject({ min: magnitude, max: magnitude })
      .describe("Scores are clamped to [min, max] after every change; both from −10^9 to 10^9."),
    initial: z
      .strictObject({
        mean: magnitude.describe("Mean initial score (within scoring.range)."),
        sd: withDefault(
          nonNegative.max(MAX_MAGNITUDE),
          0,
          "Standard deviation of the (normal, clamped) initial score.",
        ),
        byGroup: z
          .record(id, initialOverride)
          .optional()
          .describe(
            "Initial mean and sd by group id; a group or field left out takes initial.mean and initial.sd.",
          ),
        byIncome: z
          .record(id, initialOverride)
          .optional()
          .describe(
            "Initial mean and sd by income band id. A field given here overrides the citizen's group's " +
              "(byGroup), which overrides initial.mean and initial.sd; a band or field left out does not.",
          ),
      })
      .describe(
        "Initial scores: normal with this mean and standard deviation (or a group's or income band's), clamped to " +
          "the range. decay.towards and the repair threshold stay initial.mean, the scenario's one baseline.",
      ),
    decay: decay.optional(),
    bands: withDefault(
      z.array(band),
      [],
      "Score bands, covering the range without gap or overlap, lowest first (e.g. Sesame Credit's five bands).",
    ),
  })
  .describe(
    "Scoring: points per recorded act (set on each behaviour), clamped to a range, banded into categories.",
  );

export const blacklist = z
  .strictObject({
    enabled,
    entry: z
      .strictObject({
        scoreBelow: magnitude
          .optional()
          .describe("Listed when the recorded score is below this (strictly; a score within scoring.range)."),
        scoreAtLeast: magnitude
          .optional()
          .describe(
            "Listed when the recorded score is at least this (≥; a score within scoring.range): a list of those " +
              "whose score is high, e.g. the borrowers a lender accepts.",
          ),
        severity: z
          .enum(["minor", "moderate", "serious", "severe"])
          .optional()
          .describe("Listed on one recorded act of at least this severity."),
        behaviours: withDefault(z.array(id), [], "Listed on one recorded act of any of these behaviours."),
        courtSources: withDefault(
          z.array(id),
          [],
          "Listed on any record from these sources (court records), whatever the score.",
        ),
      })
      .describe("What puts a citizen on the list; any one rule suffices."),
    minimumDays: withDefault(days, 730, "Minimum days on the list (two years for China's court blacklist)."),
    exit: withDefault(
      z.strictObject({
        scoreAtLeast: magnitude
          .optional()
          .describe(
            "After the minimum duration, leave once the recorded score is at least this (≥; a score within " +
              "scoring.range). Not with entry.scoreAtLeast.",
          ),
        scoreBelow: magnitude
          .optional()
          .describe(
            "After the minimum duration, leave once the recorded score is below this (strictly; a score within " +
              "scoring.range): the exit of a list entered by entry.scoreAtLeast. Not with entry.scoreBelow.",
          ),
        complianceBehaviours: withDefault(
          z.array(id),
          [],
          "After the minimum duration, leave on one recorded act of these (e.g. paying the debt), made while listed. A " +
            "daily compliance hazard is such a behaviour that happens only while listed: a `responses.byState` rule " +
            "`{ behaviours: [it], when: { listed: false }, multiplier: 0 }`.",
        ),
        complianceBeforeMinimum: z
          .boolean()
          .optional()
          .describe(
            "Compliance ends a listing at the end of the day it is recorded, even before minimumDays (China's court " +
              "blacklist deletes a debtor who pays); default false: compliance counts once the minimum has passed.",
          ),
        maximumDays: days
          .optional()
          .describe("Leave after this many days whatever happens (at least minimumDays)."),
      }),
      { complianceBehaviours: [] },
      "How a citizen leaves the list once the minimum duration has passed; with no exit rule, a listing ends " +
        "after minimumDays.",
    ),
    public: z
      .strictObject({
        enabled,
        reach: withDefault(
          nonNegative.max(MAX_MAGNITUDE),
          0,
          "People who see a listed citizen's pseudonym, per listed day (at most 10^9).",
        ),
        ostracism: withDefault(
          z.number().min(0).max(1),
          0,
          "Probability that a publicly listed citizen is refused an opportunity no sanction denies (informal " +
            "discrimination by those who saw the listing).",
        ),
      })
      .optional()
      .describe("Public listing: exposure with synthetic pseudonyms only."),
  })
  .describe("The blacklist: entry rules, minimum duration, exit, public listing.");
