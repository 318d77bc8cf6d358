import type { Scenario } from "../scenario/index.js";
import { type CellLayout, forEachCell } from "./cells.js";
import { enabledOpportunities } from "./consequences.js";
import { type Lookup, multiplier } from "./lookup.js";
import type { OutcomeTables } from "./model.js";

// Outcomes of opportunities compiled: each opportunity's outcome when granted and when not, numbered as *branches*
// (in scenario order, an opportunity's granted branch before its other), each with its delay, its behaviours and the
// way one of them is chosen.

/** How a branch chooses its behaviour. */
export const OutcomeChoice = { uniform: 0, table: 1, logistic: 2 } as const;

/** Which score a logistic reads. */
export const OutcomeLedger = { truth: 0, record: 1 } as const;

type Outcome = NonNullable<
  NonNullable<ReturnType<typeof enabledOpportunities>[number]["outcomes"]>["granted"]
>;

export function compileOutcomes(scenario: Scenario, layout: CellLayout, behaviour: Lookup): OutcomeTables {
  const opportunities = enabledOpportunities(scenario);
  const branches: { o: number; granted: boolean; outcome: Outcome; where: string }[] = [];
  const outcomeBranchOf = new Int32Array(opportunities.length * 2).fill(-1);
  opportunities.forEach((opportunity, o) => {
    for (const granted of [true, false]) {
      const outcome = granted ? opportunity.outcomes?.granted : opportunity.outcomes?.denied;
      if (outcome === undefined) continue;
      outcomeBranchOf[o * 2 + (granted ? 0 : 1)] = branches.length;
      const where = `consequences.opportunities[${o}].outcomes.${granted ? "granted" : "denied"}`;
      branches.push({ o, granted, outcome, where });
    }
  });
  const K = branches.length;
  const { groups, incomeBands } = scenario.population;
  const outcomeProbability = new Float64Array(K * layout.cells);
  const outcomeChoice = new Uint8Array(K);
  const outcomeIntercept = new Float64Array(K);
  const outcomeSlope = new Float64Array(K);
  const outcomeCentre = new Float64Array(K);
  const outcomeLedger = new Uint8Array(K);
  const outcomeActStart = new Int32Array(K);
  let acts = 0;
  branches.forEach(({ outcome }, k) => {
    outcomeActStart[k] = acts;
    acts += outcome.behaviours.length;
    const probability = outcome.probability;
    if (probability === undefined) return;
    if (typeof probability === "number" || "base" in probability) {
      outcomeChoice[k] = OutcomeChoice.table;
      forEachCell(layout, (cell, _r, g, i) => {
        outcomeProbability[k * layout.cells + cell] =
          typeof probability === "number"
            ? probability
            : Math.min(
                1,
                probability.base *
                  multiplier(probability.byGroup, groups[g].id) *
                  multiplier(probability.byIncome, incomeBands[i].id),
              );
      });
    } else {
      outcomeChoice[k] = OutcomeChoice.logistic;
      outcomeIntercept[k] = probability.logistic.intercept;
      outcomeSlope[k] = probability.logistic.slope;
      outcomeCentre[k] = probability.logistic.centre;
      outcomeLedger[k] = probability.ledger === "record" ? OutcomeLedger.record : OutcomeLedger.truth;
    }
  });
  const delayDays = Float64Array.from(branches, ({ outcome }) => outcome.afterDays);
  return {
    outcomeBranches: K,
    outcomeBranchOf,
    outcomeOpportunity: Uint16Array.from(branches, ({ o }) => o),
    outcomeGranted: Uint8Array.from(branches, ({ granted }) => (granted ? 1 : 0)),
    outcomeDelayDays: delayDays,
    outcomeDelayExponential: Uint8Array.from(branches, ({ outcome }) =>
      outcome.distribution === "exponential" ? 1 : 0,
    ),
    outcomeDelayRate: delayDays.map((days) => (days > 0 ? Math.log1p(1 / days) : 0)),
    outcomeBehaviours: branches.map(({ outcome, where }) =>
      Uint16Array.from(outcome.behaviours, (id) => behaviour(id, `${where}.behaviours`)),
    ),
    outcomeActStart,
    outcomeActs: acts,
    outcomeChoice,
    outcomeProbability,
    outcomeIntercept,
    outcomeSlope,
    outcomeCentre,
    outcomeLedger,
  };
}
