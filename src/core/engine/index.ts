export type { Model } from "./model.js";
export { compileModel, LISTING_RULE_NAMES, RECORD_KIND_NAMES } from "./model.js";
export type { SimulateOptions, SimulationResult } from "./simulate.js";
export { simulate } from "./simulate.js";
export type { DayReport } from "./simulation.js";
export { ENGINE_BYTES_PER_CITIZEN, Simulation } from "./simulation.js";
