import { describe, expect, it } from "vitest";
import { compileModel, ListingEnd, Simulation, simulate } from "../../../src/core/engine/index.js";
import { ListingRule, RecordKind } from "../../../src/core/model/index.js";
import { createPopulation } from "../../../src/core/population/index.js";
import type { Scenario } from "../../../src/core/scenario/index.js";
import { NOT_LISTED } from "../../../src/core/state/citizens.js";
import { runStepped, scenario } from "./harness.js";

// A list of high scores: `entry.scoreAtLeast` lists a citizen whose recorded score is at least the value (≥), the
// truth applies the same rule to the true score, `exit.scoreBelow` lets it go once the score is below a value (<),
// and an appeal overturns it when the restored score is back below the entry value.

const SIZE = 4_000;

/** Citizens whose acts a perfect source records the same day, so that record and truth are the same. */
const perfect = (behaviours: Record<string, unknown>[], rest: Record<string, unknown>) =>
  scenario({
    population: { size: SIZE },
    behaviours,
    sources: [{ id: "registry", observes: behaviours.map((b) => b.id), detection: 1 }],
    run: { days: 100 },
    ...rest,
  });

describe("blacklist.entry.scoreAtLeast", () => {
  // Everyone starts exactly at 600 (sd 0) and acts at a rate of 10 a year with no points: each record checks the rule.
  const boundary = (entry: Record<string, unknown>) =>
    perfect([{ id: "act", rate: 10 }], {
      scoring: { range: { min: 0, max: 1000 }, initial: { mean: 600, sd: 0 } },
      blacklist: { entry, minimumDays: 1000 },
    });

  it("lists a score exactly at the value (≥), and not one just below it; scoreBelow is strict", () => {
    const atLeast = simulate(boundary({ scoreAtLeast: 600 }), { seed: 1 });
    // Nearly everyone has acted within 100 days (e^(−10·100/365·G) have not, G their propensity).
    expect(atLeast.summary.listings.entries).toBeGreaterThan(SIZE * 0.8);
    expect(atLeast.summary.listings.byRule.atLeast).toBe(atLeast.summary.listings.entries);
    // The truth applies the same rule to the same score: nobody is listed wrongfully, nobody is missed.
    expect(atLeast.summary.listings).toMatchObject({ wrongful: 0, precision: 1, recall: 1 });
    const listedSince = atLeast.simulation.standing.column("listedSince");
    const trulyListedSince = atLeast.simulation.standing.column("trulyListedSince");
    for (let i = 0; i < SIZE; i++) expect(listedSince[i]).toBe(trulyListedSince[i]);

    expect(simulate(boundary({ scoreAtLeast: 600.5 }), { seed: 1 }).summary.listings.entries).toBe(0);
    expect(simulate(boundary({ scoreBelow: 600 }), { seed: 1 }).summary.listings.entries).toBe(0);
    const below = simulate(boundary({ scoreBelow: 600.5 }), { seed: 1 }).summary.listings;
    expect(below.entries).toBe(atLeast.summary.listings.entries);
    expect(below.byRule.threshold).toBe(below.entries);
  });

  it("lists exactly the citizens whose score has reached the value at one of their records (on the truth, acts), checked every day", () => {
    // Scores only rise (+10 an act, no decay), so at a day's end a citizen with a record is listed iff its recorded
    // score is ≥ 520, and one who has acted is listed by the truth iff its true score is; a source that sees half
    // the acts makes the two ledgers differ.
    const input = perfect([{ id: "up", rate: 20, points: 10 }], {
      sources: [{ id: "registry", observes: ["up"], detection: 0.5 }],
      scoring: { range: { min: 0, max: 1000 }, initial: { mean: 500, sd: 20 } },
      blacklist: { entry: { scoreAtLeast: 520 }, minimumDays: 1000 },
    });
    const model = compileModel(input, input.run.days, input.run.seed);
    const simulation = new Simulation(model, createPopulation(input, model.seed));
    const initial = simulation.state.recordedScore.slice();
    expect(Math.min(...initial)).toBeLessThan(520);
    expect(Math.max(...initial)).toBeGreaterThan(520);
    const ledgers = [
      { score: simulation.state.recordedScore, since: () => simulation.standing.column("listedSince") },
      { score: simulation.state.trueScore, since: () => simulation.standing.column("trulyListedSince") },
    ];
    for (let day = 0; day < model.days; day++) {
      simulation.step(day);
      for (const [ledger, ledgerColumns] of ledgers.entries()) {
        const { score } = ledgerColumns;
        const since = ledgerColumns.since();
        for (let i = 0; i < SIZE; i++) {
          const expected = score[i] !== initial[i] && score[i] >= 520;
          if ((since[i] !== NOT_LISTED) !== expected)
            throw new Error(`ledger ${ledger}, citizen ${i}, day ${day}`);
        }
      }
    }
    simulation.finish();
    const { summary } = simulate(input);
    // Both ledgers list many, not everyone; the truth more (it sees every act), each listing right on the day.
    expect(summary.listings.current).toBeGreaterThan(SIZE / 4);
    expect(summary.listings.trulyListed).toBeGreaterThan(summary.listings.current);
    expect(summary.listings.trulyListed).toBeLessThan(SIZE);
    expect(summary.listings).toMatchObject({ wrongful: 0, precision: 1 });
  });
});

describe("blacklist.exit.scoreBelow", () => {
  it("ends a listing once the minimum has passed and the score is below the value, with cause score", () => {
    const input = perfect(
      [
        { id: "up", rate: 40, points: 10 },
        { id: "down", rate: 40, points: -10 },
      ],
      {
        scoring: { range: { min: 0, max: 1000 }, initial: { mean: 500, sd: 0 } },
        blacklist: { entry: { scoreAtLeast: 520 }, minimumDays: 5, exit: { scoreBelow: 490 } },
        run: { days: 200 },
      },
    );
    let before = new Uint16Array(SIZE).fill(NOT_LISTED);
    let ended = 0;
    const { simulation } = runStepped(input, {
      afterDay: (run, day) => {
        const { recordedScore } = run.state;
        const listedSince = run.standing.column("listedSince");
        for (let i = 0; i < SIZE; i++) {
          if (listedSince[i] !== NOT_LISTED && day - listedSince[i] + 1 >= 5 && !(recordedScore[i] >= 490))
            throw new Error(`citizen ${i} still listed on day ${day} with ${recordedScore[i]}`);
          if (before[i] !== NOT_LISTED && listedSince[i] === NOT_LISTED) {
            ended++;
            expect(recordedScore[i]).toBeLessThan(490);
            expect(day - before[i] + 1).toBeGreaterThanOrEqual(5);
          }
        }
        before = listedSince.slice();
      },
    });
    expect(ended).toBeGreaterThan(500);
    const { listings } = simulation;
    for (let k = 0; k < listings.length; k++) {
      expect(listings.rule.data[k]).toBe(ListingRule.atLeast);
      const cause = listings.endReason.data[k];
      if (cause !== ListingEnd.ongoing) expect(cause).toBe(ListingEnd.score);
    }
  });
});

describe("appeals against a listing by entry.scoreAtLeast", () => {
  // Good acts (+30) recorded truly and invented by an informant: two of them reach the entry value of 550. A listing
  // whose trigger was a true record is overturned only when the spurious points struck off bring the score back
  // below 550.
  const appealed = (): Scenario =>
    scenario({
      population: { size: SIZE },
      behaviours: [{ id: "good", rate: 4, points: 30, heterogeneity: { shape: 1000 } }],
      sources: [
        { id: "registry", observes: ["good"], detection: 1 },
        { id: "informant", observes: ["good"], detection: 0, spurious: { rate: 4 } },
      ],
      scoring: { range: { min: 0, max: 1000 }, initial: { mean: 500, sd: 0 } },
      blacklist: { entry: { scoreAtLeast: 550 }, minimumDays: 1000 },
      dueProcess: { appeals: { probability: 1, errorDetection: 1, reviewDays: 5 } },
      run: { days: 60 },
    });

  it("overturns one triggered by a true record when the restored score is below the entry value", () => {
    const { summary, simulation } = simulate(appealed(), { seed: 9 });
    const { listings } = simulation;
    let trueTriggerOverturned = 0;
    for (let k = 0; k < listings.length; k++) {
      if (listings.endReason.data[k] !== ListingEnd.overturned) continue;
      if (listings.kind.data[k] !== RecordKind.true) continue;
      trueTriggerOverturned++;
      // The restored score fell back below 550 only because a wrong record was struck off.
      expect(listings.wrongRecords.data[k]).toBeGreaterThan(0);
    }
    expect(trueTriggerOverturned).toBeGreaterThan(100);
    expect(summary.listings.delistingsByCause.overturned).toBe(summary.appeals.overturned);
  });
});
