import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulate } from "../../../src/core/engine/index.js";
import { loadScenario } from "../../../src/node/scenarios.js";
import { cli } from "../../node/cliHarness.js";
import { runStepped, scenario } from "./harness.js";

const SIZE = 20_000;

const BEHAVIOURS = [
  { id: "good-deed", rate: 4, points: 5, visible: true },
  { id: "jaywalking", rate: 8, points: -5 },
  { id: "drunk-driving", rate: 0.05, points: -50, severity: "severe" },
  { id: "absence", rate: 3, points: -3 },
  { id: "speech", rate: 2, points: -10, legitimate: true },
  { id: "paying-debt", rate: 1, points: 2 },
];
const ALL = BEHAVIOURS.map((behaviour) => behaviour.id);

/** Every mechanism on but association, observed by sources that see every act, at once, against the right citizen. */
const perfect = {
  population: {
    size: SIZE,
    regions: [
      { id: "east", share: 0.5, surveillance: 0.9 },
      { id: "west", share: 0.5, surveillance: 0.4 },
    ],
    groups: [
      { id: "majority", share: 0.8 },
      { id: "minority", share: 0.2 },
    ],
    incomeBands: [
      { id: "low", share: 0.5 },
      { id: "high", share: 0.5 },
    ],
    propensity: { shape: 0.7 },
  },
  behaviours: BEHAVIOURS,
  sources: [
    // Uniform coverage: regional surveillance below 1 would make detection imperfect.
    { id: "cctv", observes: ALL, detection: 1, misattribution: { enabled: false, rate: 0.5 } },
    // A second source on two behaviours: its records carry no points, but count and may list.
    {
      id: "informant",
      observes: ["jaywalking", "speech"],
      detection: 1,
      spurious: { enabled: false, rate: 5 },
    },
  ],
  scoring: {
    range: { min: 350, max: 950 },
    initial: { mean: 650, sd: 40 },
    decay: { halfLifeDays: 120 },
    bands: [
      { id: "poor", min: 350, max: 550, category: "bad" },
      { id: "fair", min: 550, max: 700, category: "ordinary" },
      { id: "top", min: 700, max: 950, category: "good" },
    ],
  },
  blacklist: {
    entry: { scoreBelow: 580, severity: "severe" },
    minimumDays: 60,
    exit: { scoreAtLeast: 620, complianceBehaviours: ["paying-debt"] },
  },
  consequences: {
    opportunities: [
      { id: "rail", rate: 6, value: 300, deniedTo: { listed: true } },
      { id: "flight", rate: 1, value: 800, deniedTo: { listed: true } },
    ],
    rewards: [{ id: "discount", rate: 50, value: 1, grantedTo: { scoreAtLeast: 700 } }],
  },
  responses: {
    deterrence: { strength: 0.3 },
    chilling: { strength: 0.2 },
    gaming: { strength: 0.5 },
    distress: { multiplier: 2, durationDays: 30, behaviours: ["absence"] },
    association: { enabled: false, points: -100 },
  },
  dueProcess: { appeals: { probability: 0.5, errorDetection: 1 }, repair: { behaviours: ["good-deed"] } },
};

describe("simulate() with perfect sources", () => {
  it("keeps the record equal to the truth, citizen by citizen, at the end of every 20th day and of the run", () => {
    let checks = 0;
    const { simulation, summary } = runStepped(scenario(perfect), {
      seed: 11,
      afterDay: (run, day) => {
        if (day % 20 !== 0) return;
        for (let i = 0; i < SIZE; i++) {
          if (
            run.recordedScoreOn(i, day) !== run.trueScoreOn(i, day) ||
            run.standing.listedSince(i) !== run.standing.trulyListedSince(i)
          )
            throw new Error(`citizen ${i} differs on day ${day}`);
        }
        checks++;
      },
    });
    expect(checks).toBe(19);
    let scoreDifferences = 0;
    let listingDifferences = 0;
    for (let i = 0; i < SIZE; i++) {
      if (simulation.state.recordedScore[i] !== simulation.state.trueScore[i]) scoreDifferences++;
      if (simulation.standing.listedSince(i) !== simulation.standing.trulyListedSince(i))
        listingDifferences++;
    }
    expect({ scoreDifferences, listingDifferences }).toEqual({ scoreDifferences: 0, listingDifferences: 0 });
    // The run exercised every rule it checks: threshold and severity entries, exits, and listings at the end.
    expect(summary.listings.byRule.threshold).toBeGreaterThan(100);
    expect(summary.listings.byRule.severity).toBeGreaterThan(100);
    expect(summary.listings.delistings).toBeGreaterThan(100);
    expect(summary.listings.current).toBeGreaterThan(100);
  });

  it("reports no wrongful listing, precision and recall 1, no missed offender and no wrongful denial", () => {
    const { summary, simulation } = simulate(scenario(perfect), { seed: 11 });
    expect(summary.acts).toMatchObject({ misattributed: 0, spurious: 0, pendingRecords: 0 });
    // Each act is recorded once per source observing it.
    const byBehaviour = summary.acts.byBehaviour;
    for (const id of ALL) {
      const sources = id === "jaywalking" || id === "speech" ? 2 : 1;
      expect(byBehaviour[id].recorded, id).toBe(sources * byBehaviour[id].true);
    }
    expect(summary.listings).toMatchObject({
      wrongful: 0,
      wrongfulShare: 0,
      precision: 1,
      recall: 1,
      wrongfulPersonDays: 0,
      missedOffenders: 0,
    });
    expect(summary.listings.trulyListed).toBe(summary.listings.current);
    expect(summary.listings.byTrigger).toEqual({
      true: summary.listings.entries,
      misattributed: 0,
      spurious: 0,
      association: 0,
    });
    for (const [id, opportunity] of Object.entries(summary.denied)) {
      expect(opportunity.denied, id).toBeGreaterThan(0);
      expect(opportunity.deniedWrongfully, id).toBe(0);
    }
    for (let k = 0; k < simulation.listings.length; k++) expect(simulation.listings.wrongful.data[k]).toBe(0);
    for (const group of Object.values(summary.groups)) {
      expect(group.wrongfulListingRate).toBe(0);
      expect(group.everWrongfullyListedRate).toBe(0);
      expect(group.meanRecordedScore).toBe(group.meanTrueScore);
    }
    // Appeals find nothing to strike off.
    expect(summary.appeals.filed).toBeGreaterThan(0);
    expect(summary.appeals).toMatchObject({ overturned: 0, recordsRestored: 0 });
  });

  // Known bug (reported): the truth ledger takes a same-day act at once while the record applies it at the day's
  // end, so a request made after a good act on the same day is counted as a wrongful denial by a score rule.
  it("reports no wrongful denial by a category or score rule", () => {
    const input = scenario({
      ...perfect,
      consequences: {
        opportunities: [
          { id: "loan", rate: 2, value: 5000, deniedTo: { categories: ["bad"], scoreBelow: 600 } },
        ],
      },
    });
    const { summary } = simulate(input, { seed: 11 });
    expect(summary.denied.loan.denied).toBeGreaterThan(0);
    expect(summary.denied.loan.deniedWrongfully).toBe(0);
  });
});

describe("simulate() with the system switched off", () => {
  it("no-system: nothing recorded, listed, denied or rewarded, and no score", () => {
    const input = loadScenario("no-system", ["population.size=20000", "run.days=120"]);
    const { summary, simulation } = simulate(input);
    expect(summary.mechanisms).toEqual({
      sources: 0,
      scoring: false,
      blacklist: false,
      publicListing: false,
      sanctions: false,
      rewards: false,
      appeals: false,
      association: false,
    });
    expect(summary.acts.true).toBeGreaterThan(100_000);
    expect(summary.acts).toMatchObject({
      recorded: 0,
      misattributed: 0,
      spurious: 0,
      gamed: 0,
      pendingRecords: 0,
    });
    for (const behaviour of Object.values(summary.acts.byBehaviour)) expect(behaviour.recorded).toBe(0);
    expect(summary.listings).toMatchObject({
      current: 0,
      ever: 0,
      entries: 0,
      trulyListed: 0,
      personDays: 0,
    });
    expect(summary.denied).toEqual({});
    expect(summary.rewards).toEqual({});
    expect(summary.appeals).toEqual({ filed: 0, reviewed: 0, overturned: 0, recordsRestored: 0 });
    expect(summary.association.penalties).toBe(0);
    expect(summary.exposure.personDays).toBe(0);
    for (const group of Object.values(summary.groups)) {
      expect(group).toMatchObject({ listingRate: 0, meanRecordedScore: null, meanTrueScore: null });
    }
    expect(simulation.state.recordedScore.every((score) => score === 0)).toBe(true);
  });

  it("scoring, blacklist, consequences and sources with enabled: false: nothing recorded, listed, denied or rewarded", () => {
    const input = scenario({
      ...perfect,
      sources: perfect.sources.map((source) => ({ ...source, enabled: false })),
      scoring: { ...perfect.scoring, enabled: false },
      blacklist: { ...perfect.blacklist, enabled: false },
      consequences: { ...perfect.consequences, enabled: false },
      dueProcess: {},
    });
    const { summary, simulation } = simulate(input, { seed: 5, days: 120 });
    expect(summary.mechanisms).toMatchObject({
      sources: 0,
      scoring: false,
      blacklist: false,
      sanctions: false,
      rewards: false,
    });
    expect(summary.acts.true).toBeGreaterThan(50_000);
    expect(summary.acts).toMatchObject({
      recorded: 0,
      misattributed: 0,
      spurious: 0,
      gamed: 0,
      pendingRecords: 0,
    });
    expect(summary.listings).toMatchObject({ current: 0, entries: 0, trulyListed: 0 });
    expect(summary.denied).toEqual({});
    expect(summary.rewards).toEqual({});
    expect(simulation.state.recordedScore.every((score) => score === 0)).toBe(true);
    expect(simulation.state.trueScore.every((score) => score === 0)).toBe(true);
  });

  it("sources on but scoring, blacklist and consequences off: records counted, yet no score, listing or denial", () => {
    const input = scenario({
      ...perfect,
      scoring: { ...perfect.scoring, enabled: false },
      blacklist: { ...perfect.blacklist, enabled: false },
      consequences: { ...perfect.consequences, enabled: false },
      dueProcess: {},
    });
    const { summary, simulation } = simulate(input, { seed: 5, days: 120 });
    expect(summary.acts.recorded).toBeGreaterThan(50_000);
    expect(summary.listings).toMatchObject({ current: 0, entries: 0, trulyListed: 0 });
    expect(summary.denied).toEqual({});
    expect(summary.rewards).toEqual({});
    expect(summary.acts.gamed).toBe(0);
    expect(simulation.state.recordedScore.every((score) => score === 0)).toBe(true);
  });
});

describe("simulate() determinism", () => {
  const china = loadScenario("china-2020", ["population.size=20000", "run.days=120"]);

  it("gives a byte-identical summary and identical columns for the same seed, and a different summary for another", () => {
    const first = simulate(china, { seed: 7 });
    const second = simulate(china, { seed: 7 });
    const other = simulate(china, { seed: 8 });
    expect(JSON.stringify(second.summary)).toBe(JSON.stringify(first.summary));
    expect(second.simulation.state.recordedScore).toEqual(first.simulation.state.recordedScore);
    expect(second.simulation.state.trueScore).toEqual(first.simulation.state.trueScore);
    expect(second.simulation.standing.column("listedSince")).toEqual(
      first.simulation.standing.column("listedSince"),
    );
    expect(JSON.stringify(other.summary)).not.toBe(JSON.stringify(first.summary));
    expect(first.summary.seed).toBe(7);
    expect(other.summary.seed).toBe(8);
  });

  it("run.seed is the default seed and options.seed overrides it", () => {
    const fromScenario = simulate(scenario({ ...perfect, run: { seed: 11, days: 30 } }));
    const fromOption = simulate(scenario({ ...perfect, run: { seed: 99, days: 30 } }), { seed: 11 });
    expect(JSON.stringify(fromOption.summary)).toBe(JSON.stringify(fromScenario.summary));
  });

  it("calls onDay once per day, in order, with the listed counts of that day", () => {
    const days: number[] = [];
    let listed = 0;
    const { simulation } = simulate(scenario(perfect), {
      seed: 3,
      days: 50,
      onDay: (report) => {
        days.push(report.day);
        listed = report.listed;
        expect(report.trulyListed).toBe(report.listed);
      },
    });
    expect(days).toEqual(Array.from({ length: 50 }, (_, day) => day));
    expect(listed).toBe(simulation.listed.size);
  });

  it("controlocracy run twice writes byte-identical summary.json files", async () => {
    const directories = [1, 2].map((k) => join(tmpdir(), `controlocracy-engine-${process.pid}-${k}`));
    for (const directory of directories) {
      const result = await cli(["run", "--population", "20000", "--out", directory, "--force", "--json"]);
      expect(result.code, result.stderr).toBe(0);
    }
    const [first, second] = directories.map((directory) => readFileSync(join(directory, "summary.json")));
    expect(first.length).toBeGreaterThan(1000);
    expect(second.equals(first)).toBe(true);
  });
});
