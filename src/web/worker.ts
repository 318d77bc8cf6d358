import { STORY_DAYS_AFTER } from "../core/engine/story.js";
import type { Model } from "../core/model/index.js";
import type { Scenario } from "../core/scenario/index.js";
import type { Story } from "../report/types.js";
import { type ListedCitizen, type ListedPick, listedCitizens, storyOfPick } from "./listed.js";
import { type DayPoint, type RunRequest, resolveRequest, runScenario, type SeriesPoint } from "./run.js";

// The explorable's Web Worker: the simulation runs here, never on the page's thread. The page sends a request and
// play / pause / step / speed; the worker answers with the days as they pass (in batches), the progress, and the
// finished summary.

/** What the page sends. */
export type ToWorker =
  | { type: "run"; request: RunRequest; playing: boolean; daysPerSecond: number }
  | { type: "play" }
  | { type: "pause" }
  | { type: "step" }
  | { type: "speed"; daysPerSecond: number }
  /** The story of the `citizen`-th citizen of the list offered (`citizens`). */
  | { type: "story"; citizen: number };

/** What the worker answers. */
export type FromWorker =
  | { type: "invalid"; report: string }
  | {
      type: "started";
      days: number;
      population: number;
      seed: number;
      name: string;
      /** The resolved scenario as JSON (which YAML reads): `controlocracy run` runs it as it is. */
      scenarioJson: string;
    }
  | { type: "groups"; groups: { id: string; size: number }[] }
  | { type: "days"; points: DayPoint[]; series: SeriesPoint[]; progress: number }
  | { type: "paused"; day: number }
  /** The series as a Blob: made here, handed over by reference, so the page's thread never holds its text. */
  | { type: "finished"; summaryJson: string; series: Blob; seconds: number }
  | { type: "failed"; error: string }
  /**
   * Right after `finished`: the listed citizens to follow (at most `LISTED_OFFERED` of the `total`), and how many days
   * after its listing a story goes on.
   */
  | { type: "citizens"; citizens: ListedCitizen[]; total: number; daysAfter: number }
  | { type: "story"; citizen: number; story: Story }
  | { type: "storyRefused"; citizen: number; reason: string };

interface WorkerScope {
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker): void;
}
const scope = self as unknown as WorkerScope;
const post = (message: FromWorker) => scope.postMessage(message);

let playing = true;
let daysPerSecond = 0;
let wake: (() => void) | undefined;
/** While stepping: the day to stop after (-1 when not stepping). */
let stepTo = -1;
let pending: DayPoint[] = [];
let pendingSeries: SeriesPoint[] = [];
let progress = 0;
let lastLook = performance.now();
let lastDayAt = 0;
let lastDay = -1;
/** The finished run's scenario and model, and the citizens offered from it: what a story is traced from. */
let followable: { scenario: Scenario; model: Model; picks: ListedPick[] } | undefined;

/** A macrotask: lets the page's messages (pause, step, speed) in. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The whole daily series, tidy: one row a day, dimension, part and measure. */
function seriesCsv(
  rows: { day: number; dimension: string; part: string; measure: string; value: number }[],
): string {
  const lines = ["day,dimension,part,measure,value"];
  for (const row of rows) lines.push(`${row.day},${row.dimension},${row.part},${row.measure},${row.value}`);
  return `${lines.join("\n")}\n`;
}

function flush(): void {
  if (pending.length === 0) return;
  post({ type: "days", points: pending, series: pendingSeries, progress });
  pending = [];
  pendingSeries = [];
}

async function run(request: RunRequest): Promise<void> {
  followable = undefined;
  const resolved = resolveRequest(request);
  if (!resolved.ok) {
    post({ type: "invalid", report: resolved.report });
    return;
  }
  const scenario = resolved.scenario;
  post({
    type: "started",
    days: scenario.run.days,
    population: scenario.population.size,
    seed: scenario.run.seed,
    name: scenario.name,
    scenarioJson: `${JSON.stringify(scenario, null, 2)}\n`,
  });
  const started = performance.now();
  const finished = await runScenario(
    scenario,
    (point, series) => {
      pending.push(point);
      for (const row of series) pendingSeries.push(row);
      lastDay = point.day;
    },
    (fraction) => {
      progress = fraction;
    },
    {
      next: () => {
        const now = performance.now();
        // A step goes on until the next day is reported (the population, and a paired baseline, come first).
        if (stepTo >= 0 && lastDay >= stepTo) {
          stepTo = -1;
          playing = false;
        }
        const going = playing || stepTo >= 0;
        const paced = daysPerSecond > 0 && lastDay >= 0 && playing;
        if (going && !paced && now - lastLook < 30) return undefined;
        return (async () => {
          flush();
          await breathe();
          lastLook = performance.now();
          while (!playing && stepTo < 0) {
            post({ type: "paused", day: lastDay });
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
          }
          if (paced && playing) {
            const due = lastDayAt + 1000 / daysPerSecond;
            const wait = due - performance.now();
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
            lastDayAt = performance.now();
          }
        })();
      },
    },
    (groups) => post({ type: "groups", groups }),
  );
  flush();
  post({
    type: "finished",
    summaryJson: finished.summaryJson,
    series: new Blob([seriesCsv(finished.simulation.series.rows())], { type: "text/csv" }),
    seconds: (performance.now() - started) / 1000,
  });
  const { picks, total } = listedCitizens(finished.simulation);
  // Only the model is kept: the run's columns are let go, a story re-runs the seed.
  followable = { scenario, model: finished.simulation.model, picks };
  post({
    type: "citizens",
    citizens: picks.map(({ citizen, day, wrongful }) => ({ citizen, day, wrongful })),
    total,
    daysAfter: STORY_DAYS_AFTER,
  });
}

/** Traces the picked citizen's story (the same scenario and seed run again), once the run has finished. */
function follow(citizen: number): void {
  const pick = followable?.picks[citizen];
  if (!followable || !pick) {
    const reason = followable
      ? `no citizen ${citizen} in the list offered`
      : "the run is still going: a citizen can be followed once it has finished";
    post({ type: "storyRefused", citizen, reason });
    return;
  }
  post({ type: "story", citizen, story: storyOfPick(followable.scenario, followable.model, pick) });
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === "run") {
    playing = message.playing;
    daysPerSecond = message.daysPerSecond;
    run(message.request).catch((error: unknown) =>
      post({
        type: "failed",
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      }),
    );
    return;
  }
  if (message.type === "story") {
    try {
      follow(message.citizen);
    } catch (error: unknown) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      post({
        type: "storyRefused",
        citizen: message.citizen,
        reason: `the story could not be traced: ${reason}`,
      });
    }
    return;
  }
  if (message.type === "play") playing = true;
  else if (message.type === "pause") playing = false;
  else if (message.type === "step") stepTo = lastDay + 1;
  else if (message.type === "speed") daysPerSecond = message.daysPerSecond;
  wake?.();
  wake = undefined;
};
