import { RecordKind } from "../model/index.js";
import type { Scenario } from "../scenario/index.js";
import type { StoryTrace } from "../state/trace.js";
import { type FinishedRun, type SimulateOptions, simulate } from "./simulate.js";

/** The citizen a story follows, and why it was chosen. */
export interface StoryChoice {
  citizen: number;
  /** The day of the listing that makes the story, counted from the end of the warm-up. */
  day: number;
  why: string;
}

/** Days a story goes on after its listing (to show what the listing did). */
export const STORY_DAYS_AFTER = 120;

/**
 * Picks the citizen whose story best shows what the system does to people: the first listed on a false match, else
 * the first listed on a record of something that never happened, else the first wrongfully listed, else the first
 * listed — among the listings of the measured days. None when nobody was listed then.
 */
export function chooseStory(simulation: Pick<FinishedRun, "listings" | "model">): StoryChoice | undefined {
  const log = simulation.listings;
  const warmup = simulation.model.warmupDays;
  const first = (accept: (k: number) => boolean) => {
    let best = -1;
    for (let k = 0; k < log.length; k++) {
      if (log.day.data[k] < warmup) continue;
      if (accept(k) && (best < 0 || log.day.data[k] < log.day.data[best])) best = k;
    }
    return best;
  };
  const wrongful = (k: number) => log.wrongful.data[k] === 1;
  const candidates: [number, string][] = [
    [
      first((k) => wrongful(k) && log.kind.data[k] === RecordKind.misattributed),
      "the first citizen listed on a false match: someone else's act recorded against them",
    ],
    [
      first((k) => wrongful(k) && log.kind.data[k] === RecordKind.spurious),
      "the first citizen listed on a record of something that never happened",
    ],
    [first(wrongful), "the first citizen listed although the truth would not list them"],
    [first(() => true), "the first citizen listed"],
  ];
  for (const [k, why] of candidates) {
    if (k >= 0) return { citizen: log.citizen.data[k], day: log.day.data[k] - warmup, why };
  }
  return undefined;
}

/**
 * Runs the scenario again with the same seed, keeping every event of the chosen citizen, up to
 * `STORY_DAYS_AFTER` days past its listing. The run is identical to the first up to that day (a run's first days
 * do not depend on its length), so the story is the same citizen's.
 */
export function traceStory(scenario: Scenario, options: SimulateOptions, choice: StoryChoice): StoryTrace {
  const days = Math.min(options.days ?? scenario.run.days, choice.day + 1 + STORY_DAYS_AFTER);
  const { simulation } = simulate(scenario, {
    seed: options.seed,
    days,
    pairedBaseline: false,
    traceCitizen: choice.citizen,
  });
  if (!simulation.trace) throw new Error("traced run lost its trace");
  return simulation.trace;
}
