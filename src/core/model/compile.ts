import type { Scenario } from "../scenario/index.js";
import { compileBehaviours } from "./behaviours.js";
import { compileBlacklist } from "./blacklist.js";
import { cellLayout } from "./cells.js";
import { compileChannels } from "./channels.js";
import { compileConsequences } from "./consequences.js";
import { compileDueProcess } from "./dueProcess.js";
import { lookup } from "./lookup.js";
import type { Model } from "./model.js";
import { compileOutcomes } from "./outcomes.js";
import { compileActResponses, compileResponses } from "./responses.js";
import { compileScoring } from "./scoring.js";
import { compileSources } from "./sources.js";

// `compileModel`: the section compilers joined into one model.

/**
 * Compiles a validated scenario into the model's tables, for `days` measured days (default `run.days`) after the
 * scenario's `run.warmupDays`. Parts that are switched off (`enabled: false`) or left out compile to no effect.
 * Throws on an id that names nothing (which validation reports first).
 */
export function compileModel(scenario: Scenario, days = scenario.run.days, seed = scenario.run.seed): Model {
  const behaviour = lookup(scenario.behaviours, "behaviour");
  const source = lookup(scenario.sources, "source");
  const layout = cellLayout(scenario.population);
  const behaviours = compileBehaviours(scenario);
  const sources = compileSources(scenario, layout, behaviour);
  const scoring = compileScoring(scenario);
  const blacklist = compileBlacklist(scenario, behaviour, source);
  const consequences = compileConsequences(scenario, scoring.categoryNames);
  const canDeny = consequences.deniedTo.some((rule) => rule.any);
  const responses = compileResponses(scenario, canDeny);
  const actResponses = compileActResponses(scenario, behaviours.points, behaviour);
  return {
    scenario,
    days: scenario.run.warmupDays + days,
    warmupDays: scenario.run.warmupDays,
    seed,
    size: scenario.population.size,
    ...layout,
    trappedAfterDays: scenario.measurement.trappedAfterDays,
    ...compileChannels(scenario, layout, sources, actResponses, behaviours.points, responses.distressOn),
    ...behaviours,
    ...sources,
    ...scoring,
    ...blacklist,
    ...consequences,
    ...compileOutcomes(scenario, layout, behaviour),
    ...responses,
    ...compileDueProcess(scenario, behaviour),
  };
}
