// One measured run of the engine, in its own process (so its peak RSS is its own): `node bench/engine.js
// SCENARIO CITIZENS [THREADS]`. Loads the scenario (a built-in name or a path) with population.size overridden,
// then times simulate() on worker threads — drawing the population, every day, the
// summary — and prints one JSON line: the outputs of bench/README.md, the threads, the wall seconds and the
// process's peak RSS in bytes (worker threads share the process, so it counts theirs too).
import { loadScenario, simulate } from "../dist/index.js";

const [scenarioName, citizens, threadsArgument = "1"] = process.argv.slice(2);
if (scenarioName === undefined || citizens === undefined) {
  console.error("usage: node bench/engine.js SCENARIO CITIZENS [THREADS]");
  process.exit(2);
}
const scenario = loadScenario(scenarioName, [`population.size=${citizens}`]);

const started = performance.now();
const { summary, threads } = await simulate(scenario, { threads: Number(threadsArgument) });
const wallSeconds = (performance.now() - started) / 1000;

const opportunities = Object.values(summary.denied);
const total = (values) => values.reduce((sum, value) => sum + value, 0);
console.log(
  JSON.stringify({
    citizens: summary.population,
    days: summary.days,
    acts: summary.acts.true,
    records: summary.acts.recorded,
    misattributions: summary.acts.misattributed,
    listed: summary.listings.current,
    trulyListed: summary.listings.trulyListed,
    requests: total(opportunities.map((opportunity) => opportunity.requests)),
    denied: total(opportunities.map((opportunity) => opportunity.denied)),
    threads,
    wallSeconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
