import { describe, expect, it } from "vitest";
import { simulate } from "../../../src/core/engine/index.js";
import type { Summary } from "../../../src/core/metrics/index.js";
import { loadScenario } from "../../../src/node/scenarios.js";

const SIZE = ["population.size=3000", "run.days=200"];
/** Every response that feeds back on behaviour switched off; association stays (it only moves the record). */
const NO_RESPONSES = [
  ...SIZE,
  "responses.deterrence.enabled=false",
  "responses.chilling.enabled=false",
  "responses.gaming.enabled=false",
  "responses.distress.enabled=false",
  // Paying a judgment happens only while listed (a state rule): without the rule nobody pays, as in no-system.
  "responses.byState=[]",
  "behaviours.paying-judgment.rate=0",
];

/** The truth ledger's counts: every behaviour's true acts, and harm-weighted acts by group. */
function truthOf(summary: Summary) {
  return {
    acts: Object.fromEntries(
      Object.entries(summary.acts.byBehaviour).map(([behaviour, counts]) => [behaviour, counts.true]),
    ),
    harm: summary.behaviour.harm,
    harmByGroup: Object.fromEntries(
      Object.entries(summary.groups).map(([group, part]) => [group, part.harmPerCitizen]),
    ),
    legitimateActs: summary.behaviour.legitimateActs,
  };
}

describe("simulate() without responses: the truth ledger does not depend on the apparatus", () => {
  it("china-2020 (sources, scoring, blacklist, sanctions, rewards) and no-system give the same true acts and harm", () => {
    const system = loadScenario("china-2020", NO_RESPONSES);
    const none = loadScenario("no-system", SIZE);
    expect(system.sources.length).toBeGreaterThan(0);
    expect(system.consequences?.opportunities.length).toBeGreaterThan(0);
    for (const seed of [1, 20260301]) {
      const withSystem = simulate(system, { seed, pairedBaseline: false }).summary;
      const without = simulate(none, { seed, pairedBaseline: false }).summary;
      // The apparatus did act: records, listings and denials.
      expect(withSystem.acts.recorded).toBeGreaterThan(0);
      expect(withSystem.listings.entries).toBeGreaterThan(0);
      expect(withSystem.association.penalties).toBeGreaterThan(0);
      expect(truthOf(withSystem)).toEqual(truthOf(without));
    }
  });

  it("the paired baseline of a scenario without responses prevents exactly no harm", () => {
    const system = loadScenario("china-2020", NO_RESPONSES);
    const { summary } = simulate(system, { seed: 7, pairedBaseline: true });
    expect(summary.behaviour.harmPrevented).toBe(0);
    expect(summary.behaviour.legitimateActsLost).toBe(0);
  });
});
