import { parentPort } from "node:worker_threads";
import { simulate } from "../../core/engine/index.js";
import { measureRun } from "./measureRun.js";
import type { RunAnswer, RunRequest } from "./protocol.js";

// A sweep's worker thread: runs one design point's replicate at a time, on this thread alone, and answers with its
// measures. A run that throws is answered as a failure, so the sweep records it and goes on.

if (!parentPort) throw new Error("the sweep worker runs on a worker thread");
const port = parentPort;
const post = (answer: RunAnswer) => port.postMessage(answer);

port.on("message", (request: RunRequest) => {
  const started = performance.now();
  let last = 0;
  try {
    const result = simulate(request.scenario, {
      seed: request.seed,
      onProgress: (fraction) => {
        if (fraction - last < 0.02 && fraction < 1) return;
        last = fraction;
        post({ type: "progress", id: request.id, fraction });
      },
    });
    const values = measureRun(request.scenario, result, request.measures);
    post({ type: "done", id: request.id, values, seconds: (performance.now() - started) / 1000 });
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    post({ type: "failed", id: request.id, error: message });
  }
});
