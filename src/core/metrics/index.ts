// biome-ignore-all assist/source/organizeImports: values first, then types in their own block
export {
  COMPARISON_MEASURES,
  compareRuns,
  intervalNotes,
  intervalScales,
  pairingWarnings,
  replicateSeed,
} from "./comparison.js";
export { chooseMeasure, formatMeasureProblem, mechanismNeeded } from "./measures.js";
export { SampleRecorder, SCORE_BIN_EVERY_DAYS, SCORE_BINS } from "./samples.js";
export { SERIES_MEASURES, SeriesRecorder } from "./series.js";
export { meanInterval, regularizedBeta, studentTCdf, studentTQuantile } from "./statistics.js";
export { summarise } from "./summary.js";
export { summaryJson } from "./summaryJson.js";
export { summaryJsonSchema, summarySchema } from "./summarySchema.js";

export type { SeriesDimension, SeriesMeasure } from "./series.js";
export type { ComparedMeasure, ComparisonMeasure, MeasureRange } from "./comparison.js";
export type { MeasureProblem } from "./measures.js";
export type { Interval, IntervalScale } from "./statistics.js";
export type { Baseline, GroupSummary, OpportunitySummary, PartSummary, Summary } from "./summary.js";
