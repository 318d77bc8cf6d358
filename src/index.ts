// The library: `import { loadScenario, parseScenario } from "controlocracy"`. The simulation itself (`simulate`)
// arrives with the engine (issue #3).

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
