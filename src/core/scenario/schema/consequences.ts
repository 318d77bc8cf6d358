import { z } from "zod";
import {
  days,
  enabled,
  id,
  MAX_MAGNITUDE,
  magnitude,
  multipliers,
  nonNegative,
  period,
  probability,
  withDefault,
  yearlyRate,
} from "./common.js";

const eligibility = z.strictObject({
  listed: withDefault(z.boolean(), false, "Applies to citizens on the blacklist."),
  categories: withDefault(
    z.array(id),
    [],
    "Applies to citizens whose recorded score falls in these categories.",
  ),
  scoreBelow: magnitude
    .optional()
    .describe("Applies to citizens whose recorded score is below this (a score within scoring.range)."),
  scoreAtLeast: magnitude
    .optional()
    .describe("Applies to citizens whose recorded score is at least this (a score within scoring.range)."),
  scoreBelowByGroup: z
    .record(id, magnitude)
    .optional()
    .describe(
      "Per group id, a scoreBelow for that group's citizens in place of scoreBelow (a group-aware threshold).",
    ),
  scoreAtLeastByGroup: z
    .record(id, magnitude)
    .optional()
    .describe("Per group id, a scoreAtLeast for that group's citizens in place of scoreAtLeast."),
});

/** The chance of an outcome's first behaviour by the citizen's group and income band, capped at 1. */
const probabilityTable = z
  .strictObject({
    base: probability.describe("Probability before the multipliers, from 0 to 1."),
    byGroup: multipliers("group"),
    byIncome: multipliers("income band"),
  })
  .describe("base × byGroup × byIncome, capped at 1.");

/** The chance of an outcome's first behaviour as a logistic in the citizen's score. */
const probabilityLogistic = z
  .strictObject({
    logistic: z
      .strictObject({
        intercept: magnitude.describe("a in p = 1 / (1 + exp(−(a + b·(score − c))))."),
        slope: magnitude.describe("b in p = 1 / (1 + exp(−(a + b·(score − c)))), per point of score."),
        centre: withDefault(magnitude, 0, "c in p = 1 / (1 + exp(−(a + b·(score − c)))), a score."),
      })
      .describe("p = 1 / (1 + exp(−(intercept + slope·(score − centre))))."),
    ledger: withDefault(
      z.enum(["truth", "record"]),
      "truth",
      "Whose score: `truth`, the citizen's true score (its real creditworthiness) at the moment of the " +
        "outcome; `record`, its recorded score as the record stood at the end of the previous day.",
    ),
  })
  .describe("A logistic in the score.");

const outcome = z
  .strictObject({
    afterDays: days.describe(
      "Days from the request to its outcome (mean days when exponential; at most 10^6).",
    ),
    distribution: withDefault(
      z.enum(["fixed", "exponential"]),
      "fixed",
      "`fixed`: the outcome comes `afterDays` (rounded) after the request; `exponential`: the wait in whole " +
        "days is geometric (the discrete exponential) with mean `afterDays`, as a source's delay.",
    ),
    behaviours: z
      .array(id)
      .min(1)
      .describe(
        "The behaviours one of which the citizen performs when the outcome comes (e.g. repayment, default): an " +
          "act like any other (points, harm, sources). Without `probability`, one of them uniformly.",
      ),
    probability: z
      .union([probability, probabilityTable, probabilityLogistic])
      .optional()
      .describe(
        "With exactly two behaviours: the probability of the first (the second has the rest): a number from 0 " +
          "to 1, a table { base, byGroup, byIncome }, or a logistic in the score { logistic, ledger }.",
      ),
  })
  .describe("What follows a request, after a delay: one act among `behaviours`.");

const outcomes = z
  .strictObject({
    granted: outcome.optional().describe("What follows a granted request (a loan: repayment or default)."),
    denied: outcome
      .optional()
      .describe(
        "What follows a request that is not granted (denied by the sanction, or refused by ostracism).",
      ),
  })
  .describe("Outcomes of requests: each opens an obligation that ends, after a delay, in one act.");

const opportunity = z.strictObject({
  id,
  label: z.string().optional().describe("Human-readable name; the id is used when absent."),
  rate: yearlyRate.describe(
    "Mean requests per citizen per year (trips, loan applications, …), at most 10^6.",
  ),
  rateByIncome: multipliers("income band"),
  rateByAge: multipliers("age band"),
  value: withDefault(
    nonNegative.max(MAX_MAGNITUDE),
    0,
    "Value to the citizen of one granted request, in the scenario's currency (at most 10^9).",
  ),
  deniedTo: eligibility
    .optional()
    .describe("The sanction: who is refused. Any rule that matches denies; absent, nobody is refused."),
  outcomes: outcomes.optional(),
});

const reward = z.strictObject({
  id,
  label: z.string().optional().describe("Human-readable name; the id is used when absent."),
  rate: yearlyRate.describe("Mean uses per eligible citizen per year, at most 10^6."),
  rateByIncome: multipliers("income band"),
  value: nonNegative
    .max(MAX_MAGNITUDE)
    .describe("Value of one use to the citizen (a discount, a waived deposit), at most 10^9."),
  grantedTo: eligibility.describe("Who gets it. Any rule that matches grants."),
});

export const consequences = z
  .strictObject({
    enabled,
    opportunities: withDefault(z.array(opportunity), [], "Opportunities that arrive as Poisson processes."),
    rewards: withDefault(
      z.array(reward),
      [],
      "Rewards for high categories, counted in value by group and income.",
    ),
    rewardReviewDays: withDefault(
      period,
      30,
      "Rewards accrue in expectation: every this many days, each eligible citizen gets rate × days/365 uses.",
    ),
  })
  .describe("What the record does to people: sanctions deny opportunities, rewards favour high scores.");
