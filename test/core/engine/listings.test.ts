import { describe, expect, it } from "vitest";
import { LISTING_RULE_NAMES, RECORD_KIND_NAMES, simulate } from "../../../src/core/engine/index.js";
import type { Simulation } from "../../../src/core/engine/simulation.js";
import { ListingRule, RecordKind, SEVERITY_RANK } from "../../../src/core/model/index.js";
import { attributeColumns } from "../../../src/core/population/index.js";
import { NOT_LISTED } from "../../../src/core/state/citizens.js";
import { ListingEnd } from "../../../src/core/state/listings.js";
import { loadScenario } from "../../../src/node/scenarios.js";
import { ALPHA, countWhere, runStepped, scenario, zTest } from "./harness.js";

const SIZE = 20_000;

/** Checks that every score of both ledgers, brought to `day`, lies in [min, max]; returns how many lie on a bound. */
function expectScoresInRange(simulation: Simulation, day: number): number {
  const { scoreMin, scoreMax } = simulation.model;
  let onBound = 0;
  for (let i = 0; i < simulation.population.size; i++) {
    for (const score of [simulation.recordedScoreOn(i, day), simulation.trueScoreOn(i, day)]) {
      if (!(score >= scoreMin && score <= scoreMax))
        throw new Error(`citizen ${i} scores ${score} on day ${day}`);
      if (score === scoreMin || score === scoreMax) onBound++;
    }
  }
  return onBound;
}

/** Checks that the listed sets, `listedSince` and the open rows of the listing log agree. */
function expectListingStateConsistent(simulation: Simulation): void {
  const { listings } = simulation;
  const listedSince = simulation.standing.column("listedSince");
  const trulyListedSince = simulation.standing.column("trulyListedSince");
  const size = simulation.population.size;
  expect(countWhere(size, (i) => listedSince[i] !== NOT_LISTED)).toBe(simulation.listed.size);
  expect(countWhere(size, (i) => trulyListedSince[i] !== NOT_LISTED)).toBe(simulation.trulyListed.size);
  let open = 0;
  for (let k = 0; k < listings.length; k++) if (listings.endReason.data[k] === ListingEnd.ongoing) open++;
  expect(open).toBe(simulation.listed.size);
  for (let i = 0; i < size; i++) {
    if (listedSince[i] === NOT_LISTED) {
      if (listings.ongoingOf(i) !== -1)
        throw new Error(`citizen ${i} is not listed but has an ongoing listing`);
      continue;
    }
    const row = listings.ongoingOf(i);
    if (listings.citizen.data[row] !== i || listings.day.data[row] !== listedSince[i])
      throw new Error(`citizen ${i}'s current listing row ${row} does not match`);
  }
}

describe("Simulation scores and listing state", () => {
  it("a record without points reads the recorded score decayed to its day: no listing on a score that decay has left behind", () => {
    // Every score starts at 40, below the threshold 50, and decays towards 100 with a one-day half-life. Each act is
    // seen by a slow source (its record carries the points, 100 days later) and a fast one (no points, 10 days
    // later): by the time any record applies, every score is far above the threshold on both ledgers.
    const input = scenario({
      population: { size: 2_000 },
      behaviours: [{ id: "x", rate: 10, points: -1 }],
      sources: [
        { id: "slow", observes: ["x"], detection: 1, delay: { days: 100 } },
        { id: "fast", observes: ["x"], detection: 1, delay: { days: 10 } },
      ],
      scoring: {
        range: { min: 0, max: 200 },
        initial: { mean: 40 },
        decay: { towards: 100, halfLifeDays: 1 },
      },
      blacklist: { entry: { scoreBelow: 50 }, minimumDays: 10 },
    });
    const { summary } = simulate(input, { seed: 12, days: 60 });
    expect(summary.acts.recorded).toBeGreaterThan(0);
    expect(summary.listings.entries).toBe(0);
  });

  it("china-2020 (strong association): scores stay in [350, 950] on both ledgers, checked every 15 days; listing state stays consistent", () => {
    const input = loadScenario("china-2020", [
      "population.size=20000",
      "responses.association.points=-1",
      "responses.association.everyDays=15",
    ]);
    let checks = 0;
    const { simulation, summary } = runStepped(input, {
      afterDay: (run, day) => {
        if (day % 15 !== 14) return;
        expectScoresInRange(run, day);
        expectListingStateConsistent(run);
        checks++;
      },
    });
    expect(checks).toBe(24);
    expectScoresInRange(simulation, 364);
    for (const column of [simulation.state.recordedScore, simulation.state.trueScore])
      expect(column.every((score) => score >= 350 && score <= 950)).toBe(true);
    expect(summary.listings.byTrigger.association).toBeGreaterThan(0);
  });

  it("a tight range [0, 100] with large jumps: scores are clamped on both ledgers at every day, and many sit on a bound", () => {
    const input = scenario({
      population: { size: 5_000 },
      behaviours: [
        { id: "good", rate: 40, points: 30 },
        { id: "bad", rate: 40, points: -30 },
      ],
      sources: [{ id: "cctv", observes: ["good", "bad"], detection: 0.5, spurious: { rate: 20 } }],
      scoring: {
        range: { min: 0, max: 100 },
        initial: { mean: 50, sd: 60 },
        decay: { towards: 100, halfLifeDays: 5 },
      },
    });
    let onBound = 0;
    runStepped(input, {
      seed: 3,
      days: 60,
      afterDay: (run, day) => {
        onBound += expectScoresInRange(run, day);
      },
    });
    expect(onBound).toBeGreaterThan(10_000);
  });

  // Scores are held as 32-bit floats: a bound that is not one (0.1) would be rounded outwards when a clamped score is
  // held, leaving it just outside the range, unless the bounds are taken inwards (`float32Inside`).
  it("a range with bounds that are not float32 values [-0.3, 0.1]: scores stay in it", () => {
    const input = scenario({
      population: { size: 1_000 },
      behaviours: [
        { id: "good", rate: 40, points: 0.25 },
        { id: "bad", rate: 40, points: -0.25 },
      ],
      sources: [{ id: "cctv", observes: ["good", "bad"], detection: 1 }],
      scoring: { range: { min: -0.3, max: 0.1 }, initial: { mean: 0 } },
    });
    runStepped(input, { seed: 3, days: 30, afterDay: (run, day) => expectScoresInRange(run, day) });
  });
});

describe("Simulation listing log: every listing has its cause", () => {
  // china-2020 with more misattribution and a strong association penalty, so that every trigger kind occurs.
  const input = loadScenario("china-2020", [
    "population.size=20000",
    "sources.cctv.misattribution.rate=0.05",
    "sources.cctv.misattribution.victimWeightByGroup={}",
    "responses.association.points=-1",
    "responses.association.everyDays=15",
  ]);
  const { simulation, summary } = simulate(input);
  const { model, listings } = simulation;

  it("each row has a day, a rule, a source and behaviour (−1 only for association), a kind, an actor and a valid end", () => {
    expect(listings.length).toBe(summary.listings.entries);
    const kinds = new Set<number>();
    for (let k = 0; k < listings.length; k++) {
      const row = {
        citizen: listings.citizen.data[k],
        day: listings.day.data[k],
        rule: listings.rule.data[k],
        source: listings.source.data[k],
        behaviour: listings.behaviour.data[k],
        kind: listings.kind.data[k],
        actor: listings.actor.data[k],
        endDay: listings.endDay.data[k],
        endReason: listings.endReason.data[k],
      };
      const context = JSON.stringify(row);
      kinds.add(row.kind);
      expect(row.citizen >= 0 && row.citizen < SIZE, context).toBe(true);
      expect(row.day >= 0 && row.day < model.days, context).toBe(true);
      expect(LISTING_RULE_NAMES[row.rule], context).toBeDefined();
      expect(RECORD_KIND_NAMES[row.kind], context).toBeDefined();
      expect(row.actor >= 0 && row.actor < SIZE, context).toBe(true);
      if (row.kind === RecordKind.association) {
        expect([row.source, row.behaviour, row.rule], context).toEqual([-1, -1, ListingRule.threshold]);
        expect(row.actor, context).not.toBe(row.citizen);
      } else {
        expect(row.source >= 0 && row.source < model.sources, context).toBe(true);
        expect(row.behaviour >= 0 && row.behaviour < model.behaviours, context).toBe(true);
        // The source observes the behaviour (or, for a spurious record, may name it).
        const names =
          row.kind === RecordKind.spurious
            ? model.spuriousBehaviours[row.source]
            : model.observers[row.behaviour];
        const member = row.kind === RecordKind.spurious ? row.behaviour : row.source;
        expect(Array.from(names), context).toContain(member);
      }
      // A wrong trigger is among the wrong records the citizen's record held.
      if (row.kind === RecordKind.misattributed || row.kind === RecordKind.spurious) {
        expect(listings.wrongRecords.data[k], context).toBeGreaterThanOrEqual(1);
      }
      if (row.kind === RecordKind.misattributed) expect(row.actor, context).not.toBe(row.citizen);
      else if (row.kind !== RecordKind.association) expect(row.actor, context).toBe(row.citizen);
      // The rule matches its trigger.
      if (row.rule === ListingRule.severity)
        expect(model.severity[row.behaviour], context).toBeGreaterThanOrEqual(model.entrySeverity);
      if (row.rule === ListingRule.court) expect(model.courtSource[row.source], context).toBe(1);
      if (row.endReason === ListingEnd.ongoing) expect(row.endDay, context).toBe(ListingEnd.ongoing);
      else expect(row.endDay >= row.day && row.endDay < model.days, context).toBe(true);
    }
    expect([...kinds].sort()).toEqual([
      RecordKind.true,
      RecordKind.misattributed,
      RecordKind.spurious,
      RecordKind.association,
    ]);
    expect(model.entrySeverity).toBe(SEVERITY_RANK.severe);
  });

  it("the summary's counts by rule, by trigger and wrongful agree with the log", () => {
    const byRule = LISTING_RULE_NAMES.map(() => 0);
    const byKind = [0, 0, 0, 0];
    let wrongful = 0;
    for (let k = 0; k < listings.length; k++) {
      byRule[listings.rule.data[k]]++;
      byKind[listings.kind.data[k]]++;
      wrongful += listings.wrongful.data[k];
    }
    expect(Object.values(summary.listings.byRule)).toEqual(byRule);
    expect(Object.values(summary.listings.byTrigger)).toEqual(byKind);
    expect(summary.listings.wrongful).toBe(wrongful);
    expectListingStateConsistent(simulation);
  });
});

describe("Simulation association penalties", () => {
  it("every everyDays, each listed citizen's contacts get one penalty each (exact count)", () => {
    const contacts = 7;
    const everyDays = 10;
    const input = scenario({
      population: { size: 5_000 },
      behaviours: [{ id: "fraud", rate: 0.5, points: -1, severity: "severe" }],
      sources: [{ id: "court", observes: ["fraud"], detection: 1 }],
      scoring: { range: { min: 0, max: 1000 }, initial: { mean: 500 } },
      blacklist: { entry: { severity: "severe" }, minimumDays: 50 },
      responses: { association: { contacts, points: -0.5, everyDays } },
    });
    let listedYesterday = 0;
    let expected = 0;
    const { summary } = runStepped(input, {
      seed: 5,
      days: 200,
      afterDay: (run, day) => {
        // Penalties are assessed at the day's end, on the citizens listed when it began.
        if ((day + 1) % everyDays === 0) expected += contacts * listedYesterday;
        listedYesterday = run.listed.size;
      },
    });
    expect(expected).toBeGreaterThan(1_000);
    expect(summary.association.penalties).toBe(expected);
  });
});

describe("Simulation threshold listing", () => {
  const threshold = 50;
  // Only −10-point acts, seen with probability 0.6, from 100: each score is 100 − 10·(records), never clamped.
  const input = scenario({
    population: { size: 5_000, propensity: { shape: 1 } },
    behaviours: [{ id: "jaywalking", rate: 3, points: -10 }],
    sources: [{ id: "cctv", observes: ["jaywalking"], detection: 0.6 }],
    scoring: { range: { min: -1000, max: 200 }, initial: { mean: 100 } },
    blacklist: { entry: { scoreBelow: threshold }, minimumDays: 1_000 },
  });

  it("lists exactly the citizens whose recorded score is below the threshold, on each ledger, at the end of every day", () => {
    let ties = 0;
    const { summary, simulation } = runStepped(input, {
      seed: 6,
      afterDay: (run) => {
        for (let i = 0; i < run.population.size; i++) {
          const recorded = run.state.recordedScore[i];
          const truth = run.state.trueScore[i];
          if (
            (run.standing.listedSince(i) !== NOT_LISTED) !== recorded < threshold ||
            (run.standing.trulyListedSince(i) !== NOT_LISTED) !== truth < threshold
          )
            throw new Error(
              `citizen ${i}: recorded ${recorded}, true ${truth}, listed since ${run.standing.listedSince(i)}`,
            );
          if (recorded === threshold) ties++;
        }
      },
    });
    // Scores land exactly on the threshold (100 − 5·10), and a score equal to it does not list.
    expect(ties).toBeGreaterThan(1_000);
    for (let i = 0; i < simulation.population.size; i++) {
      const records = (100 - simulation.state.recordedScore[i]) / 10;
      const acts = (100 - simulation.state.trueScore[i]) / 10;
      if (!Number.isInteger(records) || records > acts)
        throw new Error(`citizen ${i}: ${records} records of ${acts} acts`);
    }
    expect(summary.listings.current).toBeGreaterThan(100);
    expect(summary.listings.entries).toBe(summary.listings.current);
    expect(summary.listings.byRule.threshold).toBe(summary.listings.entries);
    // Records are a subset of the acts: everyone listed is truly listed, not the other way round.
    expect(summary.listings).toMatchObject({ wrongful: 0, precision: 1 });
    expect(summary.listings.recall).toBe(summary.listings.current / summary.listings.trulyListed);
    expect(summary.listings.recall).toBeLessThan(1);
  });
});

describe("Simulation court listing", () => {
  const court = (enabled: boolean) =>
    scenario({
      population: { size: 5_000 },
      behaviours: [{ id: "default", rate: 1 }],
      sources: [{ id: "court", observes: ["default"], detection: 0.5, enabled }],
      blacklist: { entry: { courtSources: ["court"] }, minimumDays: 1_000 },
    });

  it("lists on any record of a court source, whatever the score; the truth lists on every act a court observes", () => {
    const { summary } = simulate(court(true), { seed: 8, days: 100 });
    expect(summary.listings.byRule.court).toBe(summary.listings.entries);
    expect(summary.listings.entries).toBeGreaterThan(100);
    expect(summary.listings).toMatchObject({ wrongful: 0, precision: 1 });
    expect(summary.listings.trulyListed).toBeGreaterThan(summary.listings.current);
  });

  // Known bug (reported): the truth's court rule is compiled from every source named in courtSources, enabled or
  // not, so with the court switched off the truth still lists everyone who defaults ("missed offenders").
  it("a disabled court source lists nobody on either ledger", () => {
    const { summary } = simulate(court(false), { seed: 8, days: 100 });
    expect(summary.listings.current).toBe(0);
    expect(summary.listings.trulyListed).toBe(0);
  });
});

describe("Simulation exits", () => {
  const listing = (blacklist: Record<string, unknown>, extraBehaviours: Record<string, unknown>[] = []) =>
    scenario({
      population: { size: 5_000 },
      behaviours: [{ id: "fraud", rate: 1, points: -100, severity: "severe" }, ...extraBehaviours],
      sources: [
        {
          id: "court",
          observes: ["fraud", ...extraBehaviours.map((behaviour) => behaviour.id)],
          detection: 1,
        },
      ],
      scoring: { range: { min: 0, max: 1000 }, initial: { mean: 500 } },
      blacklist: { entry: { severity: "severe" }, ...blacklist },
      measurement: { trappedAfterDays: 40 },
    });
  /** Days each ended listing lasted, the listing day counting as the first; every one must have ended for `cause`. */
  const durations = (simulation: Simulation, cause: number) => {
    const ended: number[] = [];
    const { listings } = simulation;
    for (let k = 0; k < listings.length; k++) {
      if (listings.endReason.data[k] === ListingEnd.ongoing) continue;
      expect(listings.endReason.data[k]).toBe(cause);
      ended.push(listings.endDay.data[k] - listings.day.data[k] + 1);
    }
    return ended;
  };

  it("with no exit rule, every listing lasts exactly minimumDays; the truth ledger follows the same rule", () => {
    const { simulation, summary } = runStepped(listing({ minimumDays: 30 }), { seed: 7, days: 200 });
    const ended = durations(simulation, ListingEnd.minimum);
    expect(ended.length).toBeGreaterThan(1_000);
    expect(new Set(ended)).toEqual(new Set([30]));
    expect(summary.listings.delistings).toBe(ended.length);
    expect(summary.listings).toMatchObject({ precision: 1, recall: 1, wrongful: 0 });
    for (let i = 0; i < simulation.population.size; i++)
      expect(simulation.standing.listedSince(i)).toBe(simulation.standing.trulyListedSince(i));
  });

  it("exit.maximumDays ends a listing the score cannot end; trappedAfterDays counts those listed longer", () => {
    const { simulation, summary } = runStepped(
      listing({ minimumDays: 30, exit: { scoreAtLeast: 1000, maximumDays: 45 } }),
      {
        seed: 7,
        days: 200,
      },
    );
    expect(new Set(durations(simulation, ListingEnd.maximum))).toEqual(new Set([45]));
    // Trapped: the citizens once listed longer than 40 days (ongoing listings count to the last day), each once.
    const trapped = new Set<number>();
    const { listings } = simulation;
    for (let k = 0; k < listings.length; k++) {
      const end = listings.endDay.data[k] === ListingEnd.ongoing ? 199 : listings.endDay.data[k];
      if (end - listings.day.data[k] + 1 > 40) trapped.add(listings.citizen.data[k]);
    }
    expect(trapped.size).toBeGreaterThan(100);
    expect(summary.listings.trapped).toBe(trapped.size);
  });

  it("exit.scoreAtLeast ends a listing once the minimum has passed and the score is back", () => {
    // A good act of +100 every ~3 days brings the score back from 400 to 500.
    const { simulation } = runStepped(
      listing({ minimumDays: 10, exit: { scoreAtLeast: 500 } }, [{ id: "good", rate: 120, points: 100 }]),
      { seed: 7, days: 200 },
    );
    const { listings } = simulation;
    let ended = 0;
    for (let k = 0; k < listings.length; k++) {
      if (listings.endReason.data[k] === ListingEnd.ongoing) continue;
      expect(listings.endReason.data[k]).toBe(ListingEnd.score);
      ended++;
      expect(listings.endDay.data[k] - listings.day.data[k] + 1).toBeGreaterThanOrEqual(10);
    }
    expect(ended).toBeGreaterThan(1_000);
    for (let i = 0; i < simulation.population.size; i++) {
      // Still listed after the minimum only with a score below 500.
      if (
        simulation.standing.listedSince(i) !== NOT_LISTED &&
        199 - simulation.standing.listedSince(i) + 1 >= 10
      )
        expect(simulation.state.recordedScore[i]).toBeLessThan(500);
    }
  });

  it("exit.complianceBehaviours: a recorded compliance act ends the listing at the minimum; without one it lasts", () => {
    const paying = [{ id: "paying", rate: 730, heterogeneity: { shape: 1000 } }];
    const complying = runStepped(
      listing({ minimumDays: 20, exit: { complianceBehaviours: ["paying"] } }, paying),
      {
        seed: 7,
        days: 100,
      },
    );
    expect(new Set(durations(complying.simulation, ListingEnd.compliance))).toEqual(new Set([20]));
    const never = runStepped(
      listing({ minimumDays: 20, exit: { complianceBehaviours: ["paying"] } }, [{ id: "paying", rate: 0 }]),
      { seed: 7, days: 100 },
    );
    expect(never.summary.listings.delistings).toBe(0);
  });
});

describe("Simulation appeals", () => {
  // Listings triggered only by spurious records: the behaviour never happens, the informant invents it.
  const appealing = (points: number, appeals: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    scenario({
      population: {
        size: SIZE,
        incomeBands: [
          { id: "low", share: 0.5 },
          { id: "high", share: 0.5 },
        ],
      },
      behaviours: [{ id: "rumour", rate: 0, points, severity: "severe" }],
      sources: [{ id: "informant", observes: ["rumour"], detection: 1, spurious: { rate: 0.5 } }],
      scoring: { range: { min: 0, max: 1000 }, initial: { mean: 500 } },
      blacklist: { entry: { severity: "severe" }, minimumDays: 1_000 },
      dueProcess: { appeals: { reviewDays: 10, ...appeals } },
      ...extra,
    });

  it("with probability 1, errorDetection 1 and restoreRecord, every reviewed listing is overturned and its points struck", () => {
    const { summary, simulation } = simulate(appealing(-50, { probability: 1, errorDetection: 1 }), {
      seed: 71,
    });
    const { listings } = simulation;
    expect(summary.listings.byTrigger.spurious).toBe(summary.listings.entries);
    expect(summary.appeals.filed).toBe(summary.listings.entries);
    expect(summary.appeals.reviewed).toBeGreaterThan(5_000);
    expect(summary.appeals.overturned).toBe(summary.appeals.reviewed);
    let overturned = 0;
    for (let k = 0; k < listings.length; k++) {
      const reason = listings.endReason.data[k];
      if (reason === ListingEnd.overturned) overturned++;
      else expect(reason).toBe(ListingEnd.ongoing);
    }
    expect(overturned).toBe(summary.appeals.overturned);
    expect(summary.listings.delistings).toBe(overturned);
    // Whoever is not listed now has had every wrong record struck off.
    for (let i = 0; i < SIZE; i++) {
      if (simulation.standing.listedSince(i) === NOT_LISTED) {
        expect(simulation.state.recordedScore[i]).toBe(500);
        expect(simulation.wrongRecords.get(i)).toBe(0);
      }
    }
  });

  it("threshold listings by spurious records are overturned too (the restored score is back above the threshold)", () => {
    const input = appealing(
      -60,
      { probability: 1, errorDetection: 1 },
      {
        blacklist: { entry: { scoreBelow: 450 }, minimumDays: 1_000 },
      },
    );
    const { summary } = simulate(input, { seed: 72 });
    expect(summary.listings.byRule.threshold).toBe(summary.listings.entries);
    expect(summary.appeals.reviewed).toBeGreaterThan(5_000);
    expect(summary.appeals.overturned).toBe(summary.appeals.reviewed);
  });

  it(`appeals are filed with probability × probabilityByIncome (z-test, α = ${ALPHA})`, () => {
    const { summary, simulation } = simulate(
      appealing(-50, { probability: 0.3, probabilityByIncome: { high: 2 }, errorDetection: 1 }),
      { seed: 73 },
    );
    const { listings } = simulation;
    const income = attributeColumns(simulation.population).incomeBand;
    let mean = 0;
    let variance = 0;
    for (let k = 0; k < listings.length; k++) {
      const p = income[listings.citizen.data[k]] === 1 ? 0.6 : 0.3;
      mean += p;
      variance += p * (1 - p);
    }
    expect(zTest(summary.appeals.filed, mean, variance)).toBeGreaterThan(ALPHA);
  });

  it("errorDetection 0, or restoreRecord false, overturns nothing", () => {
    for (const appeals of [
      { probability: 1, errorDetection: 0 },
      { probability: 1, errorDetection: 1, restoreRecord: false },
    ]) {
      const { summary } = simulate(appealing(-50, appeals), { seed: 74, days: 120 });
      expect(summary.appeals.reviewed, JSON.stringify(appeals)).toBeGreaterThan(1_000);
      expect(summary.appeals.overturned, JSON.stringify(appeals)).toBe(0);
    }
  });

  // Known bug (reported): only wrong records with negative points are remembered for appeals, so a spurious
  // record of a severe behaviour worth 0 points lists the citizen but can never be found on review.
  it("overturns listings triggered by spurious records that carry no points", () => {
    const { summary } = simulate(appealing(0, { probability: 1, errorDetection: 1 }), { seed: 71 });
    expect(summary.appeals.reviewed).toBeGreaterThan(5_000);
    expect(summary.appeals.overturned).toBe(summary.appeals.reviewed);
  });

  // Known bug (reported): a struck record gives back its nominal points, not what it took from the score.
  it("restores a record clamped at the range's minimum to the truth", () => {
    const input = appealing(
      -50,
      { probability: 1, errorDetection: 1 },
      {
        scoring: { range: { min: 0, max: 1000 }, initial: { mean: 20 } },
      },
    );
    const { simulation } = simulate(input, { seed: 71, days: 120 });
    for (let i = 0; i < SIZE; i++) {
      if (simulation.standing.listedSince(i) === NOT_LISTED)
        expect(simulation.state.recordedScore[i]).toBe(simulation.state.trueScore[i]);
    }
  });

  it("restores a decayed record to the truth", () => {
    const input = appealing(
      -50,
      { probability: 1, errorDetection: 1 },
      {
        scoring: { range: { min: 0, max: 1000 }, initial: { mean: 500 }, decay: { halfLifeDays: 20 } },
      },
    );
    const { simulation } = simulate(input, { seed: 71, days: 120 });
    for (let i = 0; i < SIZE; i++) {
      if (simulation.standing.listedSince(i) === NOT_LISTED)
        expect(simulation.state.recordedScore[i]).toBeCloseTo(simulation.state.trueScore[i], 3);
    }
  });
});

describe("Simulation truth threshold as a state", () => {
  it("a citizen who starts below the threshold is listed by the truth too when the record lists it: not wrongful", () => {
    const input = scenario({
      name: "below-from-the-start",
      population: { size: 2000 },
      behaviours: [{ id: "idling", rate: 0, points: 0 }],
      sources: [{ id: "informants", observes: ["idling"], detection: 0, spurious: { rate: 5 } }],
      scoring: { range: { min: 0, max: 100 }, initial: { mean: 40, sd: 0 } },
      blacklist: { entry: { scoreBelow: 50 }, minimumDays: 1000 },
      run: { days: 60 },
    });
    const { summary } = simulate(input);
    expect(summary.listings.entries).toBeGreaterThan(1000);
    expect(summary.listings.wrongful).toBe(0);
    expect(summary.listings.trulyListed).toBe(summary.listings.current);
  });
});
