import type { Scenario } from "../scenario/index.js";
import { changedPart, timelineSteps } from "../scenario/timeline.js";
import { compileBehaviours } from "./behaviours.js";
import { compileBlacklist } from "./blacklist.js";
import { cellLayout } from "./cells.js";
import { compileChannels, spuriousOn } from "./channels.js";
import { compileConsequences } from "./consequences.js";
import { compileDueProcess } from "./dueProcess.js";
import { lookup } from "./lookup.js";
import type { Model } from "./model.js";
import { compileOutcomes } from "./outcomes.js";
import { compileActResponses, compileResponses } from "./responses.js";
import { compileScoring } from "./scoring.js";
import { compileSources } from "./sources.js";
import { compileStates } from "./states.js";
import { modelStructure } from "./structure.js";

// `compileModel`: the section compilers joined into one model.

/**
 * Compiles a validated scenario into the model's tables, for `days` measured days (default `run.days`) after the
 * scenario's `run.warmupDays`. Parts that are switched off (`enabled: false`) or left out compile to no effect.
 * Throws on an id that names nothing (which validation reports first). A scenario with a timeline compiles one model
 * per segment: the first day's is the one returned, and its `timeline` holds the others, by the day they start
 * (changes on or after the run's last day are left out).
 */
export function compileModel(scenario: Scenario, days = scenario.run.days, seed = scenario.run.seed): Model {
  const steps = timelineSteps(scenario);
  if (steps.length === 0) return compileSegment(scenario, days, seed, undefined);
  // A source whose spurious records are on in any segment has its channel in all (at rate 0 where off).
  const spuriousChannel = scenario.sources.map(
    (source, s) => spuriousOn(source) || steps.some((step) => spuriousOn(step.scenario.sources[s])),
  );
  const model = compileSegment(scenario, days, seed, spuriousChannel);
  model.timeline = steps
    .filter((step) => step.day < model.days)
    .map((step) => ({ day: step.day, model: compileSegment(step.scenario, days, seed, spuriousChannel) }));
  // Validation refuses such a change where it can say where; this holds whatever validated the scenario.
  const structure = modelStructure(model);
  for (const { day, model: segment } of model.timeline) {
    const changed = changedPart(structure, modelStructure(segment));
    if (changed !== undefined)
      throw new Error(
        `the timeline's change on day ${day} changes ${changed}, which cannot change during a run`,
      );
  }
  return model;
}

/** `modelStructure` of a valid scenario, its timeline left out (a one-day compile: the structure needs no more). */
export function timelineStructure(scenario: Scenario): (readonly [string, string])[] {
  return modelStructure(compileModel({ ...scenario, timeline: undefined }, 1));
}

/** The model of one segment of a run: the scenario as it stands between two changes of its timeline. */
function compileSegment(
  scenario: Scenario,
  days: number,
  seed: number,
  spuriousChannel: readonly boolean[] | undefined,
): Model {
  const behaviour = lookup(scenario.behaviours, "behaviour");
  const source = lookup(scenario.sources, "source");
  const layout = cellLayout(scenario.population);
  const behaviours = compileBehaviours(scenario);
  const sources = compileSources(scenario, layout, behaviour);
  const scoring = compileScoring(scenario);
  const blacklist = compileBlacklist(scenario, behaviour, source);
  const consequences = compileConsequences(scenario, scoring.categoryNames);
  const canDeny = consequences.deniedTo.some((rule) => rule.any);
  const responses = compileResponses(scenario);
  const actResponses = compileActResponses(scenario, behaviours.points, behaviour);
  // A citizen can be listed only with a list, sanctioned only by a sanction that can deny or by ostracism.
  const states = compileStates(scenario, behaviour, scoring, {
    listed: blacklist.blacklist,
    sanctioned: canDeny || (blacklist.blacklist && blacklist.ostracism > 0),
  });
  return {
    scenario,
    days: scenario.run.warmupDays + days,
    warmupDays: scenario.run.warmupDays,
    seed,
    size: scenario.population.size,
    ...layout,
    trappedAfterDays: scenario.measurement.trappedAfterDays,
    ...compileChannels(scenario, layout, sources, actResponses, behaviours.points, states, spuriousChannel),
    ...behaviours,
    ...sources,
    ...scoring,
    ...blacklist,
    ...consequences,
    ...compileOutcomes(scenario, layout, behaviour),
    ...responses,
    ...compileDueProcess(scenario, behaviour),
    timeline: [],
  };
}
