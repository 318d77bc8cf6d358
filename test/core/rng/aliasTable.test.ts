import { expect, it } from "vitest";
import { AliasTable, CounterRng, seedKey } from "../../../src/core/rng/index.js";
import { chiSquareTest } from "../../helpers/stats.js";
import { ALPHA, drawPerCitizen } from "./draws.js";

const SAMPLE_SIZE = 100_000;

function countDraws(table: AliasTable, purposeName: string): Float64Array {
  const draws = drawPerCitizen(SAMPLE_SIZE, purposeName, (rng) => table.sample(rng));
  const counts = new Float64Array(table.size);
  for (const index of draws) counts[index]++;
  return counts;
}

function normalised(weights: number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
}

it(`AliasTable.sample() passes a chi-square goodness-of-fit test at α = ${ALPHA}`, () => {
  const weights = [5, 0.1, 12, 3.3, 0, 40, 1, 0.02, 7, 7, 0.5, 20];
  const counts = countDraws(new AliasTable(weights), "test.alias");
  expect(counts[4]).toBe(0);
  expect(chiSquareTest(counts, normalised(weights)).pValue).toBeGreaterThan(ALPHA);
});

it(`AliasTable.sample() over 1000 skewed weights passes a chi-square test with merged bins at α = ${ALPHA}`, () => {
  const weights = Array.from({ length: 1000 }, (_, i) => 1 / (i + 1) ** 1.2);
  const counts = countDraws(new AliasTable(Float64Array.from(weights)), "test.alias.zipf");
  expect(chiSquareTest(counts, normalised(weights)).pValue).toBeGreaterThan(ALPHA);
});

it("AliasTable with a single positive weight always returns it", () => {
  const table = new AliasTable([0, 0, 2.5, 0]);
  const rng = new CounterRng(seedKey(8));
  for (let i = 0; i < 1000; i++) expect(table.sample(rng)).toBe(2);
});

it("AliasTable keeps its columns in typed arrays whose mass reproduces the weights", () => {
  const weights = [1, 2, 3, 4];
  const table = new AliasTable(weights);
  expect(table.prob).toBeInstanceOf(Float64Array);
  expect(table.alias).toBeInstanceOf(Uint32Array);
  // Outcome i receives prob[i]/n from its own column and (1 − prob[j])/n from each column j aliased to it.
  const mass = new Float64Array(table.size);
  for (let column = 0; column < table.size; column++) {
    mass[column] += table.prob[column] / table.size;
    mass[table.alias[column]] += (1 - table.prob[column]) / table.size;
  }
  normalised(weights).forEach((share, i) => {
    expect(mass[i]).toBeCloseTo(share, 15);
  });
});

it("AliasTable accepts weights whose sum overflows a double", () => {
  const table = new AliasTable([Number.MAX_VALUE, Number.MAX_VALUE]);
  expect(Array.from(table.prob)).toEqual([1, 1]);
});

it("AliasTable rejects empty, negative, non-finite and all-zero weights", () => {
  expect(() => new AliasTable([])).toThrowErrorMatchingInlineSnapshot(
    `[Error: alias table weights must be a non-empty list, received an empty list]`,
  );
  expect(() => new AliasTable([1, -2])).toThrowErrorMatchingInlineSnapshot(
    `[Error: alias table weights[1] must be finite and ≥ 0, received -2]`,
  );
  expect(() => new AliasTable([1, Number.POSITIVE_INFINITY])).toThrowErrorMatchingInlineSnapshot(
    `[Error: alias table weights[1] must be finite and ≥ 0, received Infinity]`,
  );
  expect(() => new AliasTable([Number.NaN])).toThrowErrorMatchingInlineSnapshot(
    `[Error: alias table weights[0] must be finite and ≥ 0, received NaN]`,
  );
  expect(() => new AliasTable([0, 0])).toThrowErrorMatchingInlineSnapshot(
    `[Error: alias table weights are all 0; give at least one positive weight]`,
  );
});
