import { column } from "../population/index.js";

// Each citizen's state during a run, as struct-of-arrays columns declared once, here: the engine allocates them from
// this table, a checkpoint saves the ones marked `saved`, and the columns marked `shared` live in shared memory when
// a shard runs on a worker thread, so the run's thread reads the final state (what the summary reads) without a copy.
// Columns computed from the population and the model (rates, cells) are not state: each shard computes them again.
// The columns marked `held` are declared here, for a checkpoint, but held apart: listing, compliance and distress by
// `Standing`, only for the citizens who have some; the wrong records' count by `WrongRecords`, a byte each.

/** The kinds of typed array a column may have. */
type ColumnKind =
  | Float64ArrayConstructor
  | Float32ArrayConstructor
  | Int32ArrayConstructor
  | Uint16ArrayConstructor
  | Uint8ArrayConstructor;

interface ColumnSpec {
  readonly type: ColumnKind;
  /** The value every citizen starts with (before scores are drawn). */
  readonly initial: number;
  /** Which part of the apparatus writes it. */
  readonly writer: string;
  /** Read by the summary at the end: in shared memory on a worker thread. */
  readonly shared: boolean;
  /** Saved in a checkpoint (the others are rebuilt from the saved ones). */
  readonly saved: boolean;
  /** Held apart, not as a column: by `Standing` (sparse), or by `WrongRecords` (a byte each). */
  readonly held?: "standing" | "wrongRecords";
}

/**
 * "Not listed", in `listedSince` and `trulyListedSince`: above every day a run may have (`MAX_SIMULATED_DAYS`), so
 * that the day columns are 16-bit.
 */
export const NOT_LISTED = 0xffff;

/** The latest day a 16-bit day column holds: `distressUntil` is clamped to it (no run reaches it). */
export const LAST_HELD_DAY = 0xffff;

export const CITIZEN_COLUMNS = {
  /** The score on the truth ledger (the rules applied to what the citizen did), as of `scoreDay`. */
  trueScore: { type: Float32Array, initial: 0, writer: "apparatus/scoring", shared: true, saved: true },
  /** The score on the record (what the apparatus observed), as of `scoreDay`. */
  recordedScore: { type: Float32Array, initial: 0, writer: "apparatus/scoring", shared: true, saved: true },
  /** The day both scores were last brought up to date (decay is lazy). */
  scoreDay: { type: Uint16Array, initial: 0, writer: "apparatus/scoring", shared: false, saved: true },
  /** The day the current listing started, or `NOT_LISTED`. */
  listedSince: {
    type: Uint16Array,
    initial: NOT_LISTED,
    writer: "apparatus/blacklist",
    shared: false,
    saved: true,
    held: "standing",
  },
  /** The same on the truth ledger. */
  trulyListedSince: {
    type: Uint16Array,
    initial: NOT_LISTED,
    writer: "apparatus/blacklist",
    shared: false,
    saved: true,
    held: "standing",
  },
  /** `Flag` bits. */
  flags: {
    type: Uint8Array,
    initial: 0,
    writer: "apparatus/blacklist",
    shared: false,
    saved: true,
    held: "standing",
  },
  /** Distress lasts until this day (exclusive), after a denial or an ostracism; at most `LAST_HELD_DAY`. */
  distressUntil: {
    type: Uint16Array,
    initial: 0,
    writer: "apparatus/consequences",
    shared: false,
    saved: true,
    held: "standing",
  },
  /** Wrong records (misattributed or spurious) on the citizen's record (at most 65,535). */
  falseRecords: {
    type: Uint16Array,
    initial: 0,
    writer: "apparatus/records",
    shared: false,
    saved: true,
    held: "wrongRecords",
  },
  /**
   * What the wrong records changed the recorded score by, as that change stands today (decayed like the score,
   * after clamping): what striking them all off would give back.
   */
  falsePoints: { type: Float32Array, initial: 0, writer: "apparatus/records", shared: false, saved: true },
} as const satisfies Record<string, ColumnSpec>;

export type CitizenColumn = keyof typeof CITIZEN_COLUMNS;

type ArrayOf<K extends ColumnKind> = K extends Float64ArrayConstructor
  ? Float64Array<ArrayBufferLike>
  : K extends Float32ArrayConstructor
    ? Float32Array<ArrayBufferLike>
    : K extends Int32ArrayConstructor
      ? Int32Array<ArrayBufferLike>
      : K extends Uint16ArrayConstructor
        ? Uint16Array<ArrayBufferLike>
        : Uint8Array<ArrayBufferLike>;

/** The columns held by `Standing`, not as columns. */
export type StandingColumn = {
  [K in CitizenColumn]: (typeof CITIZEN_COLUMNS)[K] extends { held: "standing" } ? K : never;
}[CitizenColumn];
/** The columns held as columns (not `held` apart). */
export type DenseColumn = {
  [K in CitizenColumn]: (typeof CITIZEN_COLUMNS)[K] extends { held: string } ? never : K;
}[CitizenColumn];

/**
 * Every citizen's state held as columns: one typed array per column, indexed by the citizen's index in its shard
 * (the rest is the shard's `Standing`).
 */
export type CitizenState = { readonly [K in DenseColumn]: ArrayOf<(typeof CITIZEN_COLUMNS)[K]["type"]> };

type ColumnsWhere<Key extends "shared" | "saved", Among extends CitizenColumn = CitizenColumn> = {
  [K in Among]: (typeof CITIZEN_COLUMNS)[K][Key] extends true ? K : never;
}[Among];

/** The columns the summary reads at the end (in shared memory on a worker thread). */
export type SharedColumn = ColumnsWhere<"shared", DenseColumn>;
export type SharedState = Pick<CitizenState, SharedColumn>;
/** The columns a checkpoint saves. */
export type SavedColumn = ColumnsWhere<"saved">;

const NAMES = Object.keys(CITIZEN_COLUMNS) as CitizenColumn[];
const isStanding = (name: CitizenColumn) => (CITIZEN_COLUMNS[name] as ColumnSpec).held === "standing";
const DENSE_NAMES = NAMES.filter(
  (name) => (CITIZEN_COLUMNS[name] as ColumnSpec).held === undefined,
) as DenseColumn[];
/** The columns `Standing` holds, in their declared order. */
export const STANDING_COLUMNS = NAMES.filter(isStanding) as StandingColumn[];
export const SHARED_COLUMNS = NAMES.filter((name) => CITIZEN_COLUMNS[name].shared) as SharedColumn[];
export const SAVED_COLUMNS = NAMES.filter((name) => CITIZEN_COLUMNS[name].saved) as SavedColumn[];

/** The state of `size` citizens at the start of a run. `shared`: the shared columns over `SharedArrayBuffer`s. */
export function createCitizenState(size: number, shared: boolean): CitizenState {
  const state: Record<string, ArrayOf<ColumnKind>> = {};
  for (const name of DENSE_NAMES) {
    const spec: ColumnSpec = CITIZEN_COLUMNS[name];
    const array = column<ArrayOf<ColumnKind>>(spec.type, size, shared && spec.shared);
    if (spec.initial !== 0) array.fill(spec.initial);
    state[name] = array;
  }
  return state as CitizenState;
}

/** The shared columns of a state (what a worker hands the run's thread). */
export function sharedColumns(state: CitizenState): SharedState {
  const { trueScore, recordedScore } = state;
  return { trueScore, recordedScore };
}

/** Bits of `flags`. */
export const Flag = {
  /** Complied with the exit condition while listed, on the record. */
  complied: 1,
  /** The same on the truth ledger. */
  trulyComplied: 2,
  /** Listed at least once during the measured days. */
  everListed: 4,
  /** Wrongfully listed at least once during the measured days. */
  everWrongfullyListed: 8,
  /** Counted as trapped (listed longer than `measurement.trappedAfterDays`) during the measured days. */
  trapped: 16,
} as const;
