// biome-ignore-all assist/source/organizeImports: values first, then types in their own block
// The library: `import { loadScenario, simulate } from "controlocracy"`.
export {
  CostError,
  compileModel,
  estimateCost,
  outputOverflows,
  ShardedSimulation,
  Simulation,
  simulate,
  simulateSharded,
} from "./core/engine/index.js";
export { summarise } from "./core/metrics/index.js";
export { createPopulation, populationBytesPerCitizen } from "./core/population/index.js";
export {
  formatIssues,
  parseScenario,
  scenarioJsonSchema,
  scenarioSchema,
  validateScenario,
} from "./core/scenario/index.js";
export { builtinNames, DEFAULT_SCENARIO, loadScenario, resolveScenario } from "./node/scenarios.js";
export { simulateOnThreads } from "./node/threads/run.js";

export type {
  Checkpoint,
  DayReport,
  FinishedRun,
  Model,
  OutputOverflow,
  RunCost,
  RunResult,
  SimulateOptions,
  SimulationResult,
} from "./core/engine/index.js";
export type { GroupSummary, OpportunitySummary, Summary } from "./core/metrics/index.js";
export type { Population } from "./core/population/index.js";
export type { ThreadedResult } from "./node/threads/run.js";
export type { Override, ParseResult, Scenario, ScenarioInput, ScenarioIssue } from "./core/scenario/index.js";
