// biome-ignore-all assist/source/organizeImports: values first, then types in their own block
export { cutSnapshot } from "./checkpoint.js";
export { estimateCost, OUTPUT_LIMIT, outputOverflows } from "./cost.js";
export { CostError } from "../state/costError.js";
export { LISTING_END_NAMES, ListingEnd } from "../state/listings.js";
export { compileModel, LISTING_RULE_NAMES, RECORD_KIND_NAMES } from "../model/index.js";
export { ShardedSimulation, shardRanges } from "./shards.js";
export { DAY_PHASES, PHASES_AFTER_EXCHANGE, PHASES_BEFORE_EXCHANGE } from "./phases.js";
export { baselineOf, pairedRun, runAsync, runSync, withoutApparatus } from "./runner.js";
export { simulate, simulateSharded } from "./simulate.js";
export { ENGINE_BYTES_PER_CITIZEN, SCHEDULES_BYTES, Simulation } from "./simulation.js";
export { chooseStory, STORY_DAYS_AFTER, traceStory } from "./story.js";
export { StoryTrace, TraceEventType } from "../state/trace.js";

export type { Checkpoint, ShardSnapshot } from "./checkpoint.js";
export type { ChannelCost, OutputOverflow, RunCost, SourceCost } from "./cost.js";
export type { Model } from "../model/index.js";
export type {
  FinishedRun,
  RunResult,
  ShardedResult,
  SimulateOptions,
  SimulationResult,
} from "./simulate.js";
export type { DayOutcome, Executor, ExecutorFactory, Finished, Outcome } from "./runner.js";
export type { DayReport } from "./simulation.js";
export type { StoryChoice } from "./story.js";
export type { TraceEvent } from "../state/trace.js";
