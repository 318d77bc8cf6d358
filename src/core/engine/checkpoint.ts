import type { SeriesState } from "../metrics/series.js";
import type { Baseline } from "../metrics/summary.js";
import { OUTBOX_STRIDE } from "../state/buffers.js";
import {
  CITIZEN_COLUMNS,
  NOT_LISTED,
  SAVED_COLUMNS,
  type SavedColumn,
  STANDING_COLUMNS,
  type StandingColumn,
} from "../state/citizens.js";
import { addCountValues, countValues } from "../state/counts.js";
import { LISTING_COLUMNS, type ListingLog } from "../state/listings.js";
import type { Simulation } from "./simulation.js";

/**
 * The arrays that hold one shard's state at a day's end, by name, with their types. Per citizen: the columns that
 * change as the run goes (the population is drawn again from the seed; what is computed from it is computed
 * again), and each citizen's next day with acts and with apparatus events (65,535 for none). Then what waits for a
 * later day: records (packed with their due day, as an outbox packs them), appeal reviews ((day, citizen) pairs), and
 * obligations waiting for their outcome ((day, citizen, branch) triples). Then the measures so far: `counts` (records
 * due after the run, then the accumulators, `countValues`), the listing log, and the samples of the shard's
 * citizens. Citizens are numbered in the whole population, so any range of citizens can be cut from the shards of
 * any layout (`cutSnapshot`).
 */
export const SHARD_ARRAYS = {
  ...savedColumnTypes(),
  records: Int32Array,
  scheduled: Uint16Array,
  apparatusScheduled: Uint16Array,
  reviews: Int32Array,
  obligations: Int32Array,
  counts: Float64Array,
  "listings.citizen": Int32Array,
  "listings.day": Int32Array,
  "listings.rule": Int32Array,
  "listings.source": Int32Array,
  "listings.behaviour": Int32Array,
  "listings.kind": Int32Array,
  "listings.actor": Int32Array,
  "listings.wrongful": Int32Array,
  "listings.wrongRecords": Int32Array,
  "listings.endDay": Int32Array,
  "listings.endReason": Int32Array,
  "trajectory.citizen": Int32Array,
  "trajectory.group": Int32Array,
  "trajectory.day": Int32Array,
  "trajectory.trueScore": Float64Array,
  "trajectory.recordedScore": Float64Array,
  "trajectory.listed": Uint8Array,
  "trajectory.trulyListed": Uint8Array,
  "bins.day": Int32Array,
  "bins.group": Int32Array,
  "bins.ledger": Uint8Array,
  "bins.bin": Float64Array,
  "bins.count": Float64Array,
} as const;

/** The arrays of the run's daily series (`SeriesRecorder.snapshot`), with their types. */
export const SERIES_ARRAYS = {
  day: Int32Array,
  part: Uint16Array,
  measure: Uint8Array,
  value: Float64Array,
  recordedOffset: Float64Array,
  trueOffset: Float64Array,
  startMeans: Float64Array,
  endMeans: Float64Array,
} as const;

export type ShardArrayName = keyof typeof SHARD_ARRAYS;
/** A typed array of the same kind over any buffer (a column may live in shared memory). */
type OverAnyBuffer<T> = T extends Float64Array
  ? Float64Array<ArrayBufferLike>
  : T extends Float32Array
    ? Float32Array<ArrayBufferLike>
    : T extends Int32Array
      ? Int32Array<ArrayBufferLike>
      : T extends Uint16Array
        ? Uint16Array<ArrayBufferLike>
        : Uint8Array<ArrayBufferLike>;
export type ShardArrays = { [K in ShardArrayName]: OverAnyBuffer<InstanceType<(typeof SHARD_ARRAYS)[K]>> };
export type StateArray = ShardArrays[ShardArrayName];

/** One shard's state at a day's end: citizens `start` … `start + size − 1` of the whole population. */
export interface ShardSnapshot {
  start: number;
  size: number;
  arrays: ShardArrays;
}

/**
 * A run's state at the end of day `day`, taken between two days (every record due later waits in its target's
 * queue; nothing is in flight between shards): every shard's, the daily series', and the paired baseline's
 * figures when the run has one (it ran before the run).
 */
export interface Checkpoint {
  day: number;
  shards: ShardSnapshot[];
  series: SeriesState;
  baseline?: Baseline;
}

function isStandingColumn(name: SavedColumn): name is SavedColumn & StandingColumn {
  return (STANDING_COLUMNS as readonly string[]).includes(name);
}

/** The citizen columns a checkpoint saves, with their types, in their declared order (`CITIZEN_COLUMNS`). */
function savedColumnTypes(): { [K in SavedColumn]: (typeof CITIZEN_COLUMNS)[K]["type"] } {
  const types: Partial<Record<SavedColumn, (typeof CITIZEN_COLUMNS)[SavedColumn]["type"]>> = {};
  for (const name of SAVED_COLUMNS) types[name] = CITIZEN_COLUMNS[name].type;
  return types as { [K in SavedColumn]: (typeof CITIZEN_COLUMNS)[K]["type"] };
}

const TRAJECTORY = [
  "citizen",
  "group",
  "day",
  "trueScore",
  "recordedScore",
  "listed",
  "trulyListed",
] as const;
const BINS = ["day", "group", "ledger", "bin", "count"] as const;
/** The arrays of a shard's checkpoint with one value per citizen: the saved columns and the two schedules. */
export const CITIZEN_ARRAYS = [...SAVED_COLUMNS, "scheduled", "apparatusScheduled"] as const;

/** Whether a run that checkpoints every `every` days takes one at the end of `day` (never after its last day). */
export function checkpointDue(day: number, every: number | undefined, days: number): boolean {
  return every !== undefined && every > 0 && (day + 1) % every === 0 && day + 1 < days;
}

/** Copies a shard's state at the end of a day (between `closePhase` and the next day's `actPhase`). */
export function snapshotShard(simulation: Simulation): ShardSnapshot {
  const { start, size } = simulation.population;
  const arrays = {} as Record<ShardArrayName, StateArray>;
  for (const name of SAVED_COLUMNS) {
    if (isStandingColumn(name)) arrays[name] = simulation.standing.column(name);
    else if (name === "falseRecords") arrays[name] = simulation.wrongRecords.column();
    else arrays[name] = simulation.state[name].slice();
  }
  arrays.records = simulation.queue.packed();
  arrays.scheduled = simulation.waiting.scheduled.column();
  arrays.apparatusScheduled = simulation.waiting.apparatusScheduled.column();
  arrays.reviews = globalPairs(simulation.waiting.reviews.pairs(), start);
  const obligations = simulation.waiting.obligations.triples();
  for (let k = 1; k < obligations.length; k += 3) obligations[k] += start;
  arrays.obligations = obligations;
  const metrics = countValues(simulation.counts);
  const counts = new Float64Array(1 + metrics.length);
  counts[0] = simulation.queue.pendingAtEnd;
  counts.set(metrics, 1);
  arrays.counts = counts;
  const listings = simulation.listings.columns();
  for (const name of LISTING_COLUMNS) arrays[`listings.${name}`] = listings[name];
  const { trajectory, bins } = simulation.samples;
  arrays["trajectory.citizen"] = Int32Array.from(trajectory.citizen);
  arrays["trajectory.group"] = Int32Array.from(trajectory.group);
  arrays["trajectory.day"] = Int32Array.from(trajectory.day);
  arrays["trajectory.trueScore"] = Float64Array.from(trajectory.trueScore);
  arrays["trajectory.recordedScore"] = Float64Array.from(trajectory.recordedScore);
  arrays["trajectory.listed"] = Uint8Array.from(trajectory.listed, Number);
  arrays["trajectory.trulyListed"] = Uint8Array.from(trajectory.trulyListed, Number);
  arrays["bins.day"] = Int32Array.from(bins.day);
  arrays["bins.group"] = Int32Array.from(bins.group);
  arrays["bins.ledger"] = Uint8Array.from(bins.ledger, (ledger) => (ledger === "recorded" ? 0 : 1));
  arrays["bins.bin"] = Float64Array.from(bins.bin);
  arrays["bins.count"] = Float64Array.from(bins.count);
  return { start, size, arrays: arrays as ShardArrays };
}

function globalPairs(pairs: Int32Array, start: number): Int32Array {
  for (let k = 1; k < pairs.length; k += 2) pairs[k] += start;
  return pairs;
}

/**
 * Puts a snapshot of the same citizens into a freshly built shard (its population drawn, nothing simulated): its
 * columns, queues, measures and samples. The shard's series recorder is left to the caller (`SeriesRecorder.restore`).
 */
export function restoreShard(simulation: Simulation, snapshot: ShardSnapshot): void {
  const { start, size } = simulation.population;
  if (snapshot.start !== start || snapshot.size !== size) {
    throw new RangeError(
      `snapshot of citizens ${snapshot.start}+${snapshot.size} restored into shard ${start}+${size}`,
    );
  }
  const arrays = snapshot.arrays;
  for (const name of SAVED_COLUMNS) {
    if (!isStandingColumn(name) && name !== "falseRecords") simulation.state[name].set(arrays[name]);
  }
  simulation.standing.restore(arrays);
  simulation.wrongRecords.restore(arrays.falseRecords);
  restoreListings(simulation.listings, arrays);
  // The sets' order is not state: what is done to listed citizens does not depend on it (it differs between shards).
  for (let i = 0; i < size; i++) {
    if (arrays.listedSince[i] !== NOT_LISTED) simulation.listed.add(i);
    if (arrays.trulyListedSince[i] !== NOT_LISTED) simulation.trulyListed.add(i);
  }
  const queue = simulation.queue;
  queue.clear();
  queue.pushPacked(arrays.records);
  queue.pendingAtEnd += arrays.counts[0];
  const { scheduled, apparatusScheduled, reviews, obligations } = simulation.waiting;
  scheduled.restore(arrays.scheduled);
  apparatusScheduled.restore(arrays.apparatusScheduled);
  reviews.clear();
  for (let k = 0; k < arrays.reviews.length; k += 2)
    reviews.push(arrays.reviews[k], arrays.reviews[k + 1] - start);
  obligations.clear();
  for (let k = 0; k < arrays.obligations.length; k += 3)
    obligations.push(arrays.obligations[k], arrays.obligations[k + 1] - start, arrays.obligations[k + 2]);
  addCountValues(simulation.counts, arrays.counts.subarray(1));
  simulation.samples.restore({
    trajectory: {
      citizen: Array.from(arrays["trajectory.citizen"]),
      group: Array.from(arrays["trajectory.group"]),
      day: Array.from(arrays["trajectory.day"]),
      trueScore: Array.from(arrays["trajectory.trueScore"]),
      recordedScore: Array.from(arrays["trajectory.recordedScore"]),
      listed: Array.from(arrays["trajectory.listed"], Boolean),
      trulyListed: Array.from(arrays["trajectory.trulyListed"], Boolean),
    },
    bins: {
      day: Array.from(arrays["bins.day"]),
      group: Array.from(arrays["bins.group"]),
      ledger: Array.from(arrays["bins.ledger"], (ledger) => (ledger === 0 ? "recorded" : "true")),
      bin: Array.from(arrays["bins.bin"]),
      count: Array.from(arrays["bins.count"]),
    },
  });
}

function restoreListings(log: ListingLog, arrays: ShardArrays): void {
  for (const name of LISTING_COLUMNS) {
    const saved = arrays[`listings.${name}`];
    const list = log[name];
    list.data = saved.length > 0 ? saved.slice() : new Int32Array(16);
    list.length = saved.length;
  }
  log.findOngoing();
}

/**
 * The state of citizens `start` … `start + size − 1`, cut from the shards of a checkpoint whatever their layout:
 * columns copied, records, waiting citizens, listings and trajectories kept when they are about those citizens
 * (in the order of one shard: each piece's order kept, listings and trajectories by day, then citizen). Counts and
 * score-bin counts are sums over shards; each piece's go to the shard holding its first citizen.
 */
export function cutSnapshot(pieces: readonly ShardSnapshot[], start: number, size: number): ShardSnapshot {
  const end = start + size;
  const inRange = (citizen: number) => citizen >= start && citizen < end;
  const overlapping = pieces.filter((piece) => piece.start < end && piece.start + piece.size > start);
  const owned = pieces.filter((piece) => inRange(piece.start));
  const arrays = {} as Record<ShardArrayName, StateArray>;
  for (const name of CITIZEN_ARRAYS) {
    const column = new SHARD_ARRAYS[name](size);
    for (const piece of overlapping) {
      const from = Math.max(start, piece.start);
      const to = Math.min(end, piece.start + piece.size);
      column.set(piece.arrays[name].subarray(from - piece.start, to - piece.start), from - start);
    }
    arrays[name] = column;
  }
  arrays.records = concat(
    overlapping.map((piece) => keepRows(piece.arrays.records, OUTBOX_STRIDE, 1, inRange)),
    Int32Array,
  );
  arrays.reviews = concat(
    overlapping.map((piece) => keepRows(piece.arrays.reviews, 2, 1, inRange)),
    Int32Array,
  );
  arrays.obligations = concat(
    overlapping.map((piece) => keepRows(piece.arrays.obligations, 3, 1, inRange)),
    Int32Array,
  );
  const counts = new Float64Array(pieces[0].arrays.counts.length);
  for (const piece of owned) for (let k = 0; k < counts.length; k++) counts[k] += piece.arrays.counts[k];
  arrays.counts = counts;
  cutRows(arrays, overlapping, LISTING_COLUMNS, "listings", inRange);
  cutRows(arrays, overlapping, TRAJECTORY, "trajectory", inRange);
  const labelled = pieces.find((piece) => piece.arrays["bins.count"].length > 0) ?? pieces[0];
  for (const name of BINS) arrays[`bins.${name}`] = labelled.arrays[`bins.${name}`].slice();
  const binCounts = new Float64Array(labelled.arrays["bins.count"].length);
  for (const piece of owned) {
    const saved = piece.arrays["bins.count"];
    for (let k = 0; k < saved.length; k++) binCounts[k] += saved[k];
  }
  arrays["bins.count"] = binCounts;
  return { start, size, arrays: arrays as ShardArrays };
}

/** Rows of `stride` integers whose field `field` (a citizen) passes `keep`. */
function keepRows(
  packed: Int32Array,
  stride: number,
  field: number,
  keep: (citizen: number) => boolean,
): Int32Array {
  let count = 0;
  for (let at = 0; at < packed.length; at += stride) if (keep(packed[at + field])) count++;
  if (count * stride === packed.length) return packed.slice();
  const kept = new Int32Array(count * stride);
  let to = 0;
  for (let at = 0; at < packed.length; at += stride) {
    if (!keep(packed[at + field])) continue;
    kept.set(packed.subarray(at, at + stride), to);
    to += stride;
  }
  return kept;
}

function concat<T extends Int32Array>(parts: T[], Type: new (length: number) => T): T {
  const joined = new Type(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

/** Columns `${prefix}.${name}` of the rows about citizens in range, ordered by day, then citizen. */
function cutRows(
  arrays: Record<ShardArrayName, StateArray>,
  pieces: readonly ShardSnapshot[],
  names: readonly string[],
  prefix: "listings" | "trajectory",
  inRange: (citizen: number) => boolean,
): void {
  const key = (name: string) => `${prefix}.${name}` as ShardArrayName;
  const rows: { piece: ShardSnapshot; k: number }[] = [];
  for (const piece of pieces) {
    const citizens = piece.arrays[key("citizen")];
    for (let k = 0; k < citizens.length; k++) if (inRange(citizens[k])) rows.push({ piece, k });
  }
  const day = (row: { piece: ShardSnapshot; k: number }) => row.piece.arrays[key("day")][row.k];
  const citizen = (row: { piece: ShardSnapshot; k: number }) => row.piece.arrays[key("citizen")][row.k];
  rows.sort((a, b) => day(a) - day(b) || citizen(a) - citizen(b));
  for (const name of names) {
    const Type = SHARD_ARRAYS[key(name)];
    const column = new Type(rows.length);
    rows.forEach((row, k) => {
      column[k] = row.piece.arrays[key(name)][row.k];
    });
    arrays[key(name)] = column;
  }
}
