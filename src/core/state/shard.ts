import type { Model } from "../model/index.js";
import type { CellColumn, Population } from "../population/index.js";
import type { PhiloxKey } from "../rng/index.js";
import type { CitizenState } from "./citizens.js";
import type { Counts } from "./counts.js";
import type { CitizenSet, ListingLog } from "./listings.js";
import type { DailyMeasures } from "./measures.js";
import type { CitizenParts } from "./parts.js";
import type { Standing } from "./standing.js";
import type { StoryTrace } from "./trace.js";
import type { WrongRecords } from "./wrongRecords.js";

/** Who hears of each act the world draws: the apparatus (the truth ledger's rules, and the sources). */
export interface ActObserver {
  /** Citizen i's acts of `day` are about to be drawn (the observer may start its own stream for the day). */
  beginActs(i: number, day: number): void;
  /** Citizen i's act number `event` of the day, of behaviour b. */
  act(i: number, b: number, day: number, event: number): void;
}

/**
 * What the systems of one shard share: the compiled model, the shard's citizens (`population`, citizens
 * `population.start` … `start + size − 1` of the whole population; systems index them from 0) and their state, the
 * counts and streaming measures they add to, the listing log and the sets of listed citizens, and the story of the
 * traced citizen when it is in this shard. Each system keeps the references it uses; none owns them.
 */
export interface ShardContext {
  readonly model: Model;
  readonly population: Population;
  readonly state: CitizenState;
  /** Their listings, compliance and distress (held for those who have some). */
  readonly standing: Standing;
  /** Their wrong records' counts. */
  readonly wrongRecords: WrongRecords;
  readonly counts: Counts;
  readonly measures: DailyMeasures;
  readonly listings: ListingLog;
  /** Citizens listed on the record, and by the truth. */
  readonly listed: CitizenSet;
  readonly trulyListed: CitizenSet;
  /** The run's random key: every draw is a function of it, a purpose, a citizen and a day. */
  readonly key: PhiloxKey;
  /** Each citizen's parts for the series, packed (`DailyMeasures`), from its cell. */
  readonly parts: CitizenParts;
  /** Each citizen's cell: ((region × groups + group) × income bands + income band) × age bands + age band. */
  readonly cellOf: CellColumn;
  /** Whether each schedule of days holds them in 16 bits rather than a byte (`NextDays`, `wideSchedules`). */
  readonly wideSchedules: { readonly acts: boolean; readonly apparatus: boolean };
  /** The traced citizen's story and index in this shard, or undefined and −1. */
  readonly trace: StoryTrace | undefined;
  readonly traced: number;
}
