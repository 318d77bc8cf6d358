import type { Scenario } from "../scenario/index.js";
import { DAYS_PER_YEAR } from "./cells.js";
import { type Lookup, lookup, multiplier } from "./lookup.js";
import type { ConsequenceTables, EligibilityRule } from "./model.js";

// The consequences section compiled: the opportunities the record can deny and the rewards it can grant, each with
// its rule on the record. The opportunities' rates are compiled with the channels (`channels.ts`).

type Opportunity = NonNullable<Scenario["consequences"]>["opportunities"][number];
type Reward = NonNullable<Scenario["consequences"]>["rewards"][number];
type RuleSource = Opportunity["deniedTo"];

/** The opportunities citizens meet: none when consequences are off. */
export function enabledOpportunities(scenario: Scenario): readonly Opportunity[] {
  return scenario.consequences?.enabled === true ? (scenario.consequences.opportunities ?? []) : [];
}

function enabledRewards(scenario: Scenario): readonly Reward[] {
  return scenario.consequences?.enabled === true ? (scenario.consequences.rewards ?? []) : [];
}

/**
 * Compiles a `deniedTo` / `grantedTo` rule. Each condition holds only where its part is on: `listed` needs the list,
 * categories and score thresholds need scoring; a rule left out, or with only switched-off conditions, matches nobody.
 */
function eligibilityRule(
  source: RuleSource | undefined,
  on: { scoring: boolean; blacklist: boolean },
  category: Lookup,
  categoryCount: number,
  groups: readonly { id: string }[],
  where: string,
): EligibilityRule {
  const categories = new Uint8Array(Math.max(1, categoryCount));
  if (on.scoring) for (const name of source?.categories ?? []) categories[category(name, where)] = 1;
  const listed = on.blacklist && source?.listed === true;
  // A group's own threshold, else the rule's, else none.
  const perGroup = (byGroup: Record<string, number> | undefined, all: number | undefined, none: number) =>
    Float64Array.from(groups, (group) => (on.scoring ? (byGroup?.[group.id] ?? all ?? none) : none));
  const scoreBelow = perGroup(source?.scoreBelowByGroup, source?.scoreBelow, Number.NEGATIVE_INFINITY);
  const scoreAtLeast = perGroup(source?.scoreAtLeastByGroup, source?.scoreAtLeast, Number.POSITIVE_INFINITY);
  const anyCategory = on.scoring && categories.some((flag) => flag === 1);
  return {
    listed,
    categories,
    scoreBelow,
    scoreAtLeast,
    any: listed || anyCategory || scoreBelow.some(Number.isFinite) || scoreAtLeast.some(Number.isFinite),
  };
}

/** `categoryNames` are the score bands' categories, as `compileScoring` numbers them. */
export function compileConsequences(scenario: Scenario, categoryNames: readonly string[]): ConsequenceTables {
  const on = { scoring: scenario.scoring?.enabled === true, blacklist: scenario.blacklist?.enabled === true };
  const category = lookup(
    categoryNames.map((id) => ({ id })),
    "category",
  );
  const incomeBands = scenario.population.incomeBands;
  const I = incomeBands.length;
  const opportunities = enabledOpportunities(scenario);
  const rewards = enabledRewards(scenario);
  const rewardDailyUses = new Float64Array(rewards.length * I);
  rewards.forEach((reward, k) => {
    for (let i = 0; i < I; i++) {
      rewardDailyUses[k * I + i] =
        (reward.rate / DAYS_PER_YEAR) * multiplier(reward.rateByIncome, incomeBands[i].id);
    }
  });
  return {
    consequences: scenario.consequences?.enabled === true,
    deniedTo: opportunities.map((opportunity, o) =>
      eligibilityRule(
        opportunity.deniedTo,
        on,
        category,
        categoryNames.length,
        scenario.population.groups,
        `consequences.opportunities[${o}].deniedTo.categories`,
      ),
    ),
    opportunityValue: Float64Array.from(opportunities, (opportunity) => opportunity.value),
    rewardCount: rewards.length,
    grantedTo: rewards.map((reward, k) =>
      eligibilityRule(
        reward.grantedTo,
        on,
        category,
        categoryNames.length,
        scenario.population.groups,
        `consequences.rewards[${k}].grantedTo.categories`,
      ),
    ),
    rewardDailyUses,
    rewardValue: Float64Array.from(rewards, (reward) => reward.value),
    rewardReviewDays: scenario.consequences?.rewardReviewDays ?? 30,
  };
}
