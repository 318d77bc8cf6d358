// biome-ignore-all assist/source/organizeImports: values first, then types in their own block (STYLE.md)
export { createPopulation, populationBytesPerCitizen } from "./population.js";

export type { Population } from "./population.js";
