import { RECORD_KIND_NAMES, RecordKind } from "../core/model/index.js";
import { pseudonym } from "../core/population/pseudonym.js";
import { seedKey } from "../core/rng/index.js";
import type { Scenario } from "../core/scenario/index.js";
import { ListingEnd } from "../core/state/listings.js";
import { type StoryTrace, TraceEventType } from "../core/state/trace.js";
import type { Story, StoryEvent } from "./types.js";

// A traced citizen's events (indexes into the model's lists) turned into the report's story (pseudonyms and words).
// Pure, like the rest of the report: `controlocracy run` writes it as story.json, the explorable shows it in a page.

const RULE_WORDS = [
  "their score fell below the threshold",
  "a severe act",
  "a listed behaviour",
  "a court record",
  "their score reached the threshold",
];

function formatPoints(points: number): string {
  if (points === 0) return "no points";
  const rounded = Math.round(points * 10) / 10;
  return `${rounded > 0 ? "+" : "−"}${Math.abs(rounded)} points`;
}

/**
 * The story of the traced citizen, in words: each event described with the scenario's labels and each wrong record
 * with its reason, citizens named by their pseudonyms. `run`: the seed (pseudonyms are a function of it) and the
 * warm-up (the trace counts days from the first simulated day; the story, like every output, from the end of the
 * warm-up). `why`: why this citizen is followed.
 */
export function storyOfTrace(
  scenario: Scenario,
  run: { seed: number; warmupDays: number },
  traced: StoryTrace,
  why: string,
): Story {
  const warmup = run.warmupDays;
  const key = seedKey(run.seed);
  // Citizens are named by their index in the whole population.
  const name = (citizen: number) => pseudonym(key, citizen);
  const behaviourLabel = (b: number) => {
    const behaviour = scenario.behaviours[b];
    return behaviour ? (behaviour.label ?? behaviour.id).toLowerCase() : "an act";
  };
  const sourceLabel = (s: number) => {
    const source = scenario.sources[s];
    return source ? (source.label ?? source.id) : "";
  };
  const opportunities = scenario.consequences?.opportunities ?? [];
  const events: StoryEvent[] = traced.events.map((traceEvent): StoryEvent => {
    const event = { ...traceEvent, day: traceEvent.day - warmup };
    const behaviour = event.behaviour >= 0 ? scenario.behaviours[event.behaviour]?.id : undefined;
    const source = event.source >= 0 ? scenario.sources[event.source]?.id : undefined;
    switch (event.type) {
      case TraceEventType.act: {
        const sources = event.sources.map((s) => scenario.sources[s].id);
        const seen = event.sources.map(sourceLabel).join(", ");
        return {
          day: event.day,
          type: "act",
          behaviour,
          sources,
          text: `${behaviourLabel(event.behaviour)} — ${seen ? `recorded by ${seen}` : "seen by no source (missed)"}`,
        };
      }
      case TraceEventType.record: {
        const kind = RECORD_KIND_NAMES[event.kind] as StoryEvent["kind"];
        const points = formatPoints(event.points);
        let text: string;
        if (event.kind === RecordKind.misattributed) {
          text =
            `${sourceLabel(event.source)} recorded ${name(event.actor)}'s ${behaviourLabel(event.behaviour)} ` +
            `against them — a false match (${points})`;
        } else if (event.kind === RecordKind.spurious) {
          text = `${sourceLabel(event.source)} recorded ${behaviourLabel(event.behaviour)} that never happened (${points})`;
        } else if (event.kind === RecordKind.association) {
          text = `penalised because a contact, ${name(event.actor)}, is listed (${points})`;
        } else {
          text = `${sourceLabel(event.source)} recorded their ${behaviourLabel(event.behaviour)} (${points})`;
        }
        return {
          day: event.day,
          type: "record",
          behaviour,
          source,
          kind,
          actor: event.kind === RecordKind.true ? undefined : name(event.actor),
          points: event.points,
          text,
        };
      }
      case TraceEventType.listed:
        return {
          day: event.day,
          type: "listed",
          behaviour,
          source,
          text: `put on the blacklist: ${RULE_WORDS[event.kind] ?? "a rule"}`,
        };
      case TraceEventType.delisted:
        return {
          day: event.day,
          type: "delisted",
          text: event.kind === ListingEnd.overturned ? "taken off the list on appeal" : "left the list",
        };
      case TraceEventType.denied:
      case TraceEventType.ostracised: {
        const opportunity = opportunities[event.actor];
        const what = opportunity ? (opportunity.label ?? opportunity.id).toLowerCase() : "an opportunity";
        return event.type === TraceEventType.denied
          ? { day: event.day, type: "denied", text: `refused: ${what}` }
          : {
              day: event.day,
              type: "ostracised",
              text: `refused informally by people who saw the list: ${what}`,
            };
      }
      default:
        return { day: event.day, type: "appeal", text: "appealed against the listing" };
    }
  });
  return {
    citizen: name(traced.citizen),
    group: scenario.population.groups[traced.group].id,
    region: scenario.population.regions[traced.region].id,
    incomeBand: scenario.population.incomeBands[traced.incomeBand].id,
    why,
    events,
    days: traced.days.map((row) => ({ ...row, day: row.day - warmup })),
  };
}
