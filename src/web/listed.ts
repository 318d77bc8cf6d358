import type { FinishedRun } from "../core/engine/simulate.js";
import { traceStory } from "../core/engine/story.js";
import { RecordKind } from "../core/model/index.js";
import { pseudonym } from "../core/population/pseudonym.js";
import { seedKey } from "../core/rng/index.js";
import type { Scenario } from "../core/scenario/index.js";
import { storyOfTrace } from "../report/storyData.js";
import type { Story } from "../report/types.js";

// "Follow one citizen", in the worker: the listed synthetic citizens a reader may pick, and the story of the one
// picked, traced as the report traces its own (the same run again, same scenario and seed, `traceStory`).

/** The most listed citizens offered to pick from: a list a reader can scroll, and a message that stays small. */
export const LISTED_OFFERED = 200;

/** A listed citizen as the page offers it: a pseudonym, never an index. */
export interface ListedCitizen {
  citizen: string;
  /** The day of its first listing in the measured days, counted from the end of the warm-up (as outputs count). */
  day: number;
  /** Whether that listing was wrongful: the truth would not have listed the citizen then. */
  wrongful: boolean;
}

/** A listed citizen as the worker keeps it, to trace its story when picked. */
export interface ListedPick extends ListedCitizen {
  index: number;
  /** The listing's record kind against the truth (`RecordKind`). */
  kind: number;
}

/**
 * The citizens listed during the measured days, each once with its first such listing: the wrongfully listed first,
 * then by day, then by index; at most `limit` of them. `total`: how many there are in all.
 */
export function listedCitizens(
  simulation: Pick<FinishedRun, "listings" | "model">,
  limit = LISTED_OFFERED,
): { picks: ListedPick[]; total: number } {
  const log = simulation.listings;
  const warmup = simulation.model.warmupDays;
  // The log is ordered by day, then citizen: a citizen's first row is its first listing.
  const first = new Map<number, number>();
  for (let k = 0; k < log.length; k++) {
    if (log.day.data[k] < warmup || first.has(log.citizen.data[k])) continue;
    first.set(log.citizen.data[k], k);
  }
  const rows = [...first.values()];
  const wrongful = rows.filter((k) => log.wrongful.data[k] === 1);
  const chosen = [...wrongful, ...rows.filter((k) => log.wrongful.data[k] !== 1)].slice(0, limit);
  const key = seedKey(simulation.model.seed);
  const picks = chosen.map((k) => ({
    citizen: pseudonym(key, log.citizen.data[k]),
    day: log.day.data[k] - warmup,
    wrongful: log.wrongful.data[k] === 1,
    index: log.citizen.data[k],
    kind: log.kind.data[k],
  }));
  return { picks, total: rows.length };
}

/** Why the picked citizen is followed, in the words `storyIntroduction` puts after "This page follows them as". */
export function whyFollowed(pick: ListedPick): string {
  const listed = `the citizen you picked from the list, listed on day ${pick.day}`;
  if (!pick.wrongful) return listed;
  if (pick.kind === RecordKind.misattributed)
    return `${listed} on a false match: someone else's act recorded against them`;
  if (pick.kind === RecordKind.spurious) return `${listed} on a record of something that never happened`;
  return `${listed} although the truth would not list them`;
}

/**
 * The picked citizen's story: the run traced again from its first day to `STORY_DAYS_AFTER` days after the listing
 * (or the run's end), as the report's story is. `scenario` and `model`: the finished run's (its seed is theirs).
 */
export function storyOfPick(scenario: Scenario, model: FinishedRun["model"], pick: ListedPick): Story {
  const why = whyFollowed(pick);
  const trace = traceStory(scenario, {}, { citizen: pick.index, day: pick.day, why });
  return storyOfTrace(scenario, model, trace, why);
}
