// One measured run of the AgentScript model, in its own process: `node bench/agentscript/run.js CITIZENS DAYS
// PARAMETERS_JSON` (the parameters as bench/run.js reads them from bench/reduced.yaml). Times what a user's run
// does — constructing the model, setup(), DAYS calls of step() — and prints one JSON line: the outputs of
// bench/README.md, the wall seconds and the process's peak RSS in bytes.
import { register } from "node:module";

// AgentScript's sources import some files by absolute browser paths; the hook resolves them (see hooks.js).
register("./hooks.js", import.meta.url);
const { default: ReducedModel } = await import("./ReducedModel.js");

const [citizens, days, parametersJson] = process.argv.slice(2);
if (citizens === undefined || days === undefined || parametersJson === undefined) {
  console.error("usage: node bench/agentscript/run.js CITIZENS DAYS PARAMETERS_JSON");
  process.exit(2);
}
const parameters = JSON.parse(parametersJson);

const started = performance.now();
const model = new ReducedModel();
Object.assign(model, {
  population: Number(citizens),
  shape: parameters.shape,
  behaviours: parameters.behaviours.map(({ rate, points }) => ({ rate, points })),
  detection: parameters.detection,
  misattribution: parameters.misattribution,
  initialScore: parameters.initialScore,
  minScore: parameters.minScore,
  maxScore: parameters.maxScore,
  listBelow: parameters.listBelow,
  ticketRate: parameters.requestRate,
});
model.setup();
for (let day = 0; day < Number(days); day++) model.step();
const outputs = model.outputs();
const wallSeconds = (performance.now() - started) / 1000;

console.log(
  JSON.stringify({
    citizens: Number(citizens),
    days: model.ticks,
    ...outputs,
    wallSeconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
