import { MAX_SIMULATED_DAYS } from "../scenario/index.js";

/**
 * Room for `length` items in a buffer of `capacity` kept for the largest of many uses (a day's records): an eighth
 * more, rounded up to a multiple of 1,024 items, rather than the next power of two (which wastes a quarter on average,
 * up to a half) — but at least half as much again as before, so that the buffers a run outgrows while its days fill
 * up (each garbage until the next collection) add up to about twice the last, not eight times.
 */
export function roomFor(length: number, capacity: number): number {
  return Math.max(Math.ceil((length * 9) / 8 / 1024) * 1024, Math.ceil((capacity * 3) / 2 / 1024) * 1024);
}

/** A growable list of 32-bit integers: a typed array that grows by half when full. */
export class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 16) {
    this.data = new Int32Array(Math.max(1, capacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }

  private grow(): void {
    const next = new Int32Array(Math.ceil(this.data.length * 1.5));
    next.set(this.data);
    this.data = next;
  }
}

/**
 * How many records ahead the application of a day's records reads the columns it is about to touch
 * (`Records.warm`): enough for the reads' cache misses to overlap, few enough that what they bring in is still cached
 * when it is used.
 */
export const WARM_AHEAD = 128;

/**
 * Citizens waiting for a day, one list per day of the run: the scheduler of the day loop. Each day's list is
 * freed once the day has been taken.
 */
export class DayBuckets {
  private readonly buckets: (IntList | undefined)[];

  constructor(readonly days: number) {
    this.buckets = new Array(days);
  }

  /** Adds `citizen` to `day`'s list; days past the run are dropped. */
  push(day: number, citizen: number): void {
    if (day >= this.days) return;
    let bucket = this.buckets[day];
    if (bucket === undefined) {
      bucket = new IntList(64);
      this.buckets[day] = bucket;
    }
    bucket.push(citizen);
  }

  /** Removes and returns `day`'s list (possibly empty). */
  take(day: number): IntList {
    const bucket = this.buckets[day] ?? new IntList(1);
    this.buckets[day] = undefined;
    return bucket;
  }

  /** Every waiting entry as (day, value) pairs, day after day, each day's in the order pushed (for a checkpoint). */
  pairs(): Int32Array {
    let count = 0;
    for (const bucket of this.buckets) count += bucket?.length ?? 0;
    const pairs = new Int32Array(2 * count);
    let at = 0;
    this.buckets.forEach((bucket, day) => {
      if (bucket === undefined) return;
      for (let k = 0; k < bucket.length; k++) {
        pairs[at++] = day;
        pairs[at++] = bucket.data[k];
      }
    });
    return pairs;
  }

  /** Empties every day's list. */
  clear(): void {
    this.buckets.fill(undefined);
  }
}

/** `NextDays.column`'s mark of a citizen with no day waiting: above every day a run may have (`MAX_SIMULATED_DAYS`). */
const NO_DAY = 0xffff;
/** Days ahead that `NextDays` holds in a citizen's byte: from the day after the last taken to 254 days later. */
export const NEAR_DAYS = 254;

/**
 * Citizens waiting for a day when each waits for at most one (its next day with acts, or with apparatus events): one
 * byte per citizen (or, `wide`, 16 bits), where lists per day held about 8 with their growth. In a byte, a day d from
 * the day after the last taken, L, to L + 254 is held as d mod 254 — no two such days share it, so a day's citizens
 * are those whose byte is its own — and a later day as 254 (`far`), the citizen in that day's list, whose citizens
 * get their day's byte when it is taken; 255 for none. In 16 bits every day of a run is held as itself (65,534 is
 * `far`, never used; 65,535 none). Which to use is the model's (`farWaitShares`): a byte where few wait far ahead.
 * `take` reads the whole column once a day, in citizen order, so a day's citizens come out ascending, as the day
 * loop reads them. Days are taken one after the other.
 */
export class NextDays {
  private readonly next: Uint8Array | Uint16Array;
  /** `next` read 32 bits at a time (`takeBytes`, `takeWords`). */
  private readonly words: Uint32Array;
  /** Days ahead held in `next`: `NEAR_DAYS`, or 65,534 when wide (every day of a run). */
  private readonly near: number;
  /** `next`'s mark of a citizen in a far day's list (`near`), and of one waiting for nothing (`near` + 1). */
  private readonly farMark: number;
  private readonly none: number;
  /** By day: the citizens waiting for it while it was more than `near` days ahead. */
  private far: (IntList | undefined)[];
  /** The last day taken (−1 before the first). */
  private lastTaken = -1;
  /** A checkpoint's column (`restore`), put in place when the next day is taken and the day known. */
  private restored: Uint16Array | undefined;
  /** The day's citizens, as `take` returns them; the same list, emptied, each time. */
  private readonly due = new IntList(64);

  constructor(
    readonly days: number,
    size: number,
    wide = false,
  ) {
    if (!(days <= MAX_SIMULATED_DAYS)) {
      throw new RangeError(`a schedule of ${days} days: at most ${MAX_SIMULATED_DAYS} are held`);
    }
    this.near = wide ? 0xfffe : NEAR_DAYS;
    this.farMark = this.near;
    this.none = this.near + 1;
    this.next = wide ? new Uint16Array(size).fill(this.none) : new Uint8Array(size).fill(this.none);
    this.words = new Uint32Array(this.next.buffer, 0, Math.floor(this.next.byteLength / 4));
    this.far = new Array(days);
  }

  /**
   * Citizen i waits for `day` (in place of any day it waited for); days past the run, and days already taken, are
   * dropped (they would never be taken).
   */
  push(day: number, citizen: number): void {
    this.settle(this.lastTaken + 1);
    if (this.next[citizen] === this.farMark) this.leaveFar(citizen);
    if (day >= this.days || day <= this.lastTaken) {
      this.next[citizen] = this.none;
    } else if (day - this.lastTaken <= this.near) {
      this.next[citizen] = day % this.near;
    } else {
      this.next[citizen] = this.farMark;
      let list = this.far[day];
      if (list === undefined) {
        list = new IntList(16);
        this.far[day] = list;
      }
      list.push(citizen);
    }
  }

  /**
   * The citizens waiting for `day`, ascending, who then wait for nothing. The list is the schedule's own, valid until
   * the next `take`.
   */
  take(day: number): IntList {
    this.settle(day);
    const due = this.due;
    due.length = 0;
    // No citizen waits for a day already taken (pushing one drops it).
    if (day <= this.lastTaken) return due;
    if (day !== this.lastTaken + 1) this.skipTo(day);
    const next = this.next;
    const far = this.far[day];
    if (far !== undefined) {
      for (let k = 0; k < far.length; k++) next[far.data[k]] = day % this.near;
      this.far[day] = undefined;
    }
    this.lastTaken = day;
    if (next instanceof Uint8Array) takeBytes(next, this.words, day % this.near, this.none, due);
    else takeWords(next, this.words, day % this.near, this.none, due);
    return due;
  }

  /** Citizens in a far day's list (`farWaitShares` bounds their share). */
  get waitingFar(): number {
    let count = 0;
    for (const list of this.far) count += list?.length ?? 0;
    return count;
  }

  /** Each citizen's day, `NO_DAY` (65,535) for none: a new column (for a checkpoint). */
  column(): Uint16Array {
    if (this.restored !== undefined) return this.restored.slice();
    const next = this.next;
    const column = new Uint16Array(next.length).fill(NO_DAY);
    // The day held as b is the one of L + 1 … L + 254 that is b mod 254.
    const first = this.lastTaken + 1;
    for (let i = 0; i < next.length; i++) {
      const code = next[i];
      if (code < this.near) column[i] = this.dayOf(code, first);
    }
    this.far.forEach((list, day) => {
      for (let k = 0; k < (list?.length ?? 0); k++) column[(list as IntList).data[k]] = day;
    });
    return column;
  }

  /**
   * Each citizen waits for its day in `column` (`NO_DAY` for none), in place of any it waited for, from a checkpoint
   * taken after the day before the next one taken (or pushed for).
   */
  restore(column: Uint16Array): void {
    if (column.length !== this.next.length) {
      throw new RangeError(`a schedule of ${this.next.length} citizens given ${column.length} days`);
    }
    this.clear();
    this.restored = column.slice();
  }

  /** No citizen waits any more. */
  clear(): void {
    this.next.fill(this.none);
    this.far = new Array(this.days);
    this.restored = undefined;
  }

  /** The day held as `code`: the one of `first` … `first` + near − 1 that is `code` mod near. */
  private dayOf(code: number, first: number): number {
    return first + ((code - (first % this.near) + this.near) % this.near);
  }

  /** Puts a restored column in place, the next day taken being `day`. */
  private settle(day: number): void {
    const restored = this.restored;
    if (restored === undefined) return;
    this.restored = undefined;
    this.lastTaken = day - 1;
    for (let i = 0; i < restored.length; i++) if (restored[i] !== NO_DAY) this.push(restored[i], i);
  }

  /**
   * Days before `day` were not taken: no citizen waits for them any more (so that none is held as a later day's
   * byte). Never needed by the engine, which takes every day in turn.
   */
  private skipTo(day: number): void {
    const next = this.next;
    const first = this.lastTaken + 1;
    for (let i = 0; i < next.length; i++) {
      const code = next[i];
      if (code < this.near && this.dayOf(code, first) < day) next[i] = this.none;
    }
    for (let skipped = first; skipped < day; skipped++) {
      const list = this.far[skipped];
      if (list === undefined) continue;
      for (let k = 0; k < list.length; k++) next[list.data[k]] = this.none;
      this.far[skipped] = undefined;
    }
    this.lastTaken = day - 1;
  }

  /** Takes citizen i out of the far day's list it is in (never needed by the engine, which pushes only the idle). */
  private leaveFar(citizen: number): void {
    for (const list of this.far) {
      if (list === undefined) continue;
      for (let k = 0; k < list.length; k++) {
        if (list.data[k] === citizen) {
          list.data.copyWithin(k, k + 1, list.length);
          list.length--;
          return;
        }
      }
    }
  }
}

/** Whether this machine stores a 32-bit word's lowest byte first (every platform Node and browsers run on). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * `NextDays.take`'s scan of a column of bytes: the citizens whose byte is `code`, who then wait for nothing, in
 * order. It reads 4 bytes at a time (`words`, the same memory) and looks into a word only when one of its bytes is
 * `code`: x = word XOR code in every byte has a zero byte exactly when (x − 0x01010101) AND NOT x AND 0x80808080 is
 * not 0. In such a word, NOT (((x AND 0x7f7f7f7f) + 0x7f7f7f7f) OR x OR 0x7f7f7f7f) has the high bit of exactly its
 * zero bytes set (no carry crosses a byte), and their places, lowest first, are the citizens in order where the
 * lowest byte comes first in memory (`LITTLE_ENDIAN`; elsewhere each of the 4 bytes is compared).
 */
function takeBytes(next: Uint8Array, words: Uint32Array, code: number, none: number, due: IntList): void {
  const pattern = Math.imul(code, 0x01010101);
  for (let w = 0; w < words.length; w++) {
    const x = words[w] ^ pattern;
    if (((x - 0x01010101) & ~x & 0x80808080) === 0) continue;
    if (LITTLE_ENDIAN) {
      // The zero bytes of x exactly: the high bit of each byte whose low 7 bits and high bit are all 0.
      let zeros = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
      while (zeros !== 0) {
        const i = 4 * w + ((31 - Math.clz32(zeros & -zeros)) >>> 3);
        due.push(i);
        next[i] = none;
        zeros &= zeros - 1;
      }
      continue;
    }
    for (let i = 4 * w; i < 4 * w + 4; i++) {
      if (next[i] === code) {
        due.push(i);
        next[i] = none;
      }
    }
  }
  for (let i = 4 * words.length; i < next.length; i++) {
    if (next[i] === code) {
      due.push(i);
      next[i] = none;
    }
  }
}

/**
 * The same over 16-bit days, 2 at a time: a zero half of x when (x − 0x00010001) AND NOT x AND 0x80008000 is not 0.
 */
function takeWords(next: Uint16Array, words: Uint32Array, code: number, none: number, due: IntList): void {
  const pattern = Math.imul(code, 0x00010001);
  for (let w = 0; w < words.length; w++) {
    const x = words[w] ^ pattern;
    if (((x - 0x00010001) & ~x & 0x80008000) === 0) continue;
    if (LITTLE_ENDIAN) {
      let zeros = ~(((x & 0x7fff7fff) + 0x7fff7fff) | x | 0x7fff7fff);
      while (zeros !== 0) {
        const i = 2 * w + ((31 - Math.clz32(zeros & -zeros)) >>> 4);
        due.push(i);
        next[i] = none;
        zeros &= zeros - 1;
      }
      continue;
    }
    for (let i = 2 * w; i < 2 * w + 2; i++) {
      if (next[i] === code) {
        due.push(i);
        next[i] = none;
      }
    }
  }
  for (let i = 2 * words.length; i < next.length; i++) {
    if (next[i] === code) {
      due.push(i);
      next[i] = none;
    }
  }
}

/**
 * Fields of one record, packed as `RECORD_STRIDE` integers: the target; the actor; the act day with the behaviour
 * and the flags (`packDayWhat`); and the record's rank among its actor's records of that act day with the source
 * (`packRankSource`). The canonical order is target, act day, actor, rank (`canonicalOrder`), so a citizen's own
 * records apply in the order the acts happened.
 */
export const RECORD_STRIDE = 4;
export const R_TARGET = 0;
export const R_ACTOR = 1;
/** Act day, behaviour and flags (`packDayWhat`). */
export const R_DAY_WHAT = 2;
/** Rank and source (`packRankSource`). */
export const R_RANK_SOURCE = 3;
/** Kind (RecordKind, 0–3) in the low bits of the flags; bit 8 set when the record carries the act's points. */
export const SCORED_FLAG = 0x100;

/**
 * The sequence of a spurious record: 2^30 + event × 256, event the apparatus event of the day that made it, after
 * every act's (event × 256 + the source's index among the behaviour's observers, events from 0) and every outcome
 * act's (`OUTCOME_SEQUENCE` + event × 256 + that index). An association penalty's is the contact's index (below
 * 10^6).
 */
export const SPURIOUS_SEQUENCE = 2 ** 30;
/** The sequence of a citizen's first outcome act of a day: 2^29, above the acts' and below the spurious records'. */
export const OUTCOME_SEQUENCE = 2 ** 29;
/** The largest rank within one kind of sequence: 2^22 − 1, what event 16,383 with source index 255 gives. */
const LARGEST_RANK_IN_KIND = 2 ** 22 - 1;

/**
 * A record's rank, 24 bits, from its sequence: writing the sequence base + rest (base 0 for an act's or an
 * association penalty's, `OUTCOME_SEQUENCE` for an outcome act's, `SPURIOUS_SEQUENCE` for a spurious record's),
 * kind × 2^22 + min(rest, 2^22 − 1) with kind 0, 1, 2. Ranks order as sequences do while a citizen's events of one
 * kind in a day are numbered 0 to 16,383 (rest = event × 256 + source index; a penalty's contact index is below
 * 10^6); past that, the records of one kind share the largest rank, and since they are one actor's of one act day,
 * made in sequence order, and ties are broken by position in the day's list, where an actor's records arrive in the
 * order made (`canonicalOrder`), they still apply in sequence order.
 */
export function recordRank(sequence: number): number {
  // Most records: an act's of a day's first 16,384 events, or a penalty's, whose rank is the sequence itself.
  if (sequence <= LARGEST_RANK_IN_KIND) return sequence;
  let kind = 0;
  let rest = sequence;
  if (sequence >= SPURIOUS_SEQUENCE) {
    kind = 2;
    rest = sequence - SPURIOUS_SEQUENCE;
  } else if (sequence >= OUTCOME_SEQUENCE) {
    kind = 1;
    rest = sequence - OUTCOME_SEQUENCE;
  }
  return kind * 2 ** 22 + Math.min(rest, LARGEST_RANK_IN_KIND);
}

/**
 * A record's act day, behaviour b (−1 for an association penalty) and flags in one integer: bits 16–31 the act day
 * (below 65,535: `MAX_SIMULATED_DAYS`), bit 14 `SCORED_FLAG`, bits 12–13 the kind, bits 0–11 b + 1 (so b < 4095;
 * the scenario's schema holds it lower, `MAX_BEHAVIOURS`).
 */
export function packDayWhat(actDay: number, behaviour: number, flags: number): number {
  return (actDay << 16) | ((flags & SCORED_FLAG) << 6) | ((flags & 3) << 12) | (behaviour + 1);
}

/** The act day of a packed `R_DAY_WHAT`. */
export function recordActDay(dayWhat: number): number {
  return dayWhat >>> 16;
}

/** The behaviour of a packed `R_DAY_WHAT`, or −1. */
export function recordBehaviour(dayWhat: number): number {
  return (dayWhat & 0xfff) - 1;
}

/** The flags of a packed `R_DAY_WHAT`. */
export function recordFlags(dayWhat: number): number {
  return ((dayWhat >>> 12) & 3) | ((dayWhat >>> 6) & SCORED_FLAG);
}

/**
 * A record's rank (`recordRank` of its sequence) and source s (−1 for an association penalty) in one integer: bits
 * 8–31 the rank, bits 0–7 s + 1 (so s < 255: `MAX_SOURCES`).
 */
export function packRankSource(sequence: number, source: number): number {
  return (recordRank(sequence) << 8) | (source + 1);
}

/** The rank of a packed `R_RANK_SOURCE`. */
export function rankOf(rankSource: number): number {
  return rankSource >>> 8;
}

/** The source of a packed `R_RANK_SOURCE`, or −1. */
export function recordSource(rankSource: number): number {
  return (rankSource & 0xff) - 1;
}

/** Where a record goes: the queue of the shard that owns its target, or the outbox towards that shard. */
export interface RecordSink {
  push(
    due: number,
    target: number,
    actDay: number,
    actor: number,
    sequence: number,
    behaviour: number,
    source: number,
    flags: number,
  ): void;
}

/** Integers per record in an outbox: the due day, then the record's fields. */
export const OUTBOX_STRIDE = 1 + RECORD_STRIDE;

/**
 * Records bound for a shard on another thread, packed `OUTBOX_STRIDE` integers each (due day first), handed over
 * at the phase's end and poured into that shard's queue (`RecordQueue.pushPacked`) in the order pushed: the queue
 * applies a day's records in the canonical order, whose ties (records of one actor) are broken by that order.
 */
export class RecordOutbox implements RecordSink {
  private list = new IntList(64 * OUTBOX_STRIDE);

  push(
    due: number,
    target: number,
    actDay: number,
    actor: number,
    sequence: number,
    behaviour: number,
    source: number,
    flags: number,
  ): void {
    const list = this.list;
    list.push(due);
    list.push(target);
    list.push(actor);
    list.push(packDayWhat(actDay, behaviour, flags));
    list.push(packRankSource(sequence, source));
  }

  /** The packed records so far, and an empty outbox. */
  take(): Int32Array {
    const packed = this.list.data.slice(0, this.list.length);
    this.list = new IntList(64 * OUTBOX_STRIDE);
    return packed;
  }
}

/** Records in the first chunk of a due day's list; each next chunk holds twice as many, up to `LARGEST_CHUNK`. */
const FIRST_CHUNK = 64;
/** Records in the largest chunk (80 KB). */
const LARGEST_CHUNK = 4096;
/** Chunk sizes: `FIRST_CHUNK` × 2^c records for class c. */
const CHUNK_CLASSES = Math.log2(LARGEST_CHUNK / FIRST_CHUNK) + 1;

/**
 * How a record lies in a chunk: a record about its own actor (a true or spurious record: most of them) in 3 integers,
 * [~target, dayWhat, rankSource], its first negative; any other in 4, [target, actor, dayWhat, rankSource]. A
 * record never straddles two chunks: where the next would not fit, `CHUNK_GAP` marks the end of a chunk's records
 * (no first integer can be −2^31: a target is at most 2^31 − 2, so ~target is at least −2^31 + 1).
 */
const CHUNK_GAP = -0x8000_0000;

/**
 * An act's record about its own actor whose fields are small — a source (not an association penalty's −1), due less
 * than 128 days after its act, behaviour + 1 below 64, source + 1 below 32 and rank below 1,024 (one of the day's
 * first 4 events) — lies in 2 integers in a day's second chain: [~target, fields], fields = delay |
 * (behaviour + 1) << 7 | flags << 13 | (source + 1) << 16 | rank << 21 (`packCompact`; flags: the 3 bits of kind and
 * scored in `packDayWhat`), at most 2^31 − 1.
 */
const COMPACT_STRIDE = 2;
/** `packCompact`'s answer for a record that does not fit in 2 integers (no fields are negative). */
const NOT_COMPACT = -1;

/**
 * The second integer of a record about its own actor due on `due` in 2 integers (`COMPACT_STRIDE`), from its
 * packed fields (`packDayWhat`, `packRankSource`), or `NOT_COMPACT`.
 */
function packCompact(due: number, dayWhat: number, rankSource: number): number {
  const delay = due - (dayWhat >>> 16);
  const behaviour = dayWhat & 0xfff;
  const source = rankSource & 0xff;
  const rank = rankSource >>> 8;
  if (delay < 0 || delay >= 128 || behaviour >= 64 || source === 0 || source >= 32 || rank >= 1024)
    return NOT_COMPACT;
  return delay | (behaviour << 7) | (((dayWhat >>> 12) & 7) << 13) | (source << 16) | (rank << 21);
}

/**
 * Writes the compact records of `chunk[0 … end − 1]`, due on `due`, into `into` from `at`, 4 integers each
 * (`RECORD_STRIDE`), each after `due` when `withDue` (an outbox's packing); returns where the next goes.
 */
function unpackCompact(
  chunk: Int32Array,
  end: number,
  into: Int32Array,
  at: number,
  due: number,
  withDue: boolean,
): number {
  for (let from = 0; from < end; from += COMPACT_STRIDE) {
    if (withDue) into[at++] = due;
    const target = ~chunk[from];
    const fields = chunk[from + 1];
    into[at + R_TARGET] = target;
    into[at + R_ACTOR] = target;
    into[at + R_DAY_WHAT] =
      ((due - (fields & 0x7f)) << 16) | (((fields >>> 13) & 7) << 12) | ((fields >>> 7) & 0x3f);
    into[at + R_RANK_SOURCE] = ((fields >>> 21) << 8) | ((fields >>> 16) & 0x1f);
    at += RECORD_STRIDE;
  }
  return at;
}

/** Bytes in the first chunk of a stream; each next holds twice as many, up to `LARGEST_STREAM_CHUNK`. */
const FIRST_STREAM_CHUNK = 256;
/** Bytes in a stream's largest chunk. */
const LARGEST_STREAM_CHUNK = 65_536;
/** Stream chunk sizes: `FIRST_STREAM_CHUNK` × 2^c bytes for class c. */
const STREAM_CLASSES = Math.log2(LARGEST_STREAM_CHUNK / FIRST_STREAM_CHUNK) + 1;
/** The most bytes a streamed record takes: a gap of 5 bytes (31 bits) and 2 of fields. */
const LARGEST_STREAMED = 7;

/**
 * The 16 bits of fields of a record in a stream (`Stream`), from its packed fields (`packDayWhat`,
 * `packRankSource`), or `NOT_COMPACT` when they do not fit: behaviour + 1 from 1 to 31 in bits 0–4, the flags (the 3
 * bits of kind and scored in `packDayWhat`) in bits 5–7, and the rank (`recordRank`) as kind × 2^22 + event × 256 +
 * index with index below 4 and event below 16 — index in bits 8–9, event in bits 10–13, the rank's kind (0–2) in bits
 * 14–15. The act day and the source are the stream's.
 */
function packStreamed(dayWhat: number, rankSource: number): number {
  const behaviour = dayWhat & 0xfff;
  const rank = rankSource >>> 8;
  const rest = rank & 0x3f_ffff;
  const index = rest & 0xff;
  const event = rest >>> 8;
  if (behaviour === 0 || behaviour >= 32 || index >= 4 || event >= 16) return NOT_COMPACT;
  return behaviour | (((dayWhat >>> 12) & 7) << 5) | (index << 8) | (event << 10) | ((rank >>> 22) << 14);
}

/**
 * The records about their own actor of one act day and one source, due on one day, as bytes in a chain of chunks:
 * each the gap from the target before it (the first's from 0) in 7-bit groups, lowest first, the high bit set on
 * all but the last, then its 2 bytes of fields, low first (`packStreamed`). A day's acts come in citizen order, so
 * the targets of a source's records of that day ascend and their gaps are small: china-2020's bank records, due 30
 * days after their act, take 3 bytes each instead of 8. A record whose target is below the last one's goes elsewhere.
 */
interface Stream {
  /** The act day × 256 + the source + 1. */
  readonly key: number;
  readonly chunks: Uint8Array[];
  /** Bytes filled in each chunk but the last. */
  readonly ends: number[];
  /** Bytes filled in the last chunk. */
  used: number;
  /** Records, all chunks together. */
  count: number;
  /** The last record's target. */
  last: number;
}

/** A chain of chunks of growing size, the last one filled up to `used` integers. */
interface Chain {
  readonly chunks: Int32Array[];
  used: number;
  /** Records, all chunks together. */
  count: number;
}

/**
 * The records due on one day: those of 3 or 4 integers in `wide`, in the order pushed, the compact ones in
 * `compact`, in the order pushed, and those in streams, each stream's in the order pushed. Taking the day puts the
 * streams' first, then the compact ones, which keeps the order pushed wherever it counts: the order within a day's
 * list decides only between records of one actor that share target, act day and rank (`canonicalOrder`). A compact
 * record is an act's, its rank the act's event × 256 + the source's index, so another act's record with its key would
 * be itself; a streamed one is an act's, an outcome act's (likewise) or a spurious record's (its rank of a kind of its
 * own, the apparatus event's, which makes one record), of one of the day's first 16 events, so never of a rank that
 * records share past the 16,384th event (`recordRank`). What else can share its key is an association penalty on the
 * actor (rank: a contact's index, of the acts' kind), always wide and made after the day's acts, so after it in the
 * order pushed too.
 */
interface DayRecords {
  readonly wide: Chain;
  readonly compact: Chain;
  /** The day's streams, in the order made (`Stream`). */
  readonly streams: Stream[];
  /** The stream last pushed to. */
  recent: Stream | undefined;
}

/**
 * Records waiting to be applied, one list per due day. A day's records are applied together at its end, in a
 * canonical order (see `canonicalOrder`), so the result does not depend on the order in which citizens were
 * processed — the condition for results independent of the number of threads.
 *
 * A day's list is a chain of chunks (of 64, 128, … 4,096 records' 4 integers), never copied as it grows, where a
 * record about its own actor takes 3 integers instead of 4 (`CHUNK_GAP`); when the day is taken, its records are
 * copied into one list of 4 integers each (the queue's own, reused) and its chunks go back to a pool that later
 * days' lists draw from. Most records about their own actor take 2 integers instead (`packCompact`), and those of the
 * sources given as `streamed` about 3 bytes (`Stream`).
 * So the queue holds what is in flight, with at most one part-filled chunk per day, where lists that doubled held up
 * to twice that and left the memory of every list they outgrew to the allocator.
 */
export class RecordQueue implements RecordSink {
  private readonly lists: (DayRecords | undefined)[];
  /** Free chunks by class, for the next lists to fill. */
  private readonly pool: Int32Array[][] = Array.from({ length: CHUNK_CLASSES }, () => []);
  /** Free stream chunks by class. */
  private readonly streamPool: Uint8Array[][] = Array.from({ length: STREAM_CLASSES }, () => []);
  /** By source + 1: 1 when the source's records about their own actor go in streams (`streamed`). */
  private readonly streaming = new Uint8Array(256);
  /** The last taken day's records, one after the other (`take`). */
  private readonly taken = new IntList(FIRST_CHUNK * RECORD_STRIDE);
  /** Records whose due day falls after the run: never applied. */
  pendingAtEnd = 0;

  /**
   * `streamed`: the sources whose records about their own actor go in streams, one per act day and due day (sources
   * whose delay is fixed, so that a due day has one such act day; any source is correct, but one whose delays vary
   * would spread its records over many short streams).
   */
  constructor(
    readonly days: number,
    streamed: Iterable<number> = [],
  ) {
    this.lists = new Array(days);
    for (const s of streamed) if (s >= 0 && s < 255) this.streaming[s + 1] = 1;
  }

  push(
    due: number,
    target: number,
    actDay: number,
    actor: number,
    sequence: number,
    behaviour: number,
    source: number,
    flags: number,
  ) {
    this.pushFields(
      due,
      target,
      actor,
      packDayWhat(actDay, behaviour, flags),
      packRankSource(sequence, source),
    );
  }

  /** Adds records packed by a `RecordOutbox`. */
  pushPacked(packed: Int32Array): void {
    for (let at = 0; at < packed.length; at += OUTBOX_STRIDE) {
      this.pushFields(packed[at], packed[at + 1], packed[at + 2], packed[at + 3], packed[at + 4]);
    }
  }

  /** One record, packed already (`packDayWhat`, `packRankSource`). */
  private pushFields(due: number, target: number, actor: number, dayWhat: number, rankSource: number): void {
    if (due >= this.days) {
      this.pendingAtEnd++;
      return;
    }
    let day = this.lists[due];
    if (day === undefined) {
      day = {
        wide: { chunks: [], used: 0, count: 0 },
        compact: { chunks: [], used: 0, count: 0 },
        streams: [],
        recent: undefined,
      };
      this.lists[due] = day;
    }
    const own = target === actor;
    if (own && this.streaming[rankSource & 0xff] === 1 && this.pushStreamed(day, target, dayWhat, rankSource))
      return;
    if (own) {
      const fields = packCompact(due, dayWhat, rankSource);
      if (fields !== NOT_COMPACT) {
        const list = day.compact;
        const chunk = this.room(list, COMPACT_STRIDE);
        const at = list.used;
        chunk[at] = ~target;
        chunk[at + 1] = fields;
        list.used = at + COMPACT_STRIDE;
        list.count++;
        return;
      }
    }
    const list = day.wide;
    const width = own ? RECORD_STRIDE - 1 : RECORD_STRIDE;
    const chunk = this.room(list, width);
    const at = list.used;
    if (own) {
      chunk[at] = ~target;
      chunk[at + 1] = dayWhat;
      chunk[at + 2] = rankSource;
    } else {
      chunk[at + R_TARGET] = target;
      chunk[at + R_ACTOR] = actor;
      chunk[at + R_DAY_WHAT] = dayWhat;
      chunk[at + R_RANK_SOURCE] = rankSource;
    }
    list.used = at + width;
    list.count++;
  }

  /** Puts a record about its own actor in its act day's and source's stream of `day`, if it can (`Stream`). */
  private pushStreamed(day: DayRecords, target: number, dayWhat: number, rankSource: number): boolean {
    const fields = packStreamed(dayWhat, rankSource);
    if (fields === NOT_COMPACT) return false;
    const key = (dayWhat >>> 16) * 256 + (rankSource & 0xff);
    let stream = day.recent;
    if (stream === undefined || stream.key !== key) {
      stream = undefined;
      const streams = day.streams;
      for (let k = 0; k < streams.length; k++) {
        if (streams[k].key === key) {
          stream = streams[k];
          break;
        }
      }
      if (stream === undefined) {
        stream = { key, chunks: [], ends: [], used: 0, count: 0, last: 0 };
        streams.push(stream);
      }
      day.recent = stream;
    }
    let gap = target - stream.last;
    if (gap < 0) return false;
    const chunks = stream.chunks;
    let chunk = chunks[chunks.length - 1];
    if (chunk === undefined || stream.used + LARGEST_STREAMED > chunk.length) {
      if (chunk !== undefined) stream.ends.push(stream.used);
      const c = Math.min(chunks.length, STREAM_CLASSES - 1);
      chunk = this.streamPool[c].pop() ?? new Uint8Array(FIRST_STREAM_CHUNK << c);
      chunks.push(chunk);
      stream.used = 0;
    }
    let at = stream.used;
    while (gap >= 0x80) {
      chunk[at++] = (gap & 0x7f) | 0x80;
      gap >>>= 7;
    }
    chunk[at++] = gap;
    chunk[at++] = fields & 0xff;
    chunk[at++] = fields >>> 8;
    stream.used = at;
    stream.count++;
    stream.last = target;
    return true;
  }

  /**
   * The chunk of `list` the next record of `width` integers goes into at `list.used`: its last, or a new one when the
   * last is full (`CHUNK_GAP` then marks where the last's records end).
   */
  private room(list: Chain, width: number): Int32Array {
    const chunks = list.chunks;
    if (chunks.length > 0) {
      const last = chunks[chunks.length - 1];
      if (list.used + width <= last.length) return last;
      if (list.used < last.length) last[list.used] = CHUNK_GAP;
    }
    const chunk = this.chunk(Math.min(chunks.length, CHUNK_CLASSES - 1));
    chunks.push(chunk);
    list.used = 0;
    return chunk;
  }

  /** A chunk of class c, from the pool if it has one. */
  private chunk(c: number): Int32Array {
    return this.pool[c].pop() ?? new Int32Array((FIRST_CHUNK << c) * RECORD_STRIDE);
  }

  /**
   * The records due on `day`, one after the other in the order pushed (`RECORD_STRIDE` integers each), and no more
   * in the queue. The list is the queue's own, valid until the next `take`.
   */
  take(day: number): IntList {
    const taken = this.taken;
    taken.length = 0;
    const records = this.lists[day];
    if (records === undefined) return taken;
    this.lists[day] = undefined;
    const length = dayCount(records) * RECORD_STRIDE;
    if (taken.data.length < length) taken.data = new Int32Array(roomFor(length, taken.data.length));
    taken.length = unpackDay(records, day, taken.data, 0, false);
    giveBack(this.pool, records.compact.chunks);
    giveBack(this.pool, records.wide.chunks);
    for (const stream of records.streams) giveBack(this.streamPool, stream.chunks);
    return taken;
  }

  /**
   * Every waiting record, packed as an outbox packs them (due day first), day after day, each day's in the order
   * `take` gives them.
   */
  packed(): Int32Array {
    let count = 0;
    for (const records of this.lists) count += records === undefined ? 0 : dayCount(records);
    const packed = new Int32Array(count * OUTBOX_STRIDE);
    let at = 0;
    this.lists.forEach((records, due) => {
      if (records !== undefined) at = unpackDay(records, due, packed, at, true);
    });
    return packed;
  }

  /** Empties the queue (the records due after the run included). */
  clear(): void {
    this.lists.fill(undefined);
    for (const free of this.pool) free.length = 0;
    for (const free of this.streamPool) free.length = 0;
    this.pendingAtEnd = 0;
  }
}

/** Puts a chain's chunks back in `pool`, chunk k in class k (the last class for the later, all of its size). */
function giveBack<Chunk>(pool: Chunk[][], chunks: Chunk[]): void {
  chunks.forEach((chunk, k) => {
    pool[Math.min(k, pool.length - 1)].push(chunk);
  });
}

/** The records due on a day, all chains and streams together. */
function dayCount(records: DayRecords): number {
  let count = records.compact.count + records.wide.count;
  for (const stream of records.streams) count += stream.count;
  return count;
}

/** How many integers of chunk k of `chain` hold records: all but the last's unused end. */
function filled(chain: Chain, k: number): number {
  return k === chain.chunks.length - 1 ? chain.used : chain.chunks[k].length;
}

/**
 * Writes the records due on `due` into `into` from `at`, 4 integers each (`RECORD_STRIDE`): the streams' first, each
 * stream's in the order made, then the compact ones, then the others, each after `due` when `withDue` (an outbox's
 * packing); returns where the next goes.
 */
function unpackDay(records: DayRecords, due: number, into: Int32Array, at: number, withDue: boolean): number {
  const { compact, wide } = records;
  for (const stream of records.streams) at = unpackStream(stream, into, at, withDue ? due : -1);
  compact.chunks.forEach((chunk, k) => {
    at = unpackCompact(chunk, filled(compact, k), into, at, due, withDue);
  });
  wide.chunks.forEach((chunk, k) => {
    at = unpackChunk(chunk, filled(wide, k), into, at, withDue ? due : -1);
  });
  return at;
}

/**
 * Writes the records of `stream` into `into` from `at`, 4 integers each (`RECORD_STRIDE`), each after `due` when
 * `due` is a day (an outbox's packing), not when it is −1; returns where the next goes.
 */
function unpackStream(stream: Stream, into: Int32Array, at: number, due: number): number {
  const actDay = Math.floor(stream.key / 256);
  const source = stream.key & 0xff;
  const last = stream.chunks.length - 1;
  let target = 0;
  for (let k = 0; k <= last; k++) {
    const chunk = stream.chunks[k];
    const end = k === last ? stream.used : stream.ends[k];
    let from = 0;
    while (from < end) {
      let byte = chunk[from++];
      let gap = byte & 0x7f;
      for (let scale = 0x80; byte >= 0x80; scale *= 0x80) {
        byte = chunk[from++];
        gap += (byte & 0x7f) * scale;
      }
      target += gap;
      const fields = chunk[from] | (chunk[from + 1] << 8);
      from += 2;
      if (due >= 0) into[at++] = due;
      into[at + R_TARGET] = target;
      into[at + R_ACTOR] = target;
      into[at + R_DAY_WHAT] = (actDay << 16) | (((fields >>> 5) & 7) << 12) | (fields & 0x1f);
      into[at + R_RANK_SOURCE] =
        ((((fields >>> 14) << 22) | (((fields >>> 10) & 0xf) << 8) | ((fields >>> 8) & 3)) << 8) | source;
      at += RECORD_STRIDE;
    }
  }
  return at;
}

/**
 * Writes the records of `chunk[0 … end − 1]` into `into` from `at`, 4 integers each (`RECORD_STRIDE`), each after
 * `due` when `due` is a day (an outbox's packing, `OUTBOX_STRIDE`), not when it is −1; returns where the next goes.
 */
function unpackChunk(chunk: Int32Array, end: number, into: Int32Array, at: number, due: number): number {
  let from = 0;
  while (from < end) {
    const first = chunk[from];
    if (first === CHUNK_GAP) break;
    if (due >= 0) into[at++] = due;
    if (first < 0) {
      into[at + R_TARGET] = ~first;
      into[at + R_ACTOR] = ~first;
      into[at + R_DAY_WHAT] = chunk[from + 1];
      into[at + R_RANK_SOURCE] = chunk[from + 2];
      from += RECORD_STRIDE - 1;
    } else {
      // Laid out as the list is (`R_TARGET` first: the first integer tells the width).
      into[at] = first;
      into[at + 1] = chunk[from + 1];
      into[at + 2] = chunk[from + 2];
      into[at + 3] = chunk[from + 3];
      from += RECORD_STRIDE;
    }
    at += RECORD_STRIDE;
  }
  return at;
}

/**
 * The order in which a day's records are applied: by target, act day, actor and rank (`recordRank`), then by position
 * in the day's list — a key that does not depend on which thread or shard produced a record (the position decides only
 * between records of one actor that share a rank, and those reach a list in the order they were made, whatever the
 * layout: through one outbox, or straight into the queue, or through a checkpoint, which keeps the order of records
 * that share a key). Returns record indexes (record r starts at `r * RECORD_STRIDE`). A stable radix sort on the target
 * less the day's lowest, in as few passes of at most `RADIX_BITS` bits as its span needs (so a day's few records do not
 * pay for 65,536 buckets), and then an insertion sort of each target's few records on the rest of the key.
 */
export function canonicalOrder(list: IntList, buffers?: OrderBuffers): Uint32Array {
  const count = list.length / RECORD_STRIDE;
  const data = list.data;
  let order: Uint32Array;
  let scratch: Uint32Array;
  if (buffers === undefined) {
    order = new Uint32Array(count);
    scratch = new Uint32Array(count);
  } else {
    if (buffers.order.length < count) {
      const size = roomFor(count, buffers.order.length);
      buffers.order = new Uint32Array(size);
      buffers.scratch = new Uint32Array(size);
    }
    order = buffers.order.subarray(0, count);
    scratch = buffers.scratch.subarray(0, count);
  }
  let lowest = 0x7fffffff;
  let highest = 0;
  for (let r = 0; r < count; r++) {
    order[r] = r;
    const target = data[r * RECORD_STRIDE];
    if (target < lowest) lowest = target;
    if (target > highest) highest = target;
  }
  const bits = count > 1 ? 32 - Math.clz32(highest - lowest) : 0;
  const passes = Math.ceil(bits / RADIX_BITS);
  const width = passes > 0 ? Math.ceil(bits / passes) : 0;
  const mask = (1 << width) - 1;
  const counts = new Uint32Array(mask + 2);
  for (let shift = 0; shift < bits; shift += width) {
    counts.fill(0);
    for (let k = 0; k < count; k++)
      counts[(((data[order[k] * RECORD_STRIDE] - lowest) >>> shift) & mask) + 1]++;
    for (let digit = 1; digit <= mask; digit++) counts[digit] += counts[digit - 1];
    for (let k = 0; k < count; k++) {
      const r = order[k];
      scratch[counts[((data[r * RECORD_STRIDE] - lowest) >>> shift) & mask]++] = r;
    }
    [order, scratch] = [scratch, order];
  }
  // Within a target: act day, actor, rank, position (insertion sort; a target rarely has more than a few records a
  // day).
  let runStart = 0;
  for (let k = 1; k <= count; k++) {
    if (k < count && data[order[k] * RECORD_STRIDE] === data[order[runStart] * RECORD_STRIDE]) continue;
    for (let a = runStart + 1; a < k; a++) {
      const r = order[a];
      let b = a - 1;
      while (b >= runStart && compareTail(data, order[b], r) > 0) {
        order[b + 1] = order[b];
        b--;
      }
      order[b + 1] = r;
    }
    runStart = k;
  }
  return order;
}

/**
 * Two arrays `canonicalOrder` sorts in, kept from one day to the next (they grow to the largest day): the order it
 * returns is a view of one of them, valid until the next call with the same buffers.
 */
export class OrderBuffers {
  order = new Uint32Array(0);
  scratch = new Uint32Array(0);
}

/** The widest digit of `canonicalOrder`'s radix sort: 2,048 buckets. */
const RADIX_BITS = 11;

/** Records x and y of one target by act day, actor, rank and then position in the day's list. */
function compareTail(data: Int32Array, x: number, y: number): number {
  const a = x * RECORD_STRIDE;
  const b = y * RECORD_STRIDE;
  const day = recordActDay(data[a + R_DAY_WHAT]) - recordActDay(data[b + R_DAY_WHAT]);
  if (day !== 0) return day;
  const actor = data[a + R_ACTOR] - data[b + R_ACTOR];
  if (actor !== 0) return actor;
  const rank = rankOf(data[a + R_RANK_SOURCE]) - rankOf(data[b + R_RANK_SOURCE]);
  if (rank !== 0) return rank;
  return x - y;
}
