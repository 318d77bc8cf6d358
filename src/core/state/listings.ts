import { IntList } from "./buffers.js";

/**
 * Why a listing ended, its *cause*: `compliance`, the citizen complied (a recorded act of an
 * `exit.complianceBehaviours` behaviour); `score`, the score reached `exit.scoreAtLeast` (or fell below
 * `exit.scoreBelow`); `maximum`, it lasted `exit.maximumDays`; `minimum`, there is no exit rule at all and its
 * minimum has passed; `overturned`, on appeal. `ongoing` (−1) while it lasts. The causes number 0 … 4, in
 * `LISTING_END_NAMES`'s order, which is also their priority at a day's end when several hold (`minimum` holds alone;
 * appeals are reviewed before the day's end, so an overturned listing has no other cause).
 */
export const ListingEnd = {
  ongoing: -1,
  compliance: 0,
  score: 1,
  maximum: 2,
  minimum: 3,
  overturned: 4,
} as const;
export const LISTING_END_NAMES = ["compliance", "score", "maximum", "minimum", "overturned"] as const;

/**
 * Every listing with its cause: the record that triggered it (its source, behaviour, kind against the truth and
 * the citizen who really acted), how many wrong records the citizen's record held then, and whether it was
 * wrongful — the truth would not have listed the citizen then.
 * Columns grow as listings happen; one row per listing, not per citizen.
 */
export class ListingLog {
  readonly citizen = new IntList();
  readonly day = new IntList();
  readonly rule = new IntList();
  readonly source = new IntList();
  readonly behaviour = new IntList();
  readonly kind = new IntList();
  readonly actor = new IntList();
  readonly wrongful = new IntList();
  /** Wrong records (misattributed or spurious) on the citizen's record when it was listed. */
  readonly wrongRecords = new IntList();
  readonly endDay = new IntList();
  readonly endReason = new IntList();
  /** The row of each ongoing listing, by its citizen: a map, so that its memory follows the listed few. */
  private readonly ongoing = new Map<number, number>();

  get length(): number {
    return this.citizen.length;
  }

  add(
    citizen: number,
    day: number,
    rule: number,
    source: number,
    behaviour: number,
    kind: number,
    actor: number,
    wrongful: boolean,
    wrongRecords: number,
  ): number {
    this.citizen.push(citizen);
    this.day.push(day);
    this.rule.push(rule);
    this.source.push(source);
    this.behaviour.push(behaviour);
    this.kind.push(kind);
    this.actor.push(actor);
    this.wrongful.push(wrongful ? 1 : 0);
    this.wrongRecords.push(wrongRecords);
    this.endDay.push(ListingEnd.ongoing);
    this.endReason.push(ListingEnd.ongoing);
    const row = this.citizen.length - 1;
    this.ongoing.set(citizen, row);
    return row;
  }

  end(listing: number, day: number, reason: number): void {
    this.endDay.data[listing] = day;
    this.endReason.data[listing] = reason;
    const citizen = this.citizen.data[listing];
    if (this.ongoing.get(citizen) === listing) this.ongoing.delete(citizen);
  }

  /** The row of `citizen`'s ongoing listing (its index in the whole population), or −1 when it is not listed. */
  ongoingOf(citizen: number): number {
    return this.ongoing.get(citizen) ?? -1;
  }

  /** Finds the ongoing listings again, after the columns were replaced (a checkpoint's restore). */
  findOngoing(): void {
    this.ongoing.clear();
    for (let row = 0; row < this.length; row++) {
      if (this.endDay.data[row] === ListingEnd.ongoing) this.ongoing.set(this.citizen.data[row], row);
    }
  }

  /** The log's columns, trimmed to its length (what a worker thread hands back). */
  columns(): ListingColumns {
    const columns = {} as Record<ListingColumn, Int32Array>;
    for (const name of LISTING_COLUMNS) columns[name] = this[name].data.slice(0, this.length);
    return columns;
  }

  /** A log holding `columns`, as `columns()` gave them. */
  static fromColumns(columns: ListingColumns): ListingLog {
    const log = new ListingLog();
    for (const name of LISTING_COLUMNS) {
      const list = log[name];
      list.data = columns[name].slice();
      list.length = columns[name].length;
    }
    log.findOngoing();
    return log;
  }
}

/** The log's columns, in the order they are written and read back. */
export const LISTING_COLUMNS = [
  "citizen",
  "day",
  "rule",
  "source",
  "behaviour",
  "kind",
  "actor",
  "wrongful",
  "wrongRecords",
  "endDay",
  "endReason",
] as const;
type ListingColumn = (typeof LISTING_COLUMNS)[number];
export type ListingColumns = Readonly<Record<ListingColumn, Int32Array>>;

/**
 * The listings of a run's shards in one log, ordered by day, then citizen — the order of one unsharded run (a
 * shard lists its citizens in the same order, and a citizen is listed at most once a day).
 */
export function mergeListingLogs(logs: readonly ListingLog[]): ListingLog {
  if (logs.length === 1) return logs[0];
  const rows: { log: ListingLog; k: number }[] = [];
  for (const log of logs) for (let k = 0; k < log.length; k++) rows.push({ log, k });
  rows.sort(
    (a, b) =>
      a.log.day.data[a.k] - b.log.day.data[b.k] ||
      a.log.citizen.data[a.k] - b.log.citizen.data[b.k] ||
      a.k - b.k,
  );
  const merged = new ListingLog();
  for (const { log, k } of rows) {
    for (const name of LISTING_COLUMNS) merged[name].push(log[name].data[k]);
  }
  merged.findOngoing();
  return merged;
}

/**
 * A set of citizen indexes with O(1) insertion, removal and iteration: a dense list plus a map of positions, so
 * its memory follows the number of members (the listed few), not the population.
 */
export class CitizenSet {
  members = new Int32Array(64);
  private readonly position = new Map<number, number>();
  size = 0;

  has(citizen: number): boolean {
    return this.position.has(citizen);
  }

  add(citizen: number): void {
    if (this.position.has(citizen)) return;
    if (this.size === this.members.length) {
      const grown = new Int32Array(this.members.length * 2);
      grown.set(this.members);
      this.members = grown;
    }
    this.position.set(citizen, this.size);
    this.members[this.size++] = citizen;
  }

  delete(citizen: number): void {
    const at = this.position.get(citizen);
    if (at === undefined) return;
    const last = this.members[--this.size];
    this.members[at] = last;
    this.position.set(last, at);
    this.position.delete(citizen);
  }
}

/** The members of a set of citizens, `members[0 … size − 1]`: a `CitizenSet`, or its members sent from a worker. */
export interface ListedCitizens {
  readonly members: Int32Array<ArrayBufferLike>;
  readonly size: number;
}

/** A test of membership in `set`, as it stands now: a binary search in a sorted copy of its members. */
export function memberOf(set: ListedCitizens): (citizen: number) => boolean {
  const sorted = set.members.slice(0, set.size).sort();
  return (citizen) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle] < citizen) low = middle + 1;
      else high = middle;
    }
    return low < sorted.length && sorted[low] === citizen;
  };
}
