import { describe, expect, it } from "vitest";
import {
  attributeColumns,
  createPopulation,
  populationBytesPerCitizen,
  propensityColumn,
} from "../../../src/core/population/index.js";
import { discreteGamma, PROPENSITY_LEVELS } from "../../../src/core/rng/index.js";
import { type Scenario, validateScenario } from "../../../src/core/scenario/index.js";
import { chiSquareTest } from "../../helpers/stats.js";
import { zTest } from "../engine/harness.js";

const ALPHA = 0.001;

function scenario(input: Record<string, unknown>): Scenario {
  const result = validateScenario({ name: "test", ...input });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.scenario;
}

const base = scenario({
  population: {
    size: 200_000,
    regions: [
      { id: "north", share: 0.5, surveillance: 0.9 },
      { id: "south", share: 0.3 },
      { id: "west", share: 0.2 },
    ],
    groups: [
      { id: "majority", share: 0.8 },
      { id: "minority", share: 0.2 },
    ],
    groupShareByRegion: { west: { majority: 0.4, minority: 0.6 } },
    incomeBands: [
      { id: "low", share: 0.5 },
      { id: "high", share: 0.5 },
    ],
    incomeShareByGroup: { minority: { low: 0.7, high: 0.3 } },
    ageBands: [
      { id: "young", share: 0.25 },
      { id: "old", share: 0.75 },
    ],
  },
  behaviours: [
    { id: "jaywalking", rate: 5 },
    { id: "speech", rate: 2, heterogeneity: { shape: 0.5 } },
  ],
});

function counts(column: Uint8Array, parts: number, select: (i: number) => boolean = () => true): number[] {
  const result = new Array<number>(parts).fill(0);
  for (let i = 0; i < column.length; i++) if (select(i)) result[column[i]]++;
  return result;
}

describe("createPopulation()", () => {
  const population = createPopulation(base, 7);
  const columns = attributeColumns(population);

  it(`draws regions with the scenario's shares (chi-square, α = ${ALPHA})`, () => {
    const test = chiSquareTest(counts(columns.region, 3), [0.5, 0.3, 0.2]);
    expect(test.pValue).toBeGreaterThan(ALPHA);
  });

  it(`draws age bands with the scenario's shares (chi-square, α = ${ALPHA})`, () => {
    expect(chiSquareTest(counts(columns.ageBand, 2), [0.25, 0.75]).pValue).toBeGreaterThan(ALPHA);
  });

  it(`draws groups from the marginal shares, and from groupShareByRegion where given (chi-square, α = ${ALPHA})`, () => {
    const inNorth = counts(columns.group, 2, (i) => columns.region[i] === 0);
    const inWest = counts(columns.group, 2, (i) => columns.region[i] === 2);
    expect(chiSquareTest(inNorth, [0.8, 0.2]).pValue).toBeGreaterThan(ALPHA);
    expect(chiSquareTest(inWest, [0.4, 0.6]).pValue).toBeGreaterThan(ALPHA);
  });

  it(`draws income bands given the group (chi-square, α = ${ALPHA})`, () => {
    const majority = counts(columns.incomeBand, 2, (i) => columns.group[i] === 0);
    const minority = counts(columns.incomeBand, 2, (i) => columns.group[i] === 1);
    expect(chiSquareTest(majority, [0.5, 0.5]).pValue).toBeGreaterThan(ALPHA);
    expect(chiSquareTest(minority, [0.7, 0.3]).pValue).toBeGreaterThan(ALPHA);
  });

  it(`draws each behaviour's propensity class uniformly over the 256 classes (chi-square, α = ${ALPHA})`, () => {
    for (const column of [0, 1]) {
      const counts = new Array(PROPENSITY_LEVELS).fill(0);
      for (let i = 0; i < population.size; i++)
        counts[population.propensities[i * population.behaviours + column]]++;
      expect(
        chiSquareTest(counts, new Array(PROPENSITY_LEVELS).fill(1 / PROPENSITY_LEVELS)).pValue,
      ).toBeGreaterThan(ALPHA);
    }
  });

  it(`gives each class the multiplier of the discrete gamma of the behaviour's shape: mean 1, variance about 1/k (z-test, α = ${ALPHA})`, () => {
    for (const [column, shape] of [
      [0, 2],
      [1, 0.5],
    ] as const) {
      expect([
        ...population.propensityLevels.subarray(column * PROPENSITY_LEVELS, (column + 1) * PROPENSITY_LEVELS),
      ]).toEqual([...discreteGamma(shape)]);
      const sample = propensityColumn(population, column);
      const n = sample.length;
      const mean = sample.reduce((sum, x) => sum + x, 0) / n;
      const variance = sample.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1);
      // The classes keep 99.7% (k = 2) and 99.3% (k = 0.5) of the variance 1/k.
      expect(zTest(mean, 1, 0.995 / shape / n)).toBeGreaterThan(ALPHA);
      expect(variance * shape).toBeGreaterThan(0.95);
      expect(variance * shape).toBeLessThan(1.05);
    }
  });

  it("gives the same columns, byte for byte, for the same seed", () => {
    const again = createPopulation(base, 7);
    expect(Buffer.from(again.cell.buffer).equals(Buffer.from(population.cell.buffer))).toBe(true);
    expect(Buffer.from(again.propensities.buffer).equals(Buffer.from(population.propensities.buffer))).toBe(
      true,
    );
  });

  it("gives different columns for another seed", () => {
    const other = createPopulation(base, 8);
    expect(Buffer.from(other.cell.buffer).equals(Buffer.from(population.cell.buffer))).toBe(false);
  });

  it("draws each citizen the same in a shard as in the whole population", () => {
    const shard = createPopulation(base, 7, 123_456, 1000);
    expect(shard.start).toBe(123_456);
    expect([...shard.cell]).toEqual([...population.cell.subarray(123_456, 124_456)]);
    expect([...propensityColumn(shard, 1)]).toEqual([
      ...propensityColumn(population, 1).subarray(123_456, 124_456),
    ]);
  });

  it("keeps a behaviour's propensities when other behaviours are added", () => {
    const more = scenario({
      population: { ...base.population, size: 1000 },
      behaviours: [{ id: "littering", rate: 1 }, ...base.behaviours],
    });
    const fewer = scenario({ population: { ...base.population, size: 1000 }, behaviours: base.behaviours });
    expect([...propensityColumn(createPopulation(more, 3), 2)]).toEqual([
      ...propensityColumn(createPopulation(fewer, 3), 1),
    ]);
  });

  it("holds each cell in a byte for up to 256 cells, in 16 bits past them, the same cells either way", () => {
    // 3 regions × 2 groups × 2 income bands × 2 age bands = 24 cells; with 6 regions and 11 age bands, 264.
    const small = createPopulation({ ...base, population: { ...base.population, size: 5000 } }, 9);
    expect(small.cell).toBeInstanceOf(Uint8Array);
    const ageBands = Array.from({ length: 11 }, (_, k) => ({ id: `age-${k}`, share: k < 10 ? 0.09 : 0.1 }));
    const regions = Array.from({ length: 6 }, (_, k) => ({ id: `region-${k}`, share: k < 5 ? 0.16 : 0.2 }));
    const wide = scenario({
      ...base,
      population: { ...base.population, size: 5000, ageBands, regions, groupShareByRegion: {} },
    });
    const population = createPopulation(wide, 9);
    expect(population.cell).toBeInstanceOf(Uint16Array);
    expect(populationBytesPerCitizen(wide)).toBe(2 + 2);
    expect(Math.max(...population.cell)).toBeGreaterThan(255);
    const attributes = attributeColumns(population);
    const bands = wide.population.incomeBands.length;
    for (let i = 0; i < population.size; i++) {
      const { region, group, incomeBand, ageBand } = {
        region: attributes.region[i],
        group: attributes.group[i],
        incomeBand: attributes.incomeBand[i],
        ageBand: attributes.ageBand[i],
      };
      expect(population.cell[i]).toBe(((region * 2 + group) * bands + incomeBand) * 11 + ageBand);
    }
  });

  it("refuses a shard outside the population", () => {
    expect(() => createPopulation(base, 1, 199_999, 2)).toThrowErrorMatchingInlineSnapshot(
      `[Error: population shard 199999…200000 lies beyond the population of 200000]`,
    );
  });
});

describe("populationBytesPerCitizen()", () => {
  it("counts the cell's byte (24 cells) and a one-byte propensity class per behaviour", () => {
    expect(populationBytesPerCitizen(base)).toBe(1 + 2);
  });
});

describe("createPopulation() with a progress callback", () => {
  it("reports increasing fractions that end at 1", () => {
    const fractions: number[] = [];
    createPopulation(base, 1, 0, base.population.size, (fraction) => fractions.push(fraction));
    expect(fractions.length).toBeGreaterThan(1);
    expect(fractions.every((fraction, i) => i === 0 || fraction > fractions[i - 1])).toBe(true);
    expect(fractions.at(-1)).toBeCloseTo(1, 12);
  });
});
