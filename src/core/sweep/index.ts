// biome-ignore-all assist/source/organizeImports: values first, then types in their own block
export { sweepJsonSchema } from "./jsonSchema.js";
export { normalQuantile } from "./normal.js";
export { parseSweep } from "./parse.js";
export { MAX_GRID_POINTS, MAX_PARAMETERS, sweepFileSchema, TEST_FUNCTIONS } from "./schema.js";
export { gridValues, parameterValue, U_MIN } from "./space.js";

export type { SweepParseOptions, SweepParseResult } from "./parse.js";
export type { SweepFile, SweepFileInput } from "./schema.js";
export type {
  ParameterSpace,
  SweepDesign,
  SweepMeasure,
  SweepParameter,
  SweepSpec,
  SweepTarget,
} from "./types.js";
