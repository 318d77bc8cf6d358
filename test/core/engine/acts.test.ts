import { describe, expect, it } from "vitest";
import { simulate } from "../../../src/core/engine/index.js";
import { attributeColumns, createPopulation, propensityColumn } from "../../../src/core/population/index.js";
import type { Scenario } from "../../../src/core/scenario/index.js";
import { NOT_LISTED } from "../../../src/core/state/citizens.js";
import { discreteChiSquareTest } from "../../helpers/stats.js";
import {
  ALPHA,
  binomialZTest,
  gammaPoissonPmf,
  gammaPoissonTotalVariance,
  scenario,
  testPopulation,
  UNBOUNDED,
  zTest,
} from "./harness.js";

const SIZE = 20_000;
const DAYS = 365;

const population = testPopulation(SIZE);

/**
 * Expected total and variance of a behaviour's true acts when citizen i acts at mean μ·m_i·G_i over the run
 * (m_i from `factor`, G_i ~ Gamma(k, 1/k)): Σ μ·m_i and Σ (μ·m_i + (μ·m_i)²/k).
 */
function expectedActs(input: Scenario, b: number, size: number, factor: (i: number) => number) {
  const behaviour = input.behaviours[b];
  const shape = (behaviour.heterogeneity ?? input.population.propensity).shape;
  const perCitizen = (behaviour.rate * DAYS) / 365;
  let mean = 0;
  let variance = 0;
  for (let i = 0; i < size; i++) {
    const m = perCitizen * factor(i);
    mean += m;
    variance += m + (m * m) / shape;
  }
  return { mean, variance };
}

describe("simulate() with responses off: true acts", () => {
  const input = scenario({
    population,
    behaviours: [
      { id: "rare", rate: 1, heterogeneity: { shape: 0.5 } },
      { id: "common", rate: 5 },
      { id: "frequent", rate: 20, heterogeneity: { shape: 10 } },
      {
        id: "modulated",
        rate: 3,
        rateByGroup: { minority: 4 },
        rateByRegion: { west: 0.5 },
        rateByIncome: { high: 0 },
        rateByAge: { old: 2 },
      },
      { id: "never", rate: 0 },
    ],
  });
  const seed = 21;
  const { summary } = simulate(input, { seed, days: DAYS });

  for (const [b, id] of ["rare", "common", "frequent"].entries()) {
    it(`${id}: total = rate × N × days/365, gamma-mixed Poisson variance (z-test, α = ${ALPHA})`, () => {
      const behaviour = input.behaviours[b];
      const shape = (behaviour.heterogeneity ?? input.population.propensity).shape;
      const mean = (behaviour.rate * SIZE * DAYS) / 365;
      const variance = gammaPoissonTotalVariance(SIZE, (behaviour.rate * DAYS) / 365, shape);
      expect(zTest(summary.acts.byBehaviour[id].true, mean, variance)).toBeGreaterThan(ALPHA);
    });
  }

  it(`modulated: total = Σ rate × rateByGroup × rateByRegion × rateByIncome × rateByAge (z-test, α = ${ALPHA})`, () => {
    const factors = { group: [1, 4], region: [1, 1, 0.5], income: [1, 0], age: [1, 2] };
    const { group, region, incomeBand, ageBand } = attributeColumns(createPopulation(input, seed));
    const expected = expectedActs(input, 3, SIZE, (i) => {
      return (
        factors.group[group[i]] *
        factors.region[region[i]] *
        factors.income[incomeBand[i]] *
        factors.age[ageBand[i]]
      );
    });
    expect(summary.acts.byBehaviour.modulated.true).toBeGreaterThan(0);
    expect(zTest(summary.acts.byBehaviour.modulated.true, expected.mean, expected.variance)).toBeGreaterThan(
      ALPHA,
    );
  });

  it("a behaviour of rate 0 never happens", () => {
    expect(summary.acts.byBehaviour.never.true).toBe(0);
  });

  it(`each citizen's count is negative binomial (gamma-mixed Poisson), per behaviour (chi-square, α = ${ALPHA})`, () => {
    // Points −1 and −1000 on the truth ledger: −trueScore = 1000·(acts of `seldom`) + (acts of `often`).
    const counting = scenario({
      population: { size: SIZE },
      behaviours: [
        { id: "often", rate: 6, points: -1 },
        { id: "seldom", rate: 0.8, points: -1000, heterogeneity: { shape: 0.5 } },
      ],
      scoring: { range: UNBOUNDED, initial: { mean: 0 } },
    });
    const { simulation } = simulate(counting, { seed: 4, days: DAYS });
    const often = new Float64Array(SIZE);
    const seldom = new Float64Array(SIZE);
    for (let i = 0; i < SIZE; i++) {
      const total = -simulation.state.trueScore[i];
      often[i] = total % 1000;
      seldom[i] = Math.floor(total / 1000);
    }
    const oftenTest = discreteChiSquareTest(often, (n) => gammaPoissonPmf(n, 6, 2), 40);
    const seldomTest = discreteChiSquareTest(seldom, (n) => gammaPoissonPmf(n, 0.8, 0.5), 20);
    expect(oftenTest.degreesOfFreedom).toBeGreaterThan(15);
    expect(oftenTest.pValue).toBeGreaterThan(ALPHA);
    expect(seldomTest.pValue).toBeGreaterThan(ALPHA);
  });
});

describe("simulate() with responses", () => {
  const behaviours = [
    { id: "jaywalking", rate: 6, points: -1 },
    { id: "speech", rate: 4, points: -1000, legitimate: true },
    { id: "good-deed", rate: 3, points: 1 },
  ];

  it(`deterrence 0.5 with detection 1 halves negative acts; chilling 0.3 lowers legitimate ones by 30%; positive acts stay (z-test, α = ${ALPHA})`, () => {
    const input = scenario({
      population: { size: SIZE },
      behaviours,
      sources: [{ id: "cctv", observes: ["jaywalking", "speech", "good-deed"], detection: 1 }],
      scoring: { range: UNBOUNDED, initial: { mean: 0 } },
      responses: { deterrence: { strength: 0.5 }, chilling: { strength: 0.3 } },
    });
    const { summary } = simulate(input, { seed: 8, days: DAYS });
    const factors: Record<string, number> = { jaywalking: 0.5, speech: 0.7, "good-deed": 1 };
    for (const behaviour of behaviours) {
      const mean = (behaviour.rate * factors[behaviour.id] * DAYS) / 365;
      const p = zTest(
        summary.acts.byBehaviour[behaviour.id].true,
        SIZE * mean,
        gammaPoissonTotalVariance(SIZE, mean, 2),
      );
      expect(p, behaviour.id).toBeGreaterThan(ALPHA);
    }
  });

  it(`deterrence follows perceived surveillance 1 − Π(1 − p_s) of regional sources, region by region (z-test, α = ${ALPHA})`, () => {
    // Two regional sources, detection 0.6 and 0.5: perceived = 0.8 × surveillance of the region.
    const input = scenario({
      population,
      behaviours: [{ id: "jaywalking", rate: 6, points: -1 }],
      sources: [
        { id: "cctv", observes: ["jaywalking"], detection: 0.6, coverage: "regional" },
        { id: "gait", observes: ["jaywalking"], detection: 0.5, coverage: "regional" },
      ],
      scoring: { range: UNBOUNDED, initial: { mean: 0 } },
      responses: { deterrence: { strength: 0.75 } },
    });
    const seed = 9;
    const { simulation } = simulate(input, { seed, days: DAYS });
    const surveillance = [1, 0.5, 0];
    const people = attributeColumns(createPopulation(input, seed));
    for (let r = 0; r < 3; r++) {
      const perceived = 1 - (1 - 0.6 * surveillance[r]) * (1 - 0.5 * surveillance[r]);
      const mean = (6 * (1 - 0.75 * perceived) * DAYS) / 365;
      let citizens = 0;
      let acts = 0;
      for (let i = 0; i < SIZE; i++) {
        if (people.region[i] !== r) continue;
        citizens++;
        acts -= simulation.state.trueScore[i];
      }
      expect(
        zTest(acts, citizens * mean, gammaPoissonTotalVariance(citizens, mean, 2)),
        `region ${r}`,
      ).toBeGreaterThan(ALPHA);
    }
  });

  it(`distress multiplies the distressed behaviour's rate from the day after listing (z-test given propensities and listing days, α = ${ALPHA})`, () => {
    const multiplier = 3;
    const input = scenario({
      population: { size: SIZE },
      behaviours: [
        { id: "fraud", rate: 1, severity: "severe" },
        { id: "absence", rate: 4 },
      ],
      sources: [{ id: "court", observes: ["fraud"], detection: 1 }],
      blacklist: { entry: { severity: "severe" }, minimumDays: 10_000 },
      responses: { distress: { multiplier, durationDays: 30, behaviours: ["absence"] } },
    });
    const seed = 12;
    const { summary, simulation } = simulate(input, { seed, days: DAYS });
    const propensity = propensityColumn(simulation.population, 1);
    let mean = 0;
    let listed = 0;
    for (let i = 0; i < SIZE; i++) {
      const since = simulation.standing.listedSince(i);
      const distressedDays = since !== NOT_LISTED ? DAYS - 1 - since : 0;
      if (since !== NOT_LISTED) listed++;
      mean += ((4 * propensity[i]) / 365) * (DAYS + (multiplier - 1) * distressedDays);
    }
    expect(listed).toBeGreaterThan(SIZE / 2);
    const withoutDistress = (4 * SIZE * DAYS) / 365;
    expect(mean - withoutDistress).toBeGreaterThan(20 * Math.sqrt(mean));
    expect(zTest(summary.acts.byBehaviour.absence.true, mean, mean)).toBeGreaterThan(ALPHA);
  });

  it(`distress follows a denial for durationDays (z-test given propensities, α = ${ALPHA})`, () => {
    // Everybody is denied a request every day (10 a day, score below 0 denied): distressed from day 1 onwards.
    const size = 2_000;
    const days = 30;
    const multiplier = 2.5;
    const input = scenario({
      population: { size },
      behaviours: [{ id: "absence", rate: 12 }],
      scoring: { range: UNBOUNDED, initial: { mean: -100 } },
      consequences: { opportunities: [{ id: "checkpoint", rate: 3650, deniedTo: { scoreBelow: 0 } }] },
      responses: { distress: { multiplier, durationDays: 5, behaviours: ["absence"] } },
    });
    const { summary, simulation } = simulate(input, { seed: 13, days });
    expect(summary.denied.checkpoint.denied).toBe(summary.denied.checkpoint.requests);
    const propensity = propensityColumn(simulation.population, 0);
    let mean = 0;
    for (let i = 0; i < size; i++) mean += ((12 * propensity[i]) / 365) * (1 + multiplier * (days - 1));
    expect(zTest(summary.acts.byBehaviour.absence.true, mean, mean)).toBeGreaterThan(ALPHA);
  });

  it(`gaming marks a share extra/(1 + extra) of visible rewarded acts as gamed, extra = strength × points/max points (α = ${ALPHA})`, () => {
    const strength = 0.4;
    const gamingBehaviours = [
      { id: "blood", rate: 0.5, points: 10, visible: true },
      { id: "helping", rate: 4, points: 5, visible: true },
      { id: "paying", rate: 12, points: 1 },
      { id: "littering", rate: 2, points: -5, visible: true },
    ];
    const input = scenario({
      population: { size: SIZE },
      behaviours: gamingBehaviours,
      scoring: { range: UNBOUNDED, initial: { mean: 0 } },
      responses: { gaming: { strength } },
    });
    const { summary } = simulate(input, { seed: 14, days: DAYS });
    const extra: Record<string, number> = { blood: strength, helping: strength / 2, paying: 0, littering: 0 };
    for (const behaviour of gamingBehaviours) {
      const counts = summary.acts.byBehaviour[behaviour.id];
      const share = extra[behaviour.id] / (1 + extra[behaviour.id]);
      if (share === 0) expect(counts.gamed, behaviour.id).toBe(0);
      else expect(binomialZTest(counts.gamed, counts.true, share), behaviour.id).toBeGreaterThan(ALPHA);
      const mean = (behaviour.rate * (1 + extra[behaviour.id]) * DAYS) / 365;
      expect(
        zTest(counts.true, SIZE * mean, gammaPoissonTotalVariance(SIZE, mean, 2)),
        behaviour.id,
      ).toBeGreaterThan(ALPHA);
    }
  });

  it("gaming has no effect without scoring", () => {
    const input = scenario({
      population: { size: 2_000 },
      behaviours: [{ id: "blood", rate: 5, points: 10, visible: true }],
      responses: { gaming: { strength: 1 } },
    });
    expect(simulate(input, { seed: 1, days: 30 }).summary.acts.gamed).toBe(0);
  });
});
