import { z } from "zod";
import {
  enabled,
  id,
  MAX_MAGNITUDE,
  magnitude,
  multipliers,
  nonNegative,
  period,
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
