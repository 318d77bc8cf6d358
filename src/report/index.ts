// biome-ignore-all assist/source/organizeImports: values first, then types in their own block
// Reports: `report.html` for a run, a comparison and a sweep, self-contained and readable offline. Pure code (no file
// access, no `node:` module, no DOM), so a browser can build them too: the caller gives the chart libraries'
// bundles (Node reads them from node_modules, src/node/report/chartLibraries.ts).
export { renderComparisonReport, renderRunReport, renderSweepReport } from "./renderReport.js";
export { describeComparison } from "./comparisonPage.js";
export { describeRun } from "./runDescription.js";
export { describeSweep } from "./sweepPage.js";
export {
  blacklistSpec,
  comparisonSpec,
  denialsSpec,
  groupRatesSpec,
  listingRateSpec,
  rewardsSpec,
  scoresSpec,
  storySpec,
  trajectoriesSpec,
} from "./chartSpecs.js";
export { convergenceSpec, morrisSpec, prccSpec, scatterSpec, sobolSpec } from "./sweepCharts.js";

export type { Chart, ComparedMeasureAxis } from "./chartSpecs.js";
export type { ScatterPanel } from "./sweepCharts.js";
export type {
  ComparisonReport,
  ComparisonRow,
  IndexRow,
  RunReport,
  ScoreBin,
  SeriesRow,
  Story,
  StoryEvent,
  SweepIndices,
  SweepPointRow,
  SweepReport,
  TrajectoryRow,
} from "./types.js";
