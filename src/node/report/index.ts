// biome-ignore-all assist/source/organizeImports: values first, then types in their own block
// Reports: `report.html` for a run and for a comparison, self-contained and readable offline.
export { renderComparisonReport, renderRunReport } from "./html.js";
export { describeComparison } from "./comparison.js";
export { describeRun } from "./text.js";
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
} from "./charts.js";

export type { Chart, ComparedMeasureAxis } from "./charts.js";
export type {
  ComparisonReport,
  ComparisonRow,
  RunReport,
  ScoreBin,
  SeriesRow,
  Story,
  StoryEvent,
  TrajectoryRow,
} from "./types.js";
