import { describe, expect, it } from "vitest";
import type { Checkpoint } from "../../../src/core/engine/checkpoint.js";
import { compileModel, estimateCost, simulate, simulateSharded } from "../../../src/core/engine/index.js";
import { RecordKind } from "../../../src/core/model/index.js";
import { loadScenario } from "../../../src/node/scenarios.js";
import { BUSY, outputs } from "../../helpers/busy.js";
import { ALPHA, binomialZTest, runStepped, scenario, zTest } from "./harness.js";

// The timeline: the scenario changes at the start of given days; rates, detection and sanctions follow from that
// day on, and every citizen's next days with events are drawn again at the new rates.

const CHANGE_DAY = 100;

/** Counts read at the end of the day before the change and at the end of the run. */
function beforeAndAfter<T>(read: (counts: ReturnType<typeof runStepped>["simulation"]["counts"]) => T) {
  let before: T | undefined;
  return {
    afterDay: (simulation: ReturnType<typeof runStepped>["simulation"], day: number) => {
      if (day === CHANGE_DAY - 1) before = read(simulation.counts);
    },
    before: () => before as T,
  };
}

describe("simulate() with a timeline", () => {
  it(`changes a behaviour's rate from its day on: acts before and after match Poisson means (p > ${ALPHA})`, () => {
    // 0.01 acts a day, then 0.1 from day 100; propensities all but equal (shape 10^6), so counts are Poisson.
    const input = scenario({
      population: { size: 20_000 },
      behaviours: [{ id: "littering", rate: 3.65, heterogeneity: { shape: 1e6 } }],
      sources: [],
      run: { days: 200 },
      timeline: [{ day: CHANGE_DAY, set: { "behaviours.littering.rate": 36.5 } }],
    });
    const probe = beforeAndAfter((counts) => counts.trueActs[0]);
    const { simulation } = runStepped(input, { afterDay: probe.afterDay });
    const before = probe.before();
    const after = simulation.counts.trueActs[0] - before;
    const meanBefore = 20_000 * CHANGE_DAY * 0.01;
    const meanAfter = 20_000 * (200 - CHANGE_DAY) * 0.1;
    expect(zTest(before, meanBefore, meanBefore)).toBeGreaterThan(ALPHA);
    expect(zTest(after, meanAfter, meanAfter)).toBeGreaterThan(ALPHA);
  });

  it(`changes a state rule's multiplier from its day on, for the state it names only (Poisson means, p > ${ALPHA})`, () => {
    // Group a starts in the low band, group b in the high one (no points: they stay there). The rule on the low band
    // is × 1, then × 10 from day 100: only group a's rate changes.
    const input = scenario({
      population: {
        size: 20_000,
        groups: [
          { id: "a", share: 0.5 },
          { id: "b", share: 0.5 },
        ],
      },
      behaviours: [{ id: "littering", rate: 3.65, heterogeneity: { shape: 1e6 } }],
      sources: [],
      scoring: {
        range: { min: 0, max: 1000 },
        initial: { mean: 500, byGroup: { a: { mean: 300 }, b: { mean: 700 } } },
        bands: [
          { id: "low", min: 0, max: 500 },
          { id: "high", min: 500, max: 1000 },
        ],
      },
      responses: { byState: [{ behaviours: ["littering"], when: { bands: ["low"] }, multiplier: 1 }] },
      run: { days: 200 },
      timeline: [{ day: CHANGE_DAY, set: { "responses.byState.0.multiplier": 10 } }],
    });
    const probe = beforeAndAfter((counts) => Array.from(counts.actsByGroup));
    const { simulation } = runStepped(input, { afterDay: probe.afterDay });
    const size = simulation.counts.groupSize;
    for (const [g, factor] of [
      [0, 10],
      [1, 1],
    ]) {
      const before = probe.before()[g];
      const after = simulation.counts.actsByGroup[g] - before;
      const meanBefore = size[g] * CHANGE_DAY * 0.01;
      const meanAfter = size[g] * (200 - CHANGE_DAY) * 0.01 * factor;
      expect(zTest(before, meanBefore, meanBefore), `group ${g} before`).toBeGreaterThan(ALPHA);
      expect(zTest(after, meanAfter, meanAfter), `group ${g} after`).toBeGreaterThan(ALPHA);
    }
  });

  it("estimateCost() weights each segment's events by its days", () => {
    const input = scenario({
      population: { size: 20_000 },
      behaviours: [{ id: "littering", rate: 3.65 }],
      sources: [],
      run: { days: 200 },
      timeline: [{ day: 150, set: { "behaviours.littering.rate": 36.5 } }],
    });
    const cost = estimateCost(compileModel(input));
    expect(cost.events).toBeCloseTo(20_000 * (150 * 0.01 + 50 * 0.1), 6);
    expect(cost.channels).toEqual([
      { path: "behaviours.littering.rate", events: cost.events, distressEvents: 0 },
    ]);
  });

  it(`switches a source on by its detection, 0 then 0.6: no record before, 60% of acts after (p > ${ALPHA})`, () => {
    const input = scenario({
      population: { size: 5_000 },
      behaviours: [{ id: "littering", rate: 36.5, points: -1 }],
      sources: [{ id: "cctv", observes: ["littering"], detection: 0 }],
      scoring: { range: { min: -1e6, max: 1e6 }, initial: { mean: 0 } },
      run: { days: 200 },
      timeline: [{ day: CHANGE_DAY, set: { "sources.cctv.detection": 0.6 } }],
    });
    const probe = beforeAndAfter((counts) => ({
      acts: counts.trueActs[0],
      records: counts.recordsByKind[RecordKind.true],
    }));
    const { simulation } = runStepped(input, { afterDay: probe.afterDay });
    expect(probe.before().records).toBe(0);
    const acts = simulation.counts.trueActs[0] - probe.before().acts;
    const records = simulation.counts.recordsByKind[RecordKind.true];
    expect(acts).toBeGreaterThan(40_000);
    expect(binomialZTest(records, acts, 0.6)).toBeGreaterThan(ALPHA);
  });

  it("introduces a sanction on day 10 and withdraws it on day 20: only requests of days 10 to 19 are denied", () => {
    // Everyone's score stays 50 (no points): `scoreAtLeast: 0` denies everyone, `scoreAtLeast: 100` nobody.
    const input = scenario({
      population: { size: 2_000 },
      behaviours: [{ id: "littering", rate: 1 }],
      sources: [],
      scoring: { range: { min: 0, max: 100 }, initial: { mean: 50 } },
      consequences: { opportunities: [{ id: "loan", rate: 36.5 }] },
      run: { days: 30 },
      timeline: [
        { day: 10, set: { "consequences.opportunities.loan.deniedTo": { scoreAtLeast: 0 } } },
        { day: 20, set: { "consequences.opportunities.loan.deniedTo.scoreAtLeast": 100 } },
      ],
    });
    const daily: { requests: number; denied: number }[] = [];
    let last = { requests: 0, denied: 0 };
    runStepped(input, {
      afterDay: (simulation) => {
        const requests = simulation.counts.requests.reduce((sum, n) => sum + n, 0);
        const denied = simulation.counts.denied.reduce((sum, n) => sum + n, 0);
        daily.push({ requests: requests - last.requests, denied: denied - last.denied });
        last = { requests, denied };
      },
    });
    daily.forEach(({ requests, denied }, day) => {
      expect(requests, `day ${day}`).toBeGreaterThan(100);
      expect(denied, `day ${day}`).toBe(day >= 10 && day < 20 ? requests : 0);
    });
  });
});

// china-2020 busy with state between days, with a roll-out: detection, a rate and a sanction change on days 20 and
// 45; the paired baseline follows the changes to the behaviours.
const rollOut = loadScenario("china-2020", [
  "population.size=3000",
  "run.days=70",
  ...BUSY,
  "measurement.pairedBaseline=true",
  "timeline=[{ day: 20, set: { sources.cctv.detection: 0.9, behaviours.jaywalking.rate: 40 } }, " +
    "{ day: 45, set: { blacklist.minimumDays: 10, sources.cctv.misattribution.rate: 0.01 } }]",
]);

describe("simulate() with a timeline, sharded and resumed", () => {
  const checkpoints: Checkpoint[] = [];
  const uninterrupted = simulate(rollOut, {
    checkpointEvery: 15,
    onCheckpoint: (checkpoint) => checkpoints.push(checkpoint),
  });
  const reference = outputs(uninterrupted);

  it("changes the run and its paired baseline (the scenario without its timeline gives other outputs)", () => {
    const without = simulate({ ...rollOut, timeline: undefined }).summary;
    expect(without.behaviour.baselineHarm).toBeLessThan(uninterrupted.summary.behaviour.baselineHarm ?? 0);
    expect(JSON.stringify(without)).not.toBe(reference.summary);
  });

  it("gives the same bytes in 2 and 3 shards as in one", () => {
    for (const shards of [2, 3]) expect(outputs(simulateSharded(rollOut, shards))).toEqual(reference);
  });

  it("resumed from checkpoints before, between and after the changes gives the uninterrupted run's bytes", () => {
    expect(checkpoints.map((checkpoint) => checkpoint.day)).toEqual([14, 29, 44, 59]);
    for (const checkpoint of checkpoints) {
      expect(outputs(simulate(rollOut, { resumeFrom: checkpoint })), `day ${checkpoint.day}`).toEqual(
        reference,
      );
    }
  });
});
