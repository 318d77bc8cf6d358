// The library: `import { loadScenario, simulate } from "controlocracy"`.

export type { DayReport, Model, SimulateOptions, SimulationResult } from "./core/engine/index.js";
export { compileModel, Simulation, simulate } from "./core/engine/index.js";
export type { GroupSummary, OpportunitySummary, Summary } from "./core/metrics/index.js";
export { summarise } from "./core/metrics/index.js";
export type { Population } from "./core/population/index.js";
export { createPopulation, populationBytesPerCitizen } from "./core/population/index.js";
export type { Override, ParseResult, Scenario, ScenarioInput, ScenarioIssue } from "./core/scenario/index.js";
export {
  formatIssues,
  parseScenario,
  scenarioJsonSchema,
  scenarioSchema,
  validateScenario,
} from "./core/scenario/index.js";
export { builtinNames, DEFAULT_SCENARIO, loadScenario, resolveScenario } from "./node/scenarios.js";
