import { MAX_SIMULATED_DAYS } from "../scenario/index.js";

/** A growable list of 32-bit integers: a typed array that doubles when full. */
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
    const next = new Int32Array(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
}

/**
 * How many citizens (or records) ahead the day's loops read the columns they are about to touch (`Acts.warm`,
 * `Records.warm`): enough for the reads' cache misses to overlap, few enough that what they bring in is still cached
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

/** `NextDays`'s mark of a citizen with no day waiting: above every day a run may have (`MAX_SIMULATED_DAYS`). */
const NO_DAY = 0xffff;

/**
 * Citizens waiting for a day when each waits for at most one (its next day with acts, or with apparatus events): one
 * 16-bit day per citizen, 2 bytes, where lists per day held about 8 with their growth. `take` reads the whole column
 * once a day, in citizen order, so a day's citizens come out ascending, as the day loop reads them.
 */
export class NextDays {
  private readonly next: Uint16Array;
  /** The day's citizens, as `take` returns them; the same list, emptied, each time. */
  private readonly due = new IntList(64);

  constructor(
    readonly days: number,
    size: number,
  ) {
    if (!(days <= MAX_SIMULATED_DAYS)) {
      throw new RangeError(`a schedule of ${days} days: at most ${MAX_SIMULATED_DAYS} are held`);
    }
    this.next = new Uint16Array(size).fill(NO_DAY);
  }

  /** Citizen i waits for `day` (in place of any day it waited for); days past the run are dropped. */
  push(day: number, citizen: number): void {
    this.next[citizen] = day < this.days ? day : NO_DAY;
  }

  /**
   * The citizens waiting for `day`, ascending, who then wait for nothing. The list is the schedule's own, valid until
   * the next `take`.
   */
  take(day: number): IntList {
    const next = this.next;
    const due = this.due;
    due.length = 0;
    for (let i = 0; i < next.length; i++) {
      if (next[i] === day) {
        due.push(i);
        next[i] = NO_DAY;
      }
    }
    return due;
  }

  /** Every waiting citizen as (day, citizen) pairs, by day and then citizen (for a checkpoint). */
  pairs(): Int32Array {
    const next = this.next;
    const starts = new Int32Array(this.days + 1);
    for (let i = 0; i < next.length; i++) if (next[i] !== NO_DAY) starts[next[i] + 1]++;
    for (let day = 0; day < this.days; day++) starts[day + 1] += starts[day];
    const pairs = new Int32Array(2 * starts[this.days]);
    for (let i = 0; i < next.length; i++) {
      const day = next[i];
      if (day === NO_DAY) continue;
      const at = 2 * starts[day]++;
      pairs[at] = day;
      pairs[at + 1] = i;
    }
    return pairs;
  }

  /** No citizen waits any more. */
  clear(): void {
    this.next.fill(NO_DAY);
  }
}

/**
 * Fields of one record, packed as `RECORD_STRIDE` integers. The first four are the canonical order: target, act
 * day, actor, and the sequence of the record among its actor's records of that day (event × 256 + source), so a
 * citizen's own records apply in the order the acts happened. The fifth holds the rest in one integer
 * (`packRecordWhat`): the behaviour, the source and the flags.
 */
export const RECORD_STRIDE = 5;
export const R_TARGET = 0;
export const R_ACT_DAY = 1;
export const R_ACTOR = 2;
export const R_SEQUENCE = 3;
/** Behaviour, source and flags (`packRecordWhat`). */
export const R_WHAT = 4;
/** Kind (RecordKind) in the low byte of the flags; bit 8 set when the record carries the act's points. */
export const SCORED_FLAG = 0x100;
/**
 * A record's behaviour b (−1 for an association penalty), source s (−1 for an association penalty) and flags
 * (9 bits) in one integer: bits 0–8 the flags, 9–19 s + 1, 20–31 b + 1. So b < 4095 and s < 2047; the scenario's
 * schema holds them lower (`MAX_BEHAVIOURS`, `MAX_SOURCES`).
 */
export function packRecordWhat(behaviour: number, source: number, flags: number): number {
  return (flags & 0x1ff) | ((source + 1) << 9) | ((behaviour + 1) << 20);
}

/** The behaviour of a packed `R_WHAT`, or −1. */
export function recordBehaviour(what: number): number {
  return (what >>> 20) - 1;
}

/** The source of a packed `R_WHAT`, or −1. */
export function recordSource(what: number): number {
  return ((what >>> 9) & 0x7ff) - 1;
}

/** The flags of a packed `R_WHAT`. */
export function recordFlags(what: number): number {
  return what & 0x1ff;
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
 * at the phase's end and poured into that shard's queue (`RecordQueue.pushPacked`). Their order does not matter:
 * the queue applies a day's records in the canonical order.
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
    list.push(actDay);
    list.push(actor);
    list.push(sequence);
    list.push(packRecordWhat(behaviour, source, flags));
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

/** The records due on one day: chunks of growing size, the last one filled up to `used` integers. */
interface DayRecords {
  readonly chunks: Int32Array[];
  used: number;
  /** Records, all chunks together. */
  count: number;
}

/**
 * Records waiting to be applied, one list per due day. A day's records are applied together at its end, in a
 * canonical order (see `canonicalOrder`), so the result does not depend on the order in which citizens were
 * processed — the condition for results independent of the number of threads.
 *
 * A day's list is a chain of chunks (64, 128, … 4,096 records), never copied as it grows; when the day is taken, its
 * chunks are copied into one list (the queue's own, reused) and go back to a pool that later days' lists draw from.
 * So the queue holds what is in flight, with at most one part-filled chunk per day, where lists that doubled held up
 * to twice that and left the memory of every list they outgrew to the allocator.
 */
export class RecordQueue implements RecordSink {
  private readonly lists: (DayRecords | undefined)[];
  /** Free chunks by class, for the next lists to fill. */
  private readonly pool: Int32Array[][] = Array.from({ length: CHUNK_CLASSES }, () => []);
  /** The last taken day's records, one after the other (`take`). */
  private readonly taken = new IntList(FIRST_CHUNK * RECORD_STRIDE);
  /** Records whose due day falls after the run: never applied. */
  pendingAtEnd = 0;

  constructor(readonly days: number) {
    this.lists = new Array(days);
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
    this.pushFields(due, target, actDay, actor, sequence, packRecordWhat(behaviour, source, flags));
  }

  /** Adds records packed by a `RecordOutbox`. */
  pushPacked(packed: Int32Array): void {
    for (let at = 0; at < packed.length; at += OUTBOX_STRIDE) {
      this.pushFields(
        packed[at],
        packed[at + 1],
        packed[at + 2],
        packed[at + 3],
        packed[at + 4],
        packed[at + 5],
      );
    }
  }

  /** One record, its behaviour, source and flags packed already (`packRecordWhat`). */
  private pushFields(
    due: number,
    target: number,
    actDay: number,
    actor: number,
    sequence: number,
    what: number,
  ): void {
    if (due >= this.days) {
      this.pendingAtEnd++;
      return;
    }
    let list = this.lists[due];
    if (list === undefined) {
      list = { chunks: [this.chunk(0)], used: 0, count: 0 };
      this.lists[due] = list;
    }
    let chunk = list.chunks[list.chunks.length - 1];
    let at = list.used;
    if (at === chunk.length) {
      chunk = this.chunk(Math.min(list.chunks.length, CHUNK_CLASSES - 1));
      list.chunks.push(chunk);
      at = 0;
    }
    chunk[at] = target;
    chunk[at + 1] = actDay;
    chunk[at + 2] = actor;
    chunk[at + 3] = sequence;
    chunk[at + 4] = what;
    list.used = at + RECORD_STRIDE;
    list.count++;
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
    const list = this.lists[day];
    if (list === undefined) return taken;
    this.lists[day] = undefined;
    const length = list.count * RECORD_STRIDE;
    if (taken.data.length < length) taken.data = new Int32Array(2 ** Math.ceil(Math.log2(length)));
    const last = list.chunks.length - 1;
    list.chunks.forEach((chunk, k) => {
      taken.data.set(k === last ? chunk.subarray(0, list.used) : chunk, taken.length);
      taken.length += k === last ? list.used : chunk.length;
      this.pool[Math.min(k, CHUNK_CLASSES - 1)].push(chunk);
    });
    return taken;
  }

  /** Every waiting record, packed as an outbox packs them (due day first), day after day, each day's in order. */
  packed(): Int32Array {
    let count = 0;
    for (const list of this.lists) count += list?.count ?? 0;
    const packed = new Int32Array(count * OUTBOX_STRIDE);
    let at = 0;
    this.lists.forEach((list, due) => {
      if (list === undefined) return;
      const last = list.chunks.length - 1;
      list.chunks.forEach((chunk, k) => {
        const end = k === last ? list.used : chunk.length;
        for (let from = 0; from < end; from += RECORD_STRIDE) {
          packed[at++] = due;
          for (let field = 0; field < RECORD_STRIDE; field++) packed[at++] = chunk[from + field];
        }
      });
    });
    return packed;
  }

  /** Empties the queue (the records due after the run included). */
  clear(): void {
    this.lists.fill(undefined);
    for (const free of this.pool) free.length = 0;
    this.pendingAtEnd = 0;
  }
}

/**
 * The order in which a day's records are applied: by target, act day, actor and sequence — a key that does not
 * depend on which thread or shard produced a record. Returns record indexes (record r starts at
 * `r * RECORD_STRIDE`). A stable radix sort on the target less the day's lowest, in as few passes of at most
 * `RADIX_BITS` bits as its span needs (so a day's few records do not pay for 65,536 buckets), and then an insertion
 * sort of each target's few records on the rest of the key.
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
      const size = 2 ** Math.ceil(Math.log2(count));
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
  // Within a target: act day, actor, sequence (insertion sort; a target rarely has more than a few records a day).
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

function compareTail(data: Int32Array, x: number, y: number): number {
  const a = x * RECORD_STRIDE;
  const b = y * RECORD_STRIDE;
  for (let field = R_ACT_DAY; field <= R_SEQUENCE; field++) {
    const difference = data[a + field] - data[b + field];
    if (difference !== 0) return difference;
  }
  return x - y;
}
