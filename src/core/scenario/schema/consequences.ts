import { z } from "zod";
import { enabled, id, multipliers, nonNegative, withDefault } from "./common.js";

const eligibility = z.strictObject({
  listed: withDefault(z.boolean(), false, "Applies to citizens on the blacklist."),
  categories: withDefault(
    z.array(id),
    [],
    "Applies to citizens whose recorded score falls in these categories.",
  ),
  scoreBelow: z.number().optional().describe("Applies to citizens whose recorded score is below this."),
  scoreAtLeast: z.number().optional().describe("Applies to citizens whose recorded score is at least this."),
});

const opportunity = z.strictObject({
  id,
  label: z.string().optional().describe("Human-readable name; the id is used when absent."),
  rate: nonNegative.describe("Mean requests per citizen per year (trips, loan applications, …)."),
  rateByIncome: multipliers("income band"),
  rateByAge: multipliers("age band"),
  value: withDefault(
    nonNegative,
    0,
    "Value to the citizen of one granted request, in the scenario's currency.",
  ),
  deniedTo: eligibility
    .optional()
    .describe("The sanction: who is refused. Any rule that matches denies; absent, nobody is refused."),
});

const reward = z.strictObject({
  id,
  label: z.string().optional().describe("Human-readable name; the id is used when absent."),
  rate: nonNegative.describe("Mean uses per eligible citizen per year."),
  rateByIncome: multipliers("income band"),
  value: nonNegative.describe("Value of one use to the citizen (a discount, a waived deposit)."),
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
      z.number().int().min(1),
      30,
      "Rewards accrue in expectation: every this many days, each eligible citizen gets rate × days/365 uses.",
    ),
  })
  .describe("What the record does to people: sanctions deny opportunities, rewards favour high scores.");
