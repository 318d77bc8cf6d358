import { describe, expect, it } from "vitest";
import { simulate } from "../../../src/core/engine/index.js";
import { attributeColumns } from "../../../src/core/population/index.js";
import { ALPHA, binomialZTest, runStepped, scenario, zTest } from "./harness.js";

const population = {
  groups: [
    { id: "majority", share: 0.7 },
    { id: "minority", share: 0.3 },
  ],
  incomeBands: [
    { id: "low", share: 0.5 },
    { id: "high", share: 0.5 },
  ],
  ageBands: [
    { id: "young", share: 0.4 },
    { id: "old", share: 0.6 },
  ],
};

/** An act every citizen does about ten times a day, seen at once: everybody is listed by the end of day 0 or 1. */
const everybodyListed = {
  behaviours: [{ id: "curfew", rate: 3650, severity: "severe", heterogeneity: { shape: 1000 } }],
  sources: [{ id: "cctv", observes: ["curfew"], detection: 1 }],
  blacklist: { entry: { severity: "severe" }, minimumDays: 10_000, public: { reach: 3, ostracism: 0.3 } },
};

describe("simulate() opportunities", () => {
  it(`requests arrive at rate × rateByIncome × rateByAge × N × days/365, not scaled by propensity (Poisson z-test, α = ${ALPHA})`, () => {
    const size = 20_000;
    const input = scenario({
      population: { ...population, size },
      behaviours: [{ id: "jaywalking", rate: 2 }],
      consequences: {
        opportunities: [
          { id: "rail", rate: 6, rateByIncome: { high: 3 }, rateByAge: { old: 0.5 } },
          { id: "loan", rate: 0.4 },
          { id: "school", rate: 1, rateByAge: { old: 0 } },
        ],
      },
    });
    const { summary, simulation } = simulate(input, { seed: 81 });
    const { incomeBand, ageBand } = attributeColumns(simulation.population);
    const factors = {
      rail: (i: number) => 6 * (incomeBand[i] === 1 ? 3 : 1) * (ageBand[i] === 1 ? 0.5 : 1),
      loan: () => 0.4,
      school: (i: number) => (ageBand[i] === 1 ? 0 : 1),
    };
    for (const [id, factor] of Object.entries(factors)) {
      let mean = 0;
      for (let i = 0; i < size; i++) mean += factor(i);
      const opportunity = summary.denied[id];
      expect(zTest(opportunity.requests, mean, mean), id).toBeGreaterThan(ALPHA);
      expect(opportunity.denied, id).toBe(0);
      const byGroup = Object.values(opportunity.byGroup).reduce((total, group) => total + group.requests, 0);
      expect(byGroup, id).toBe(opportunity.requests);
    }
  });

  it(`deniedTo { listed: true } denies every request of a listed citizen and none before (exact, day by day); ostracism refuses a share of the rest (binomial, α = ${ALPHA})`, () => {
    const size = 2_000;
    const input = scenario({
      ...everybodyListed,
      population: { size },
      consequences: {
        opportunities: [
          { id: "rail", rate: 50, deniedTo: { listed: true } },
          { id: "shop", rate: 50 },
        ],
      },
    });
    // One group: metrics are indexed by opportunity (0: rail, 1: shop).
    const last = { railRequests: 0, railDenied: 0, shopRequests: 0, shopOstracised: 0 };
    let listedAtStart = 0;
    let daysAllListed = 0;
    let shopWhileListed = 0;
    let ostracisedWhileListed = 0;
    let personDays = 0;
    const { summary } = runStepped(input, {
      seed: 82,
      days: 30,
      afterDay: (run, day) => {
        const now = {
          railRequests: run.counts.requests[0],
          railDenied: run.counts.denied[0],
          shopRequests: run.counts.requests[1],
          shopOstracised: run.counts.ostracised[1],
        };
        const railRequests = now.railRequests - last.railRequests;
        const railDenied = now.railDenied - last.railDenied;
        const shopOstracised = now.shopOstracised - last.shopOstracised;
        expect(railRequests).toBeGreaterThan(0);
        if (listedAtStart === 0) expect([railDenied, shopOstracised], `day ${day}`).toEqual([0, 0]);
        if (listedAtStart === size) {
          daysAllListed++;
          expect(railDenied, `day ${day}`).toBe(railRequests);
          shopWhileListed += now.shopRequests - last.shopRequests;
          ostracisedWhileListed += shopOstracised;
        }
        Object.assign(last, now);
        listedAtStart = run.listed.size;
        personDays += run.listed.size;
      },
    });
    expect(daysAllListed).toBeGreaterThanOrEqual(28);
    expect(summary.denied.rail.deniedWrongfully).toBe(0);
    expect(summary.denied.rail.ostracised).toBe(0);
    expect(summary.denied.shop.denied).toBe(0);
    expect(binomialZTest(ostracisedWhileListed, shopWhileListed, 0.3)).toBeGreaterThan(ALPHA);
    expect(summary.listings.personDays).toBe(personDays);
    expect(summary.exposure.personDays).toBe(3 * personDays);
  });

  it("nobody is denied when the blacklist is off, or by an opportunity without deniedTo", () => {
    const input = scenario({
      ...everybodyListed,
      population: { size: 1_000 },
      blacklist: { ...everybodyListed.blacklist, enabled: false },
      consequences: {
        opportunities: [
          { id: "rail", rate: 50, deniedTo: { listed: true } },
          { id: "shop", rate: 50 },
        ],
      },
    });
    const { summary } = simulate(input, { seed: 83, days: 20 });
    for (const opportunity of Object.values(summary.denied)) {
      expect(opportunity.requests).toBeGreaterThan(1_000);
      expect(opportunity.denied).toBe(0);
      expect(opportunity.ostracised).toBe(0);
    }
  });

  it("deniedTo by category and by score matches the recorded score (all denied, or none)", () => {
    const input = scenario({
      population: { size: 1_000 },
      scoring: {
        range: { min: 0, max: 1000 },
        initial: { mean: 100 },
        bands: [
          { id: "poor", min: 0, max: 500, category: "bad" },
          { id: "rich", min: 500, max: 1000, category: "good" },
        ],
      },
      consequences: {
        opportunities: [
          { id: "loan", rate: 20, deniedTo: { categories: ["bad"] } },
          { id: "flat", rate: 20, deniedTo: { scoreBelow: 101 } },
          { id: "job", rate: 20, deniedTo: { scoreAtLeast: 100 } },
          { id: "bike", rate: 20, deniedTo: { categories: ["good"], scoreBelow: 100 } },
        ],
      },
    });
    const { summary } = simulate(input, { seed: 84, days: 30 });
    for (const id of ["loan", "flat", "job"])
      expect(summary.denied[id].denied, id).toBe(summary.denied[id].requests);
    expect(summary.denied.bike.denied).toBe(0);
    for (const opportunity of Object.values(summary.denied)) expect(opportunity.deniedWrongfully).toBe(0);
  });

  it("a group's own threshold (scoreBelowByGroup, scoreAtLeastByGroup) replaces the rule's for that group only", () => {
    const input = scenario({
      population: { ...population, size: 1_000 },
      scoring: { range: { min: 0, max: 1000 }, initial: { mean: 620 } },
      consequences: {
        opportunities: [
          // Every score is 620: the majority is refused below 650, the minority only below 600.
          { id: "loan", rate: 20, deniedTo: { scoreBelow: 650, scoreBelowByGroup: { minority: 600 } } },
          { id: "visa", rate: 20, deniedTo: { scoreAtLeastByGroup: { majority: 620 } } },
        ],
      },
    });
    const { summary } = simulate(input, { seed: 85, days: 30 });
    const { loan, visa } = summary.denied;
    expect(loan.byGroup.majority.denied).toBe(loan.byGroup.majority.requests);
    expect(loan.byGroup.minority.requests).toBeGreaterThan(0);
    expect(loan.byGroup.minority.denied).toBe(0);
    // At least: 620 ≥ 620 is refused; the minority has no such condition.
    expect(visa.byGroup.majority.denied).toBe(visa.byGroup.majority.requests);
    expect(visa.byGroup.minority.denied).toBe(0);
  });
});

describe("simulate() rewards", () => {
  const size = 10_000;
  const rewarding = (days: number, rewardReviewDays: number) =>
    scenario({
      population: { ...population, size },
      behaviours: [{ id: "good-deed", rate: 5, points: 1 }],
      sources: [{ id: "cctv", observes: ["good-deed"], detection: 1 }],
      scoring: {
        range: { min: 0, max: 1000 },
        initial: { mean: 800, sd: 20 },
        bands: [
          { id: "low", min: 0, max: 700, category: "ordinary" },
          { id: "high", min: 700, max: 1000, category: "good" },
        ],
      },
      consequences: {
        rewardReviewDays,
        rewards: [
          {
            id: "discount",
            rate: 12,
            value: 10,
            rateByIncome: { high: 2 },
            grantedTo: { scoreAtLeast: 700 },
          },
          { id: "shop", rate: 3, value: 7, grantedTo: { categories: ["good"] } },
          { id: "nobody", rate: 100, value: 1000, grantedTo: { scoreAtLeast: 1000 } },
          { id: "no-rule", rate: 100, value: 1000, grantedTo: {} },
        ],
      },
      run: { days },
    });

  for (const [days, review] of [
    [365, 30],
    [100, 30],
    [45, 60],
  ]) {
    it(`everybody eligible: value = rate × rateByIncome × value × N × days/365 within 1e-9 relative (${days} days, review every ${review})`, () => {
      const { summary, simulation } = simulate(rewarding(days, review), { seed: 85 });
      const { incomeBand: income, group } = attributeColumns(simulation.population);
      expect(simulation.state.recordedScore.every((score) => score >= 700)).toBe(true);
      const expected = { byIncome: [0, 0], byGroup: [0, 0] };
      for (let i = 0; i < size; i++) {
        const value = ((12 * (income[i] === 1 ? 2 : 1)) / 365) * 10 * days;
        expected.byIncome[income[i]] += value;
        expected.byGroup[group[i]] += value;
      }
      const total = expected.byIncome[0] + expected.byIncome[1];
      const discount = summary.rewards.discount;
      expect(Math.abs(discount.value - total) / total).toBeLessThan(1e-9);
      expect(Math.abs(discount.byIncome.low - expected.byIncome[0]) / total).toBeLessThan(1e-9);
      expect(Math.abs(discount.byIncome.high - expected.byIncome[1]) / total).toBeLessThan(1e-9);
      expect(Math.abs(discount.byGroup.majority - expected.byGroup[0]) / total).toBeLessThan(1e-9);
      expect(Math.abs(discount.byGroup.minority - expected.byGroup[1]) / total).toBeLessThan(1e-9);
      const shop = (3 / 365) * 7 * days * size;
      expect(Math.abs(summary.rewards.shop.value - shop) / shop).toBeLessThan(1e-9);
      expect(summary.rewards.nobody.value).toBe(0);
      expect(summary.rewards["no-rule"].value).toBe(0);
    });
  }
});
