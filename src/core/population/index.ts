// biome-ignore-all assist/source/organizeImports: values first, then types in their own block
export { column } from "./columns.js";
export { createPopulation, populationBytesPerCitizen, propensityColumn } from "./population.js";
export { shardOf } from "./shards.js";

export type { ColumnType } from "./columns.js";
export type { Population, PopulationParts } from "./population.js";
