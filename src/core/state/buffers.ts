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

/** Bits of the digit of `sortIndices`'s radix sort: 2^11 counters fit in the first level of cache. */
const DIGIT_BITS = 11;
const DIGIT_MASK = (1 << DIGIT_BITS) - 1;
let sortScratch = new Int32Array(1024);
const digitCounts = new Int32Array(1 << DIGIT_BITS);

/**
 * Sorts `values`, integers from 0 to 2^31 − 1 (a day's citizens), in ascending order in place: a least significant
 * digit radix sort, 11 bits a pass and only as many passes as the largest value needs, so O(n) where a comparison
 * sort is O(n log n) — a day of a shard of millions of citizens sorts in a few passes over them.
 */
export function sortIndices(values: Int32Array): void {
  const n = values.length;
  if (n < 2) return;
  let largest = 0;
  for (let k = 0; k < n; k++) if (values[k] > largest) largest = values[k];
  if (sortScratch.length < n) sortScratch = new Int32Array(Math.max(n, 2 * sortScratch.length));
  let from: Int32Array = values;
  let to: Int32Array = sortScratch.subarray(0, n);
  for (let shift = 0; shift < 31 && largest >>> shift > 0; shift += DIGIT_BITS) {
    digitCounts.fill(0);
    for (let k = 0; k < n; k++) digitCounts[(from[k] >>> shift) & DIGIT_MASK]++;
    let sum = 0;
    for (let digit = 0; digit <= DIGIT_MASK; digit++) {
      const count = digitCounts[digit];
      digitCounts[digit] = sum;
      sum += count;
    }
    for (let k = 0; k < n; k++) {
      const value = from[k];
      to[digitCounts[(value >>> shift) & DIGIT_MASK]++] = value;
    }
    [from, to] = [to, from];
  }
  if (from !== values) values.set(from);
}

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

/**
 * Fields of one record, packed as `RECORD_STRIDE` integers. The first four are the canonical order: target, act
 * day, actor, and the sequence of the record among its actor's records of that day (event × 256 + source), so a
 * citizen's own records apply in the order the acts happened.
 */
export const RECORD_STRIDE = 7;
export const R_TARGET = 0;
export const R_ACT_DAY = 1;
export const R_ACTOR = 2;
export const R_SEQUENCE = 3;
export const R_BEHAVIOUR = 4;
/** Source index, or −1 for an association penalty. */
export const R_SOURCE = 5;
/** Kind (RecordKind) in the low byte; bit 8 set when the record carries the act's points. */
export const R_FLAGS = 6;
export const SCORED_FLAG = 0x100;

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
    list.push(behaviour);
    list.push(source);
    list.push(flags);
  }

  /** The packed records so far, and an empty outbox. */
  take(): Int32Array {
    const packed = this.list.data.slice(0, this.list.length);
    this.list = new IntList(64 * OUTBOX_STRIDE);
    return packed;
  }
}

/**
 * Records waiting to be applied, one packed list per due day. A day's records are applied together at its end, in a
 * canonical order (see `canonicalOrder`), so the result does not depend on the order in which citizens were
 * processed — the condition for results independent of the number of threads.
 */
export class RecordQueue implements RecordSink {
  private readonly lists: (IntList | undefined)[];
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
    if (due >= this.days) {
      this.pendingAtEnd++;
      return;
    }
    let list = this.lists[due];
    if (list === undefined) {
      list = new IntList(64 * RECORD_STRIDE);
      this.lists[due] = list;
    }
    list.push(target);
    list.push(actDay);
    list.push(actor);
    list.push(sequence);
    list.push(behaviour);
    list.push(source);
    list.push(flags);
  }

  /** Adds records packed by a `RecordOutbox`. */
  pushPacked(packed: Int32Array): void {
    for (let at = 0; at < packed.length; at += OUTBOX_STRIDE) {
      this.push(
        packed[at],
        packed[at + 1],
        packed[at + 2],
        packed[at + 3],
        packed[at + 4],
        packed[at + 5],
        packed[at + 6],
        packed[at + 7],
      );
    }
  }

  take(day: number): IntList {
    const list = this.lists[day] ?? new IntList(1);
    this.lists[day] = undefined;
    return list;
  }

  /** Every waiting record, packed as an outbox packs them (due day first), day after day, each day's in order. */
  packed(): Int32Array {
    let count = 0;
    for (const list of this.lists) count += (list?.length ?? 0) / RECORD_STRIDE;
    const packed = new Int32Array(count * OUTBOX_STRIDE);
    let at = 0;
    this.lists.forEach((list, due) => {
      if (list === undefined) return;
      for (let from = 0; from < list.length; from += RECORD_STRIDE) {
        packed[at++] = due;
        for (let field = 0; field < RECORD_STRIDE; field++) packed[at++] = list.data[from + field];
      }
    });
    return packed;
  }

  /** Empties the queue (the records due after the run included). */
  clear(): void {
    this.lists.fill(undefined);
    this.pendingAtEnd = 0;
  }
}

/**
 * The order in which a day's records are applied: by target, act day, actor and sequence — a key that does not
 * depend on which thread or shard produced a record. Returns record indexes (record r starts at
 * `r * RECORD_STRIDE`). A radix sort on the target (two 16-bit passes, O(n)) and then an insertion sort of each
 * target's few records on the rest of the key.
 */
export function canonicalOrder(list: IntList): Uint32Array {
  const count = list.length / RECORD_STRIDE;
  const data = list.data;
  let order = new Uint32Array(count);
  let scratch = new Uint32Array(count);
  for (let r = 0; r < count; r++) order[r] = r;
  const counts = new Uint32Array(65537);
  for (let shift = 0; shift < 32; shift += 16) {
    counts.fill(0);
    for (let k = 0; k < count; k++) counts[((data[order[k] * RECORD_STRIDE] >>> shift) & 0xffff) + 1]++;
    for (let digit = 1; digit <= 65536; digit++) counts[digit] += counts[digit - 1];
    for (let k = 0; k < count; k++) {
      const r = order[k];
      scratch[counts[(data[r * RECORD_STRIDE] >>> shift) & 0xffff]++] = r;
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

function compareTail(data: Int32Array, x: number, y: number): number {
  const a = x * RECORD_STRIDE;
  const b = y * RECORD_STRIDE;
  for (let field = R_ACT_DAY; field <= R_SEQUENCE; field++) {
    const difference = data[a + field] - data[b + field];
    if (difference !== 0) return difference;
  }
  return x - y;
}
