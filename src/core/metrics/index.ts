export { Accumulators } from "./accumulators.js";
export type { GroupSummary, OpportunitySummary, Summary } from "./summary.js";
export { summarise } from "./summary.js";
