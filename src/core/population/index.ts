export type { Population } from "./population.js";
export { createPopulation, populationBytesPerCitizen } from "./population.js";
