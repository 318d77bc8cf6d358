// biome-ignore-all assist/source/organizeImports: values first, then types in their own block
// `controlocracy/core`, the entry for browsers and bundlers: read a scenario from YAML text or plain data,
// estimate and simulate a run, and write its summary as the CLI's summary.json; design a sensitivity analysis and
// estimate its indices. No `node:` import, no file access.
import { compileModel, estimateCost as estimateModelCost, type RunCost } from "./engine/index.js";
import type { Scenario } from "./scenario/index.js";

export { CostError, simulate } from "./engine/index.js";
export { summarise, summaryJson, summaryJsonSchema } from "./metrics/index.js";
export {
  gFunction,
  gFunctionIndices,
  ishigami,
  ishigamiIndices,
  latinHypercube,
  morrisDesign,
  morrisIndices,
  partialRankCorrelations,
  SOBOL_MAX_DIMENSION,
  saltelliBlockSize,
  saltelliDesign,
  sobolIndices,
  sobolPoints,
} from "./sensitivity/index.js";
export {
  applyOverrides,
  formatIssues,
  parseScenario,
  readScenario,
  ScenarioError,
  scenarioJsonSchema,
  validateScenario,
} from "./scenario/index.js";

export type {
  ChannelCost,
  DayReport,
  RunCost,
  RunResult,
  SimulateOptions,
  SourceCost,
} from "./engine/index.js";
export type { GroupSummary, OpportunitySummary, PartSummary, Summary } from "./metrics/index.js";
export type {
  AnalyticIndices,
  Estimate,
  EstimatorOptions,
  MorrisIndices,
  RankCorrelations,
  SobolIndices,
  UnitPoint,
} from "./sensitivity/index.js";
export type {
  FormatOptions,
  IssueCode,
  IssueLocation,
  Override,
  ParseOptions,
  ParseResult,
  PathSegment,
  Scenario,
  ScenarioInput,
  ScenarioIssue,
  ScenarioText,
} from "./scenario/index.js";

/**
 * What a run of the scenario will cost, before it starts: its expected events (acts, spurious records,
 * opportunity requests, by channel) and records in flight, for `run.days` (or `days`) after the warm-up. A paired
 * baseline run, when the scenario asks for one, is not counted.
 */
export function estimateCost(scenario: Scenario, options: { days?: number; seed?: number } = {}): RunCost {
  return estimateModelCost(
    compileModel(scenario, options.days ?? scenario.run.days, options.seed ?? scenario.run.seed),
  );
}
