// biome-ignore-all assist/source/organizeImports: values first, then types in their own block
export { column } from "./columns.js";
export {
  attributeColumns,
  cellBytes,
  cellAttributes,
  createPopulation,
  groupOf,
  incomeBandOf,
  populationBytesPerCitizen,
  propensityColumn,
  propensityLevels,
  regionOf,
} from "./population.js";
export { shardOf } from "./shards.js";

export type { ColumnType } from "./columns.js";
export type { CellAttributes, CellColumn, Population, PopulationParts } from "./population.js";
