import {
  type FinishedRun,
  LISTING_END_NAMES,
  LISTING_RULE_NAMES,
  ListingEnd,
  RECORD_KIND_NAMES,
} from "../../core/engine/index.js";
import { pseudonym } from "../../core/population/pseudonym.js";
import { seedKey } from "../../core/rng/index.js";
import type { Scenario } from "../../core/scenario/index.js";

/** One listing and its cause, as written to `listings.csv`. */
export interface ListingRow {
  citizen: string;
  group: string;
  day: number;
  rule: string;
  /** The record that triggered the listing: its source, behaviour and kind against the truth. */
  source: string;
  behaviour: string;
  kind: string;
  /** Who really committed the act (another citizen for a false match). */
  actor: string;
  /** Wrong records (misattributed or spurious) on the citizen's file when listed. */
  wrongRecords: number;
  /** Whether the truth would not have listed the citizen then. */
  wrongful: boolean;
  endDay: number | "";
  /** Why it ended (`LISTING_END_NAMES`: compliance, score, maximum, minimum, overturned); empty while it lasts. */
  end: "" | (typeof LISTING_END_NAMES)[number];
}

export const LISTING_COLUMNS = [
  "citizen",
  "group",
  "day",
  "rule",
  "source",
  "behaviour",
  "kind",
  "actor",
  "wrongRecords",
  "wrongful",
  "endDay",
  "end",
] as const;

/**
 * Every listing in effect during the measured days with its cause, citizens shown by their generated pseudonyms;
 * days count from the end of the warm-up (a listing made during it has a negative day).
 */
export function listingRows(scenario: Scenario, simulation: FinishedRun): ListingRow[] {
  const log = simulation.listings;
  const key = seedKey(simulation.model.seed);
  const rows: ListingRow[] = [];
  // Days count from the end of the warm-up; listings that ended during it are not written.
  const warmup = simulation.model.warmupDays;
  for (let k = 0; k < log.length; k++) {
    if (log.endReason.data[k] !== ListingEnd.ongoing && log.endDay.data[k] < warmup) continue;
    const citizen = log.citizen.data[k];
    const source = log.source.data[k];
    const behaviour = log.behaviour.data[k];
    const endReason = log.endReason.data[k];
    rows.push({
      citizen: pseudonym(key, citizen),
      group: scenario.population.groups[simulation.groupOf(citizen)].id,
      day: log.day.data[k] - warmup,
      rule: LISTING_RULE_NAMES[log.rule.data[k]],
      source: source >= 0 ? scenario.sources[source].id : "",
      behaviour: behaviour >= 0 ? scenario.behaviours[behaviour].id : "",
      kind: RECORD_KIND_NAMES[log.kind.data[k]],
      actor: pseudonym(key, log.actor.data[k]),
      wrongRecords: log.wrongRecords.data[k],
      wrongful: log.wrongful.data[k] === 1,
      endDay: endReason === ListingEnd.ongoing ? "" : log.endDay.data[k] - warmup,
      end: endReason === ListingEnd.ongoing ? "" : LISTING_END_NAMES[endReason],
    });
  }
  return rows;
}
