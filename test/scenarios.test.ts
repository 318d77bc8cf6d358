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
  it("holds the seven scenarios, each listed by `controlocracy scenarios` with its title", async () => {
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
});
