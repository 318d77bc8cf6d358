/**
 * Global sensitivity analysis, pure: the Sobol sequence, designs in the unit hypercube (Saltelli's scheme, Latin
 * hypercube, Morris trajectories), the estimators (Sobol indices, Morris's elementary effects, partial rank
 * correlations, with bootstrap intervals) and test functions with known indices.
 *
 * @module
 */
// biome-ignore-all assist/source/organizeImports: values first, then types in their own block
export { latinHypercube, morrisDesign, saltelliBlockSize, saltelliDesign } from "./designs.js";
export { morrisIndices, partialRankCorrelations, sobolIndices } from "./estimators.js";
export { SOBOL_MAX_DIMENSION, sobolPoints } from "./sobolSequence.js";
export { gFunction, gFunctionIndices, ishigami, ishigamiIndices } from "./testFunctions.js";

export type { EstimatorOptions } from "./estimators.js";
export type { AnalyticIndices } from "./testFunctions.js";
export type { Estimate, MorrisIndices, RankCorrelations, SobolIndices, UnitPoint } from "./types.js";
