// `controlocracy`, the entry for Node: everything `controlocracy/core` offers, and what needs Node — scenarios read
// from files or by built-in name, and runs on worker threads.
// `import { loadScenario, simulate } from "controlocracy"`.
export * from "./core/index.js";
export { builtinNames, DEFAULT_SCENARIO, loadScenario } from "./node/scenarios.js";
export type { ThreadedResult } from "./node/threads/run.js";
export { simulateOnThreads } from "./node/threads/run.js";
