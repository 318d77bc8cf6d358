import type { RunResult, SimulateOptions } from "../../core/engine/index.js";
import { pseudonym } from "../../core/population/pseudonym.js";
import { seedKey } from "../../core/rng/index.js";
import type { Scenario } from "../../core/scenario/index.js";
import { labelsOf } from "../../report/labels.js";
import type { RunReport, ScoreBin, SeriesRow, TrajectoryRow } from "../../report/types.js";
import { buildStory, type StoryTracer } from "./storyData.js";

/**
 * Everything a run's outputs are made of, with ids and pseudonyms in place of indexes: the summary, the tidy series,
 * score distributions, sampled trajectories and the story (which re-runs the seed for one citizen).
 */
export async function buildRunReport(
  scenario: Scenario,
  result: RunResult,
  options: SimulateOptions,
  runtime?: RunReport["runtime"],
  tracer?: StoryTracer,
): Promise<RunReport> {
  const { simulation, summary } = result;
  const groups = scenario.population.groups.map((group) => group.id);
  const series: SeriesRow[] = simulation.series.rows();
  const bins = simulation.samples.bins;
  const width = simulation.samples.binWidth;
  const scoreBins: ScoreBin[] = bins.day.map((day, k) => ({
    day,
    group: groups[bins.group[k]],
    ledger: bins.ledger[k],
    bin: bins.bin[k],
    width,
    count: bins.count[k],
  }));
  const key = seedKey(simulation.model.seed);
  const names = new Map<number, string>();
  const name = (citizen: number) => {
    let text = names.get(citizen);
    if (text === undefined) {
      text = pseudonym(key, citizen);
      names.set(citizen, text);
    }
    return text;
  };
  const t = simulation.samples.trajectory;
  const trajectories: TrajectoryRow[] = t.day.map((day, k) => ({
    citizen: name(t.citizen[k]),
    group: groups[t.group[k]],
    day,
    trueScore: t.trueScore[k],
    recordedScore: t.recordedScore[k],
    listed: t.listed[k],
    trulyListed: t.trulyListed[k],
  }));
  const story = await buildStory(scenario, simulation, options, tracer);
  return { summary, runtime, series, scoreBins, trajectories, story, labels: labelsOf(scenario) };
}
