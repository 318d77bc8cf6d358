// `controlocracy`, the entry for Node: everything `controlocracy/core` offers, and what needs Node — scenarios read
// from files or by built-in name, and runs on worker threads.
// `import { loadScenario, simulate } from "controlocracy"`.
export * from "./core/index.js";
export { builtinNames, DEFAULT_SCENARIO, loadScenario } from "./node/scenarios.js";
// Node's `simulate` (worker threads) takes the place of the core's (this thread): same options plus `threads`, same
// result, byte for byte.
export type { ThreadedOptions, ThreadedResult } from "./node/threads/run.js";
export { simulate } from "./node/threads/run.js";
