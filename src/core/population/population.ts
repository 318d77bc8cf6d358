import { cellIndex, cellLayout, forEachCell } from "../model/cells.js";
import {
  AliasTable,
  CounterRng,
  discreteGamma,
  PROPENSITY_LEVELS,
  purposeId,
  seedKey,
} from "../rng/index.js";
import type { Scenario } from "../scenario/index.js";
import { column } from "./columns.js";

/**
 * The synthetic population as struct-of-arrays columns: citizen i is index i − `start` in every column.
 * A citizen's attributes are held as its cell (`cellIndex`: region, group, income band and age band in one number),
 * and read through `cells` (`cells.group[cell[i]]` indexes `population.groups`, and so on). Propensities
 * are one byte each, one array citizen by citizen: a citizen's classes for every behaviour, in the order of
 * `scenario.behaviours`, lie side by side, so that a day with acts, which reads several of them, finds them in one
 * cache line, or two where its row crosses a line's end (up to 64 behaviours).
 */
/** Each citizen's cell: a byte when there are at most 256 cells, else 16 bits (`MAX_CELLS`). */
export type CellColumn = Uint8Array<ArrayBufferLike> | Uint16Array<ArrayBufferLike>;

/** Bytes a citizen's cell takes: 1 for at most 256 cells, else 2. */
export function cellBytes(population: Scenario["population"]): number {
  return cellLayout(population).cells <= 256 ? 1 : 2;
}

export interface Population {
  /** First citizen index held (a shard covers citizens `start` … `start + size − 1`). */
  readonly start: number;
  /** Number of citizens held. */
  readonly size: number;
  /** Each citizen's cell (`cellIndex`), the index of the model's per-cell tables. */
  readonly cell: CellColumn;
  /** Each cell's attributes (`CellAttributes`). */
  readonly cells: CellAttributes;
  /** The number of behaviours: the stride of `propensities`. */
  readonly behaviours: number;
  /**
   * Each citizen's propensity classes: held citizen i's for behaviour b at i × `behaviours` + b, a class of the
   * discrete gamma of b's shape (`discreteGamma`), equally likely.
   */
  readonly propensities: Uint8Array;
  /**
   * Each behaviour's propensity multipliers by class, the class means of its discrete gamma (mean 1, variance about
   * 1/shape): behaviour b's class j at b × `PROPENSITY_LEVELS` + j. Citizen i's multiplier for b is
   * `propensityLevels[b × PROPENSITY_LEVELS + propensities[i × behaviours + b]]`.
   */
  readonly propensityLevels: Float64Array;
}

/** Per cell (`cellIndex`), its region, group, income band and age band: indexes into the scenario's lists. */
export interface CellAttributes {
  readonly region: Uint8Array;
  readonly group: Uint8Array;
  readonly incomeBand: Uint8Array;
  readonly ageBand: Uint8Array;
}

/** The attributes of every cell of the scenario's population. */
export function cellAttributes(population: Scenario["population"]): CellAttributes {
  const layout = cellLayout(population);
  const attributes = {
    region: new Uint8Array(layout.cells),
    group: new Uint8Array(layout.cells),
    incomeBand: new Uint8Array(layout.cells),
    ageBand: new Uint8Array(layout.cells),
  };
  forEachCell(layout, (cell, r, g, i, a) => {
    attributes.region[cell] = r;
    attributes.group[cell] = g;
    attributes.incomeBand[cell] = i;
    attributes.ageBand[cell] = a;
  });
  return attributes;
}

/** Held citizen i's region (an index into `population.regions`). */
export function regionOf(population: PopulationParts, i: number): number {
  return population.cells.region[population.cell[i]];
}

/** Held citizen i's group (an index into `population.groups`). */
export function groupOf(population: PopulationParts, i: number): number {
  return population.cells.group[population.cell[i]];
}

/** Held citizen i's income band (an index into `population.incomeBands`). */
export function incomeBandOf(population: PopulationParts, i: number): number {
  return population.cells.incomeBand[population.cell[i]];
}

/** Every held citizen's region, group, income band and age band, in new arrays (to read them all at once). */
export function attributeColumns(population: PopulationParts): CellAttributes {
  const { cell, cells } = population;
  const columns = {
    region: new Uint8Array(cell.length),
    group: new Uint8Array(cell.length),
    incomeBand: new Uint8Array(cell.length),
    ageBand: new Uint8Array(cell.length),
  };
  for (let i = 0; i < cell.length; i++) {
    columns.region[i] = cells.region[cell[i]];
    columns.group[i] = cells.group[cell[i]];
    columns.incomeBand[i] = cells.incomeBand[cell[i]];
    columns.ageBand[i] = cells.ageBand[cell[i]];
  }
  return columns;
}

/** Behaviour b's propensity multipliers of every held citizen, in a new array. */
export function propensityColumn(population: Population, b: number): Float64Array {
  const { size, behaviours, propensities, propensityLevels } = population;
  const column = new Float64Array(size);
  for (let i = 0; i < size; i++)
    column[i] = propensityLevels[b * PROPENSITY_LEVELS + propensities[i * behaviours + b]];
  return column;
}

/** Each behaviour's propensity multipliers by class (`Population.propensityLevels`). */
export function propensityLevels(scenario: Scenario): Float64Array {
  const levels = new Float64Array(scenario.behaviours.length * PROPENSITY_LEVELS);
  scenario.behaviours.forEach((behaviour, b) => {
    const shape = (behaviour.heterogeneity ?? scenario.population.propensity).shape;
    levels.set(discreteGamma(shape), b * PROPENSITY_LEVELS);
  });
  return levels;
}

/** The attributes of a population that the run's measures read (what other threads see of a shard). */
export type PopulationParts = Pick<Population, "start" | "size" | "cell" | "cells">;

/** Bytes of population state per citizen: the cell (`cellBytes`) and a one-byte propensity class per behaviour. */
export function populationBytesPerCitizen(scenario: Scenario): number {
  return cellBytes(scenario.population) + scenario.behaviours.length;
}

const PURPOSE_ATTRIBUTES = purposeId("population.attributes");

/** Per-key conditional tables (e.g. group shares by region), falling back to the marginal shares. */
function conditionalTables(
  outer: readonly { id: string }[],
  inner: readonly { id: string; share: number }[],
  table: Record<string, Record<string, number>>,
): AliasTable[] {
  const marginal = new AliasTable(inner.map((part) => part.share));
  return outer.map((part) => {
    const shares = table[part.id];
    return shares ? new AliasTable(inner.map((innerPart) => shares[innerPart.id] ?? 0)) : marginal;
  });
}

/**
 * Draws citizens `start` … `start + size − 1` of the scenario's population under `seed`. Each citizen's
 * attributes come from its own random streams, so a citizen is the same whichever shard draws it:
 * region, then group (given region), income band (given group), age band from the `population.attributes`
 * stream, held as the cell they make; each propensity class from a `population.propensity.<behaviour id>` stream.
 * `sharedMemory`: the cells over a `SharedArrayBuffer`, for a shard drawn on a worker thread.
 */
export function createPopulation(
  scenario: Scenario,
  seed: number,
  start = 0,
  size = scenario.population.size - start,
  onProgress?: (fraction: number) => void,
  sharedMemory = false,
): Population {
  if (!Number.isInteger(start) || !Number.isInteger(size) || start < 0 || size < 0) {
    throw new Error(
      `population shard must have a non-negative integer start and size, received ${start}, ${size}`,
    );
  }
  if (start + size > scenario.population.size) {
    throw new Error(
      `population shard ${start}…${start + size - 1} lies beyond the population of ${scenario.population.size}`,
    );
  }
  const population: Population = {
    start,
    size,
    // Other threads read the cells (the run's measures, the index of false-match victims): they may be shared.
    cell:
      cellBytes(scenario.population) === 1
        ? column(Uint8Array, size, sharedMemory)
        : column(Uint16Array, size, sharedMemory),
    cells: cellAttributes(scenario.population),
    behaviours: scenario.behaviours.length,
    propensities: new Uint8Array(size * scenario.behaviours.length),
    propensityLevels: propensityLevels(scenario),
  };
  // Work in chunks so a caller can show progress; each chunk's loops are the plain kernels below.
  const steps = 1 + scenario.behaviours.length;
  for (let from = 0; from < size; from += PROGRESS_CHUNK) {
    const to = Math.min(size, from + PROGRESS_CHUNK);
    fillAttributes(population, scenario, seed, from, to);
    onProgress?.((to / size) * (1 / steps));
  }
  scenario.behaviours.forEach((_, b) => {
    for (let from = 0; from < size; from += PROGRESS_CHUNK) {
      const to = Math.min(size, from + PROGRESS_CHUNK);
      fillPropensities(population, scenario, seed, b, from, to);
      onProgress?.((1 + b + to / size) / steps);
    }
  });
  return population;
}

/** Citizens drawn between two progress reports. */
const PROGRESS_CHUNK = 1 << 20;

/** Draws the attributes of the held citizens at offsets `from` … `to − 1`. */
function fillAttributes(
  population: Population,
  scenario: Scenario,
  seed: number,
  from: number,
  to: number,
): void {
  const { regions, groups, incomeBands, ageBands, groupShareByRegion, incomeShareByGroup } =
    scenario.population;
  const layout = cellLayout(scenario.population);
  const regionTable = new AliasTable(regions.map((part) => part.share));
  const groupTables = conditionalTables(regions, groups, groupShareByRegion);
  const incomeTables = conditionalTables(groups, incomeBands, incomeShareByGroup);
  const ageTable = new AliasTable(ageBands.map((part) => part.share));
  const rng = new CounterRng(seedKey(seed));
  const { start, cell } = population;
  for (let i = from; i < to; i++) {
    rng.reset(PURPOSE_ATTRIBUTES, start + i, 0);
    const region = regionTable.sample(rng);
    const group = groupTables[region].sample(rng);
    const income = incomeTables[group].sample(rng);
    cell[i] = cellIndex(layout, region, group, income, ageTable.sample(rng));
  }
}

/**
 * Draws behaviour `b`'s propensity class for the held citizens at offsets `from` … `to − 1`: the top 8 bits of the
 * first word of the citizen's stream, so each of the 256 classes has probability 1/256.
 */
function fillPropensities(
  population: Population,
  scenario: Scenario,
  seed: number,
  b: number,
  from: number,
  to: number,
): void {
  const rng = new CounterRng(seedKey(seed));
  const behaviour = scenario.behaviours[b];
  const { start, behaviours, propensities } = population;
  // A stream per behaviour id: adding, removing or reordering behaviours changes no other propensity.
  const purpose = purposeId(`population.propensity.${behaviour.id}`);
  for (let i = from; i < to; i++) {
    propensities[i * behaviours + b] = rng.reset(purpose, start + i, 0).nextUint32() >>> 24;
  }
}
