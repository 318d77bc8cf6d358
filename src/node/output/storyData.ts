import {
  chooseStory,
  type FinishedRun,
  type SimulateOptions,
  type StoryChoice,
  type StoryTrace,
  traceStory,
} from "../../core/engine/index.js";
import type { Scenario } from "../../core/scenario/index.js";
import { storyOfTrace } from "../../report/storyData.js";
import type { Story } from "../../report/types.js";

/** Re-runs the seed keeping every event of the chosen citizen (`traceStory`, or the same on worker threads). */
export type StoryTracer = (choice: StoryChoice) => StoryTrace | Promise<StoryTrace>;

/**
 * The story of one synthetic citizen, in words: chosen by `chooseStory`, traced by re-running the seed, and told by
 * `storyOfTrace`. Undefined when nobody was listed.
 */
export async function buildStory(
  scenario: Scenario,
  simulation: FinishedRun,
  options: SimulateOptions,
  tracer: StoryTracer = (choice) => traceStory(scenario, options, choice),
): Promise<Story | undefined> {
  const choice = chooseStory(simulation);
  if (!choice) return undefined;
  const traced = await tracer(choice);
  return storyOfTrace(scenario, simulation.model, traced, choice.why);
}
