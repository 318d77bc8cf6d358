import { z } from "zod";

// The schema of summary.json, for readers in other languages (docs/summary.schema.json is its output). Objects are
// strict: a test checks real summaries against it, so it cannot drift from the code unnoticed.

const count = z.number().min(0).describe("A count (citizens, acts, requests or days).");
const share = z.number().min(0).max(1);
const shareOrNull = share
  .nullable()
  .describe("A share from 0 to 1, or null where undefined (nobody to count).");
const scoreOrNull = z.number().nullable().describe("A mean score, or null when the scenario has no scoring.");
const byId = <T extends z.ZodType>(value: T, what: string) =>
  z.record(z.string(), value).describe(`Keyed by ${what} id, as in the scenario.`);

const group = z.strictObject({
  share,
  citizens: count,
  listingRate: share.describe("Share of the group listed on the last day."),
  wrongfulListingRate: share.describe(
    "Share of the group listed on the last day although the truth would not list them.",
  ),
  everListedRate: share.describe("Share of the group listed at least once."),
  everWrongfullyListedRate: share.describe("Share of the group wrongfully listed at least once."),
  trappedRate: share.describe("Share of the group listed longer than measurement.trappedAfterDays."),
  meanRecordedScore: scoreOrNull,
  meanTrueScore: scoreOrNull,
  meanScoreError: z
    .number()
    .nullable()
    .describe("Mean of recorded − true score: the apparatus's error at identical truth."),
  meanRecordedScoreChange: z
    .number()
    .nullable()
    .describe(
      "The group's mean recorded score at the end of the last day minus at the end of day 0 (as in the daily " +
        "series); null when the scenario has no scoring.",
    ),
  meanTrueScoreChange: z
    .number()
    .nullable()
    .describe("The same on the truth ledger: the change of the mean true score over the run."),
  harmPerCitizen: z.number().describe("Harm-weighted acts per citizen of the group."),
});

const part = z.strictObject({
  share,
  citizens: count,
  listingRate: share,
  wrongfulListingRate: share,
  meanRecordedScore: scoreOrNull,
  meanTrueScore: scoreOrNull,
});

const opportunity = z.strictObject({
  requests: count,
  denied: count,
  deniedWrongfully: count.describe("Denied although the same rule on the truth would have granted it."),
  ostracised: count.describe("Refused informally by people who saw the public listing."),
  byGroup: byId(z.strictObject({ requests: count, denied: count }), "group"),
});

const outcome = z.strictObject({
  obligations: count.describe("Requests followed by this outcome (obligations opened)."),
  pending: count.describe("Of those, due after the run's last day: never applied."),
  byBehaviour: byId(count, "behaviour").describe("Outcome acts by behaviour."),
  byGroup: byId(z.strictObject({ obligations: count, byBehaviour: byId(count, "behaviour") }), "group"),
});
const exitCauses = z
  .strictObject({
    compliance: count.describe("A recorded act of an exit.complianceBehaviours behaviour."),
    score: count.describe("The score reached exit.scoreAtLeast or fell below exit.scoreBelow."),
    maximum: count.describe("The listing lasted exit.maximumDays."),
    minimum: count.describe("No exit rule at all: the listing ended once its minimumDays had passed."),
    overturned: count.describe("Overturned on appeal."),
  })
  .describe(
    "Listings ended, by cause; when several hold at a day's end, the first of compliance, score, maximum counts.",
  );

/** The shape of `summary.json`. */
export const summarySchema = z
  .strictObject({
    scenario: z.string(),
    title: z.string(),
    seed: z.number().int().min(0),
    population: count,
    days: count,
    warmupDays: count
      .optional()
      .describe("Days simulated before measurement started (run.warmupDays); absent when there was none."),
    mechanisms: z
      .strictObject({
        sources: count,
        scoring: z.boolean(),
        blacklist: z.boolean(),
        publicListing: z.boolean(),
        sanctions: z.boolean(),
        rewards: z.boolean(),
        appeals: z.boolean(),
        association: z.boolean(),
      })
      .describe("Which parts of the apparatus ran."),
    acts: z.strictObject({
      true: count.describe("Acts citizens really committed."),
      recorded: count.describe("Records applied (true, misattributed and spurious)."),
      misattributed: count.describe("Records of an act pinned on someone other than its actor."),
      spurious: count.describe("Records of acts that never happened."),
      gamed: count.describe("Acts done for the reward rather than genuinely."),
      harm: z.number().describe("Harm-weighted acts (negative: a benefit)."),
      byBehaviour: byId(z.strictObject({ true: count, recorded: count, gamed: count }), "behaviour"),
      pendingRecords: count.describe("Records due after the last day, never applied."),
    }),
    listings: z.strictObject({
      current: count.describe("Citizens listed on the last day."),
      ever: count.describe("Citizens listed at least once."),
      entries: count.describe("Listings (a citizen listed twice counts twice)."),
      wrongful: count.describe("Listings made while the truth would not list the citizen."),
      wrongfulShare: shareOrNull,
      precision: shareOrNull,
      recall: shareOrNull,
      wrongfulPersonDays: count,
      personDays: count,
      missedOffenders: count.describe("Citizens the truth would list on the last day who are not listed."),
      trulyListed: count,
      trapped: count,
      byRule: byId(count, "listing rule (threshold, severity, behaviour, court, atLeast)"),
      byTrigger: byId(count, "trigger kind (true, misattributed, spurious, association)"),
      delistings: count.describe("Listings that ended on the record."),
      delistingsByCause: exitCauses.describe(
        "Listings ended, by cause (listings.csv's end column); they add up to delistings.",
      ),
      delistingsByGroup: byId(exitCauses, "group").describe(
        "Listings ended, by the citizen's group and cause.",
      ),
    }),
    groups: byId(group, "group"),
    regions: byId(part, "region"),
    incomeBands: byId(part, "income band"),
    categoryTransitions: z
      .strictObject({ categories: z.array(z.string()), counts: z.array(z.array(count)) })
      .nullable()
      .describe("Citizens by category on the record on the first day (rows) and the last (columns)."),
    behaviour: z.strictObject({
      harm: z.number(),
      legitimateActs: count,
      baselineHarm: z.number().nullable(),
      baselineLegitimateActs: count.nullable(),
      harmPrevented: z
        .number()
        .nullable()
        .describe("Baseline − system harm: deterrence (null without a baseline)."),
      legitimateActsLost: z.number().nullable().describe("Baseline − system legitimate acts: chilling."),
    }),
    disparity: z.strictObject({
      listingRateRatio: shareOrNull.describe(
        "Lowest group listing rate over the highest (four-fifths rule: ≥ 0.8).",
      ),
      mostListedGroup: z.string().nullable(),
      leastListedGroup: z.string().nullable(),
    }),
    denied: byId(opportunity, "opportunity"),
    outcomes: byId(z.strictObject({ granted: outcome.optional(), denied: outcome.optional() }), "opportunity")
      .optional()
      .describe("Outcomes of requests, by opportunity: only when the scenario has outcomes."),
    rewards: byId(
      z.strictObject({
        value: z.number().min(0),
        byGroup: byId(z.number(), "group"),
        byIncome: byId(z.number(), "income band"),
      }),
      "reward",
    ),
    exposure: z.strictObject({ personDays: z.number().min(0).describe("Listed days × public reach.") }),
    association: z.strictObject({ penalties: count }),
    appeals: z.strictObject({ filed: count, reviewed: count, overturned: count, recordsRestored: count }),
  })
  .describe(
    "What one controlocracy run measured (summary.json). The same scenario and seed give the same bytes.",
  );

/** The JSON Schema (draft 2020-12) of `summary.json`. */
export function summaryJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(summarySchema, { target: "draft-2020-12" }) as Record<string, unknown>),
    title: "controlocracy summary",
  };
}
