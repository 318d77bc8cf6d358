import { describe, expect, it } from "vitest";
import { simulate } from "../src/core/engine/index.js";
import type { Summary } from "../src/core/metrics/index.js";
import { builtinNames, loadScenario } from "../src/node/scenarios.js";
import { cli } from "./node/cliHarness.js";

const LIBRARY = [
  "china-2020",
  "due-process",
  "france-tools",
  "health-pass",
  "lending",
  "lending-group-aware",
  "no-system",
  "rongcheng",
  "sesame-credit",
];

/** A small run of a built-in scenario on its own seed: 20,000 citizens, the scenario's days up to 120. */
function small(name: string): Summary {
  const scenario = loadScenario(name, ["population.size=20000", "measurement.pairedBaseline=false"]);
  return simulate(scenario, { days: Math.min(120, scenario.run.days) }).summary;
}

const deniedTotal = (summary: Summary) =>
  Object.values(summary.denied).reduce((total, opportunity) => total + opportunity.denied, 0);
const requestsTotal = (summary: Summary) =>
  Object.values(summary.denied).reduce((total, opportunity) => total + opportunity.requests, 0);

describe("the scenario library", () => {
  it("holds the nine scenarios, each listed by `controlocracy scenarios` with its title", async () => {
    expect(builtinNames().sort()).toEqual(LIBRARY);
    const result = await cli(["scenarios", "--json"]);
    const rows = JSON.parse(result.stdout) as { name: string; title: string }[];
    expect(rows.map((row) => row.name).sort()).toEqual(LIBRARY);
    for (const row of rows) expect(row.title.length, row.name).toBeGreaterThan(20);
  });

  it("china-2020: a scored, public blacklist that denies travel and credit", () => {
    const summary = small("china-2020");
    expect(summary.mechanisms).toMatchObject({
      scoring: true,
      blacklist: true,
      publicListing: true,
      sanctions: true,
    });
    expect(summary.listings.current).toBeGreaterThan(0);
    // Travel: about 1,200 listed person-days in this small run give about 3 air-ticket and 9 rail-ticket denials
    // expected; either may be 0 by chance, both together hardly (e^−12).
    expect(summary.denied["air-ticket"].denied + summary.denied["rail-ticket"].denied).toBeGreaterThan(0);
  });

  it("due-process: appeals overturn listings; no public list and no guilt by association", () => {
    const summary = small("due-process");
    expect(summary.mechanisms).toMatchObject({ appeals: true, publicListing: false, association: false });
    expect(summary.appeals.filed).toBeGreaterThan(0);
    expect(summary.association.penalties).toBe(0);
  });

  it("health-pass: two tiers, the unvaccinated tenth refused at every gated door, shops exempt", () => {
    const summary = small("health-pass");
    const share = summary.listings.current / summary.population;
    expect(share).toBeGreaterThan(0.07);
    expect(share).toBeLessThan(0.15);
    const restaurants = summary.denied.restaurants;
    expect(restaurants.denied / restaurants.requests).toBeGreaterThan(0.07);
    expect(restaurants.denied / restaurants.requests).toBeLessThan(0.15);
    expect(summary.denied["shops-urban-transit"].denied).toBe(0);
  });

  it("sesame-credit: a commercial score with perks and refused loans, and no blacklist", () => {
    const summary = small("sesame-credit");
    expect(summary.mechanisms).toMatchObject({ scoring: true, blacklist: false, rewards: true });
    expect(summary.listings.current).toBe(0);
    expect(deniedTotal(summary)).toBeGreaterThan(0);
    expect(Object.values(summary.rewards).some((reward) => reward.value > 0)).toBe(true);
  });

  it("rongcheng: points from 1000 that rarely cost anyone anything", () => {
    const summary = small("rongcheng");
    expect(summary.mechanisms.blacklist).toBe(false);
    expect(deniedTotal(summary)).toBeLessThan(0.01 * requestsTotal(summary) + 1);
  });

  it("france-tools: the tools already in place, crossed into one score and an unpublished list", () => {
    const summary = small("france-tools");
    expect(summary.mechanisms).toMatchObject({ scoring: true, blacklist: true, publicListing: false });
    expect(summary.mechanisms.sources).toBeGreaterThanOrEqual(5);
  });

  it("no-system: the same population and behaviours, nothing recorded, listed or denied", () => {
    const summary = small("no-system");
    expect(summary.acts.true).toBeGreaterThan(0);
    expect(summary.acts.recorded).toBe(0);
    expect(summary.listings.current).toBe(0);
    expect(deniedTotal(summary)).toBe(0);
  });

  it("china-2020 over six years: the roll-out raises the cameras' records, and listed debtors leave by paying, before the two-year minimum", () => {
    const scenario = loadScenario("china-2020", [
      "population.size=20000",
      "measurement.pairedBaseline=false",
    ]);
    const run = (days: number) => simulate(scenario, { days }).summary;
    const first = run(365);
    const sixYears = run(2190);
    expect(sixYears.listings.delistingsByCause.compliance).toBeGreaterThan(0);
    // Cameras record about 0.1 of what they can in 2014 and 0.3–0.36 from 2018: the average share over six years is
    // well above the first year's.
    const share = (summary: Summary) =>
      summary.acts.byBehaviour.jaywalking.recorded / summary.acts.byBehaviour.jaywalking.true;
    expect(share(sixYears)).toBeGreaterThan(1.5 * share(first));
  });

  it("lending and lending-group-aware: loans end in repayments and defaults; group B's lower threshold grants it more loans and leaves group A exactly as it was", () => {
    const options = ["population.size=5000", "run.days=730"];
    const profit = simulate(loadScenario("lending", options)).summary;
    const aware = simulate(loadScenario("lending-group-aware", options)).summary;
    const outcomes = profit.outcomes?.loan.granted;
    expect(outcomes?.byBehaviour.repayment).toBeGreaterThan(0);
    expect(outcomes?.byBehaviour.default).toBeGreaterThan(0);
    const denied = (summary: Summary, group: string) => summary.denied.loan.byGroup[group].denied;
    expect(denied(aware, "group-b")).toBeLessThan(denied(profit, "group-b"));
    // A citizen's loans depend only on its own score: group A's are the same draws under both rules.
    expect(denied(aware, "group-a")).toBe(denied(profit, "group-a"));
    expect(aware.groups["group-a"].meanRecordedScoreChange).toBe(
      profit.groups["group-a"].meanRecordedScoreChange,
    );
  });
});
