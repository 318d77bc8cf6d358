import { describe, expect, it } from "vitest";
import { RECORD_KIND_NAMES } from "../../../src/core/model/index.js";
import { MAX_SIMULATED_DAYS } from "../../../src/core/scenario/index.js";
import { MAX_BEHAVIOURS, MAX_SOURCES } from "../../../src/core/scenario/schema/common.js";
import { MAX_POPULATION } from "../../../src/core/scenario/schema/population.js";
import {
  canonicalOrder,
  DayBuckets,
  IntList,
  NextDays,
  OUTBOX_STRIDE,
  OUTCOME_SEQUENCE,
  packDayWhat,
  packRankSource,
  R_ACTOR,
  R_DAY_WHAT,
  R_RANK_SOURCE,
  R_TARGET,
  RECORD_STRIDE,
  RecordOutbox,
  RecordQueue,
  rankOf,
  recordActDay,
  recordBehaviour,
  recordFlags,
  recordRank,
  recordSource,
  SPURIOUS_SEQUENCE,
} from "../../../src/core/state/buffers.js";
import { CitizenSet, ListingEnd, ListingLog } from "../../../src/core/state/listings.js";
import { xorshift32 } from "../../helpers/xorshift.js";

describe("IntList", () => {
  it("grows past its capacity and keeps every value", () => {
    const list = new IntList(1);
    for (let k = 0; k < 1000; k++) list.push(k - 500);
    expect(list.length).toBe(1000);
    expect(Array.from(list.data.subarray(0, 1000))).toEqual(Array.from({ length: 1000 }, (_, k) => k - 500));
  });
});

describe("DayBuckets", () => {
  it("returns each day's citizens once, in push order, and drops days past the run", () => {
    const buckets = new DayBuckets(3);
    buckets.push(1, 7);
    buckets.push(1, 3);
    buckets.push(3, 9);
    buckets.push(100, 9);
    expect(buckets.take(0).length).toBe(0);
    const day1 = buckets.take(1);
    expect(Array.from(day1.data.subarray(0, day1.length))).toEqual([7, 3]);
    expect(buckets.take(1).length).toBe(0);
    expect(buckets.take(2).length).toBe(0);
  });
});

describe("RecordQueue", () => {
  it("holds records by due day and counts those due after the run as pending", () => {
    const queue = new RecordQueue(10);
    queue.push(2, 5, 0, 5, 0, 1, 0, 0x100);
    queue.push(9, 6, 1, 6, 0, 1, 0, 0x100);
    queue.push(10, 6, 1, 6, 1, 1, 0, 0x100);
    queue.push(500, 6, 1, 6, 2, 1, 0, 0x100);
    expect(queue.pendingAtEnd).toBe(2);
    const day2 = queue.take(2);
    expect(day2.length).toBe(RECORD_STRIDE);
    const fields = Array.from(day2.data.subarray(0, RECORD_STRIDE));
    expect([fields[R_TARGET], fields[R_ACTOR]]).toEqual([5, 5]);
    const [dayWhat, rankSource] = [fields[R_DAY_WHAT], fields[R_RANK_SOURCE]];
    expect([recordActDay(dayWhat), recordBehaviour(dayWhat), recordFlags(dayWhat)]).toEqual([0, 1, 0x100]);
    expect([rankOf(rankSource), recordSource(rankSource)]).toEqual([0, 0]);
    expect(queue.take(2).length).toBe(0);
    expect(queue.take(9).length).toBe(RECORD_STRIDE);
  });
});

describe("RecordQueue's compact records", () => {
  it("keeps every field at the bounds of 2 integers, and puts the records past them after, in the order pushed", () => {
    const queue = new RecordQueue(300);
    const due = 200;
    // [act day, sequence, behaviour, source, flags]: within the bounds, then each one past them (an association
    // penalty's source, −1, among them).
    const records = [
      [due - 127, 1023, 62, 30, 0x103],
      [due, 0, -1, 0, 0],
      [due, 0, -1, -1, 3],
      [due - 128, 0, 0, 0, 0x100],
      [due - 1, 1024, 0, 0, 0x100],
      [due - 1, 0, 63, 0, 0x100],
      [due - 1, 0, 0, 31, 0x100],
    ];
    for (const [actDay, sequence, behaviour, source, flags] of records)
      queue.push(due, 77, actDay, 77, sequence, behaviour, source, flags);
    const list = queue.take(due);
    const fields = Array.from({ length: list.length / RECORD_STRIDE }, (_, r) => {
      const at = r * RECORD_STRIDE;
      const [dayWhat, rankSource] = [list.data[at + R_DAY_WHAT], list.data[at + R_RANK_SOURCE]];
      expect([list.data[at + R_TARGET], list.data[at + R_ACTOR]]).toEqual([77, 77]);
      return [
        recordActDay(dayWhat),
        rankOf(rankSource),
        recordBehaviour(dayWhat),
        recordSource(rankSource),
        recordFlags(dayWhat),
      ];
    });
    expect(fields).toEqual(records.map(([day, sequence, ...rest]) => [day, recordRank(sequence), ...rest]));
  });
});

describe("RecordQueue's chunks", () => {
  it("gives each day's compact records, then the others, each in the order pushed, across chunks reused", () => {
    // A fixed xorshift32 walk: 100,000 pushes to 6 days and 2 past the run (about 12,500 records a day, past the 8,128
    // of the chunks up to the largest), a day taken every 20,000 pushes, so later days fill chunks that earlier days
    // gave back. Checked against plain lists, taken and packed: a day's records about their own actor whose fields
    // are small (due 0 to 127 days after the act, behaviour + 1 below 64, a source below 31, rank below 1,024)
    // first, in 2 integers, then the others, in 3 or 4.
    const next = xorshift32(0xc0ffee);
    const days = 6;
    const queue = new RecordQueue(days);
    const compact: number[][] = Array.from({ length: days }, () => []);
    const wide: number[][] = Array.from({ length: days }, () => []);
    const expected = (day: number) => [...compact[day], ...wide[day]];
    let taken = 0;
    const takeAndCheck = (day: number) => {
      const list = queue.take(day);
      expect(Array.from(list.data.subarray(0, list.length))).toEqual(expected(day));
      compact[day] = [];
      wide[day] = [];
    };
    for (let k = 0; k < 100_000; k++) {
      const due = next() % (days + 2);
      // Half the records about their own actor (3 integers in a chunk, the others 4, so chunks end in gaps), and
      // targets at both ends of their range.
      const target = k % 7 === 0 ? 0 : k % 11 === 0 ? MAX_POPULATION - 1 : next() % 1000;
      const actor = next() % 2 === 0 ? target : next() % 1000;
      // Act days after the due day too (no run has them), and fields on both sides of each bound.
      const [actDay, sequence] = [next() % days, next() % 1300];
      const [behaviour, source] = [(next() % 70) - 1, (next() % 36) - 1];
      const flags = next() % 2 === 0 ? 0x100 | (next() % 4) : next() % 4;
      queue.push(due, target, actDay, actor, sequence, behaviour, source, flags);
      const packed = [target, actor, packDayWhat(actDay, behaviour, flags), packRankSource(sequence, source)];
      const small = due >= actDay && behaviour < 63 && source >= 0 && source < 31 && sequence < 1024;
      if (due < days) (target === actor && small ? compact : wide)[due].push(...packed);
      if (k % 20_000 === 19_999) takeAndCheck(taken++);
    }
    const packed = Array.from(queue.packed());
    const fromLists = compact.flatMap((_, day) => {
      const list = expected(day);
      return Array.from({ length: list.length / RECORD_STRIDE }, (_, r) => [
        day,
        ...list.slice(r * RECORD_STRIDE, (r + 1) * RECORD_STRIDE),
      ]).flat();
    });
    expect(packed).toEqual(fromLists);
    for (let day = 0; day < days; day++) takeAndCheck(day);
    expect(queue.packed().length).toBe(0);
  });
});

/**
 * Fails where two long lists of integers first differ, showing the 8 from there (a diff of the whole lists would take
 * minutes).
 */
function expectSameIntegers(actual: ArrayLike<number>, expected: ArrayLike<number>): void {
  let k = 0;
  while (k < Math.min(actual.length, expected.length) && actual[k] === expected[k]) k++;
  const from = (list: ArrayLike<number>) =>
    Array.from({ length: Math.min(8, list.length - k) }, (_, j) => list[k + j]);
  expect({ at: k, length: actual.length, next: from(actual) }).toEqual({
    at: k,
    length: expected.length,
    next: from(expected),
  });
}

describe("RecordQueue's streams", () => {
  /** A record's 4 integers as the queue gives them. */
  const fieldsOf = (
    target: number,
    actor: number,
    actDay: number,
    sequence: number,
    b: number,
    s: number,
    flags: number,
  ) => [target, actor, packDayWhat(actDay, b, flags), packRankSource(sequence, s)];

  it("keeps targets across every width of their gaps and fields at the bounds of a stream, the others elsewhere", () => {
    const queue = new RecordQueue(300, [2]);
    const due = 200;
    // Ascending targets whose gaps need 1 to 5 bytes (0, 127 | 128, 16,383 | 16,384, 2^21 − 1 | 2^21, 2^28 − 1 |
    // 2^28 and the largest target), fields at the bounds: behaviour + 1 up to 31, source index up to 3, event up to
    // 15, the rank's three kinds, every flag.
    const gaps = [0, 0, 127, 128, 16_383, 16_384, 2 ** 21 - 1, 2 ** 21, 2 ** 28 - 1, 2 ** 28];
    let target = 0;
    const streamed: number[][] = [];
    gaps.forEach((gap, k) => {
      target += gap;
      const sequence = [0, 3, 15 * 256 + 3, OUTCOME_SEQUENCE + 15 * 256 + 2, SPURIOUS_SEQUENCE + 7 * 256][
        k % 5
      ];
      const [behaviour, flags] = [[0, 30, 12][k % 3], [0, 3, 0x100, 0x103][k % 4]];
      queue.push(due, target, due - 30, target, sequence, behaviour, 2, flags);
      streamed.push(fieldsOf(target, target, due - 30, sequence, behaviour, 2, flags));
    });
    target = MAX_POPULATION - 1;
    queue.push(due, target, due - 30, target, 1, 5, 2, 0x100);
    streamed.push(fieldsOf(target, target, due - 30, 1, 5, 2, 0x100));
    // Past a bound, each goes to the compact or wide records: behaviour + 1 of 32, a source index of 4, event 16, a
    // target below the stream's last, a record about another citizen, a source not streamed, an association penalty.
    const others = [
      [5, 5, 0, 31, 2, 0x100],
      [5, 5, 4, 0, 2, 0x100],
      [5, 5, 16 * 256, 0, 2, 0x100],
      [target - 1, target - 1, 0, 0, 2, 0x100],
      [7, 8, 0, 0, 2, 0x100],
      [9, 9, 0, 0, 1, 0x100],
      [9, 3, 0, -1, -1, 3],
    ].map(([t, actor, sequence, behaviour, source, flags]) => {
      queue.push(due, t, due - 30, actor, sequence, behaviour, source, flags);
      return fieldsOf(t, actor, due - 30, sequence, behaviour, source, flags);
    });
    const list = queue.take(due);
    const records = Array.from({ length: list.length / RECORD_STRIDE }, (_, r) =>
      Array.from(list.data.subarray(r * RECORD_STRIDE, (r + 1) * RECORD_STRIDE)),
    );
    expect(records.slice(0, streamed.length)).toEqual(streamed);
    // The others after the stream, compact records first (as without streams): event 16's rank is past 1,023.
    expect(records.slice(streamed.length)).toEqual([0, 1, 3, 5, 2, 4, 6].map((k) => others[k]));
  });

  it("fills stream chunks of every size, and reuses them for later days", () => {
    // 100,000 records a day in one stream (about 250 KB: chunks of 256 bytes to 64 KB and several of the largest), the
    // second day's in the chunks the first gave back.
    const next = xorshift32(0xbeef);
    const queue = new RecordQueue(40, [4]);
    for (const due of [30, 31]) {
      const expected: number[] = [];
      let target = 0;
      for (let k = 0; k < 100_000; k++) {
        target += next() % 600 < 599 ? next() % 64 : next() % 100_000;
        const sequence = (next() % 4) * 256 + (next() % 2);
        queue.push(due, target, due - 30, target, sequence, 7, 4, 0x100);
        expected.push(...fieldsOf(target, target, due - 30, sequence, 7, 4, 0x100));
      }
      const list = queue.take(due);
      expectSameIntegers(list.data.subarray(0, list.length), expected);
    }
  });

  it("gives each day's streams in the order made, then its compact records, then the others, across chunks reused", () => {
    // A fixed xorshift32 walk: 120,000 pushes to 6 days and 2 past the run, three sources of eight streamed, targets
    // mostly ascending within each act day so that streams fill chunks of every size, a day taken every 20,000
    // pushes. Checked against plain lists (taken and packed, and packed again after a queue is refilled from them).
    const next = xorshift32(0x5eed5);
    const days = 6;
    const streamedSources = [0, 3, 7];
    const queue = new RecordQueue(days, streamedSources);
    type Lists = {
      streams: Map<number, { last: number; records: number[] }>;
      compact: number[];
      wide: number[];
    };
    const empty = (): Lists => ({ streams: new Map(), compact: [], wide: [] });
    let lists: Lists[] = Array.from({ length: days }, empty);
    const expected = (day: number) => [
      ...[...lists[day].streams.values()].flatMap((stream) => stream.records),
      ...lists[day].compact,
      ...lists[day].wide,
    ];
    const cursor = new Map<number, number>();
    let taken = 0;
    const takeAndCheck = (day: number) => {
      const list = queue.take(day);
      expectSameIntegers(list.data.subarray(0, list.length), expected(day));
      lists[day] = empty();
    };
    for (let k = 0; k < 120_000; k++) {
      const due = next() % (days + 2);
      const actDay = next() % days;
      // Targets ascend per (due, act day), by gaps of 0 to 3,000, but one in 50 goes back.
      const at = due * 256 + actDay;
      const target = next() % 50 === 0 ? next() % 1000 : (cursor.get(at) ?? 0) + (next() % 3000);
      cursor.set(at, target);
      const actor = next() % 8 === 0 ? next() % 1000 : target;
      // Events 0 to 19 with source indexes 0 to 5, of the three kinds, on both sides of a stream's bounds.
      const event = (next() % 20) * 256 + (next() % 6);
      const sequence = [0, OUTCOME_SEQUENCE, SPURIOUS_SEQUENCE][next() % 3] + event;
      const [behaviour, source] = [(next() % 40) - 1, next() % 8];
      const flags = next() % 2 === 0 ? 0x100 | (next() % 4) : next() % 4;
      queue.push(due, target, actDay, actor, sequence, behaviour, source, flags);
      if (due < days) {
        const fields = fieldsOf(target, actor, actDay, sequence, behaviour, source, flags);
        const day = lists[due];
        const rest = recordRank(sequence) & 0x3f_ffff;
        const fits = behaviour >= 0 && behaviour < 31 && rest % 256 < 4 && rest < 16 * 256;
        const key = actDay * 256 + source + 1;
        let stream: { last: number; records: number[] } | undefined;
        if (target === actor && streamedSources.includes(source) && fits) {
          stream = day.streams.get(key) ?? { last: 0, records: [] };
          day.streams.set(key, stream);
        }
        const small = due >= actDay && due - actDay < 128 && behaviour < 63 && source < 31 && sequence < 1024;
        if (stream !== undefined && target >= stream.last) {
          stream.records.push(...fields);
          stream.last = target;
        } else (target === actor && small ? day.compact : day.wide).push(...fields);
      }
      if (k % 20_000 === 19_999) takeAndCheck(taken++);
    }
    const fromLists = lists.flatMap((_, day) => {
      const list = expected(day);
      return Array.from({ length: list.length / RECORD_STRIDE }, (_, r) => [
        day,
        ...list.slice(r * RECORD_STRIDE, (r + 1) * RECORD_STRIDE),
      ]).flat();
    });
    const packed = queue.packed();
    expectSameIntegers(packed, fromLists);
    // A checkpoint's records poured into a new queue come out packed the same.
    const again = new RecordQueue(days, streamedSources);
    again.pushPacked(packed);
    expectSameIntegers(again.packed(), fromLists);
    for (let day = 0; day < days; day++) takeAndCheck(day);
    expect(queue.packed().length).toBe(0);
    lists = [];
  });
});

describe("packDayWhat() and packRankSource()", () => {
  it("keep act day, behaviour, flags and source over their whole ranges, association penalties' −1 included", () => {
    // The kind has 2 bits: a fifth record kind would need a wider field.
    expect(RECORD_KIND_NAMES.length).toBeLessThanOrEqual(4);
    for (const actDay of [0, 1, 0x7fff, 0x8000, MAX_SIMULATED_DAYS - 1]) {
      for (const behaviour of [-1, 0, 1, 13, MAX_BEHAVIOURS - 1]) {
        for (const flags of [0, 1, 2, 3, 0x100, 0x101, 0x103]) {
          const dayWhat = packDayWhat(actDay, behaviour, flags);
          expect([recordActDay(dayWhat), recordBehaviour(dayWhat), recordFlags(dayWhat)]).toEqual([
            actDay,
            behaviour,
            flags,
          ]);
        }
      }
    }
    for (const source of [-1, 0, 7, MAX_SOURCES - 1]) {
      for (const sequence of [0, 255, 999_999, OUTCOME_SEQUENCE + 513, SPURIOUS_SEQUENCE + 256 * 16_382]) {
        const rankSource = packRankSource(sequence, source);
        expect([rankOf(rankSource), recordSource(rankSource)]).toEqual([recordRank(sequence), source]);
      }
    }
  });

  it("ranks records as their sequences order them, for events numbered 0 to 16,383 of each kind a day", () => {
    // Acts (event × 256 + source index), association penalties (contact index, below 10^6), outcome acts and
    // spurious records, ascending; a rank per sequence, ascending too, up to each kind's last ranked event.
    const last = 256 * 16_383 + 255;
    const sequences = [
      ...[0, 1, 255, 256, 999_999, 256 * 16_383, last],
      ...[0, 1, 256, 256 * 16_383, last].map((s) => OUTCOME_SEQUENCE + s),
      ...[0, 256, 256 * 16_383, last].map((s) => SPURIOUS_SEQUENCE + s),
    ];
    const ranks = sequences.map(recordRank);
    for (let k = 1; k < ranks.length; k++) expect(ranks[k]).toBeGreaterThan(ranks[k - 1]);
    expect(Math.max(...ranks)).toBeLessThan(2 ** 24);
    // Past event 16,383 of a kind, every record of that kind shares the kind's largest rank (never a smaller one).
    for (const base of [0, OUTCOME_SEQUENCE, SPURIOUS_SEQUENCE]) {
      for (const past of [last + 1, 256 * 16_384 + 7, 256 * 20_000]) {
        expect(recordRank(base + past)).toBe(recordRank(base + last));
      }
    }
    expect(recordRank(256 * 20_000)).toBeLessThan(recordRank(OUTCOME_SEQUENCE));
  });

  it("passes records through an outbox into a queue unchanged", () => {
    const outbox = new RecordOutbox();
    outbox.push(3, 8, 1, 2, 513, MAX_BEHAVIOURS - 1, MAX_SOURCES - 1, 0x102);
    outbox.push(4, 9, 2, 9, 0, -1, -1, 3);
    const packed = outbox.take();
    expect(packed.length).toBe(2 * OUTBOX_STRIDE);
    const queue = new RecordQueue(10);
    queue.pushPacked(packed);
    expect(Array.from(queue.packed())).toEqual(Array.from(packed));
    const day3 = queue.take(3).data;
    expect([day3[R_TARGET], day3[R_ACTOR]]).toEqual([8, 2]);
    expect(recordActDay(day3[R_DAY_WHAT])).toBe(1);
    expect(recordBehaviour(day3[R_DAY_WHAT])).toBe(MAX_BEHAVIOURS - 1);
    expect(recordFlags(day3[R_DAY_WHAT])).toBe(0x102);
    expect(rankOf(day3[R_RANK_SOURCE])).toBe(recordRank(513));
    expect(recordSource(day3[R_RANK_SOURCE])).toBe(MAX_SOURCES - 1);
  });
});

describe("NextDays", () => {
  it("gives each day's citizens ascending, keeps one day per citizen, and drops days past the run", () => {
    // A fixed xorshift32 walk of pushes, checked against a plain array of each citizen's day.
    const next = xorshift32(0x1234567);
    const size = 5_000;
    const days = 40;
    const schedule = new NextDays(days, size);
    const expected = new Array<number>(size).fill(-1);
    for (let k = 0; k < 3 * size; k++) {
      const citizen = next() % size;
      const day = next() % (days + 5);
      schedule.push(day, citizen);
      expected[citizen] = day < days ? day : -1;
    }
    // A checkpoint's column: each citizen's day, 65,535 for none; restored into another schedule, it waits the same.
    const column = schedule.column();
    expect(Array.from(column)).toEqual(expected.map((day) => (day >= 0 ? day : 0xffff)));
    const restored = new NextDays(days, size);
    restored.push(1, 0);
    restored.restore(column);
    expect(() => restored.restore(new Uint16Array(size - 1))).toThrow(RangeError);
    const waiting = expected.flatMap((day, citizen) => (day >= 0 ? [[day, citizen]] : []));
    for (let day = 0; day < days; day++) {
      const citizens = waiting.filter(([d]) => d === day).map(([, citizen]) => citizen);
      for (const queue of [schedule, restored]) {
        const due = queue.take(day);
        expect(Array.from(due.data.subarray(0, due.length))).toEqual(citizens);
      }
    }
    expect(schedule.column().every((day) => day === 0xffff)).toBe(true);
    schedule.push(3, 7);
    schedule.clear();
    expect(schedule.take(3).length).toBe(0);
    expect(() => new NextDays(0xffff, 1)).toThrow(RangeError);
  });

  it("holds days near and far in a byte, across checkpoints and skipped days, as a plain column of days would", () => {
    // A fixed xorshift32 walk over 1,500 days: each day, citizens are pushed for days 0 to 699 ahead (so both within
    // the 254 days a byte holds and past them, and some for days already taken), the day is taken (one day in 50 is
    // skipped), and every 97 days the column is checked and restored into a new schedule that carries on instead.
    const next = xorshift32(0xbadcafe);
    const size = 3_000;
    const days = 1_500;
    let schedule = new NextDays(days, size);
    const expected = new Array<number>(size).fill(-1);
    let lastTaken = -1;
    for (let day = 0; day < days; day++) {
      for (let k = 0; k < 40; k++) {
        const citizen = next() % size;
        const at = day - 3 + (next() % 703);
        schedule.push(at, citizen);
        expected[citizen] = at < days && at > lastTaken ? at : -1;
      }
      if (day % 50 === 49) continue;
      const due = schedule.take(day);
      const citizens = expected.flatMap((d, citizen) => (d >= 0 && d <= day ? [citizen] : []));
      expect(Array.from(due.data.subarray(0, due.length))).toEqual(
        citizens.filter((citizen) => expected[citizen] === day),
      );
      for (const citizen of citizens) expected[citizen] = -1;
      lastTaken = day;
      if (day % 97 === 96) {
        const column = schedule.column();
        expect(Array.from(column)).toEqual(expected.map((d) => (d >= 0 ? d : 0xffff)));
        schedule = new NextDays(days, size);
        schedule.push(day + 1, 0);
        schedule.restore(column);
        expect(Array.from(schedule.column())).toEqual(Array.from(column));
      }
    }
  });

  it.each([
    ["a byte", false],
    ["16 bits", true],
  ])("finds every citizen of a day whatever the size's parity and the day's bits, in %s", (_, wide) => {
    // Neighbours one day apart, days with the high bit set and the last day held: several citizens of a day in one
    // 32-bit word of the column, at every place in it.
    const days = 0xfffe;
    for (const size of [1, 2, 3, 8, 4_097]) {
      const next = xorshift32(0x9e3779b9 ^ size);
      const pick = [0, 1, 2, 0x7fff, 0x8000, 0x8001, 0xfffd];
      const schedule = new NextDays(days, size, wide);
      const expected = new Array<number>(size);
      for (let citizen = 0; citizen < size; citizen++) {
        expected[citizen] = pick[next() % pick.length];
        schedule.push(expected[citizen], citizen);
      }
      for (const day of pick) {
        const due = schedule.take(day);
        const citizens = Array.from(due.data.subarray(0, due.length));
        expect(citizens).toEqual(expected.flatMap((d, citizen) => (d === day ? [citizen] : [])));
      }
      expect(schedule.column().every((d) => d === 0xffff)).toBe(true);
    }
  });
});

/** A record's packed fields from [target, act day, actor, sequence], with `label` as its behaviour. */
function packRecord([target, actDay, actor, sequence]: number[], label: number): number[] {
  const fields = [0, 0, 0, 0];
  fields[R_TARGET] = target;
  fields[R_ACTOR] = actor;
  fields[R_DAY_WHAT] = packDayWhat(actDay, label, 0);
  fields[R_RANK_SOURCE] = packRankSource(sequence, 0);
  return fields;
}

describe("canonicalOrder()", () => {
  it("orders records by target, act day, actor and sequence, whatever order they were pushed in", () => {
    // [target, act day, actor, sequence] of each record; the rest is a label.
    const keys = [
      [2, 0, 2, 0],
      [1, 5, 1, 256],
      [1, 5, 1, 1],
      [1, 3, 9, 0],
      [1, 5, 0, 0],
      [0, 9, 0, 0],
    ];
    const build = (order: number[]) => {
      const list = new IntList();
      for (const k of order) for (const value of packRecord(keys[k], k)) list.push(value);
      return list;
    };
    const labels = (list: IntList) =>
      Array.from(canonicalOrder(list), (r) => recordBehaviour(list.data[r * RECORD_STRIDE + R_DAY_WHAT]));
    const expected = [5, 3, 4, 2, 1, 0];
    expect(labels(build([0, 1, 2, 3, 4, 5]))).toEqual(expected);
    expect(labels(build([5, 4, 3, 2, 1, 0]))).toEqual(expected);
    expect(labels(build([3, 0, 5, 1, 4, 2]))).toEqual(expected);
  });

  it("applies one actor's records past 16,383 events of a day in the order made, among others in any order", () => {
    // Citizen 4's acts on day 2, events 16,382 to 16,385 seen by sources 0 and 1, all about target 7, made (pushed)
    // in sequence order; records of other actors and days about the same target are pushed before, between and
    // after them.
    const made = [16_382, 16_383, 16_384, 16_385].flatMap((event) => [256 * event, 256 * event + 1]);
    const list = new IntList();
    const push = (key: number[], label: number) => {
      for (const value of packRecord(key, label)) list.push(value);
    };
    push([7, 2, 5, 0], 100);
    made.forEach((sequence, k) => {
      push([7, 2, 4, sequence], k);
      if (k === 3) push([7, 1, 4, 0], 101);
    });
    push([7, 2, 3, 256 * 20_000], 102);
    const labels = Array.from(canonicalOrder(list), (r) =>
      recordBehaviour(list.data[r * RECORD_STRIDE + R_DAY_WHAT]),
    );
    expect(labels).toEqual([101, 102, 0, 1, 2, 3, 4, 5, 6, 7, 100]);
  });

  it("agrees with a comparison sort on the whole key, whatever the targets' span", () => {
    // Spans of one target, a few bits, 16, 17 and 31 bits (as many radix passes as each needs), with ties.
    const next = xorshift32(0x51f15eed);
    for (const [count, base, span] of [
      [1, 7, 1],
      [40, 123, 1],
      [500, 0, 37],
      [3_000, 1_000_000, 1 << 16],
      [3_000, 5, (1 << 17) + 3],
      [3_000, 0, 0x7fffffff],
    ]) {
      const list = new IntList();
      const records: number[][] = [];
      for (let r = 0; r < count; r++) {
        const record = [base + (next() % span), next() % 3, next() % 4, next() % 2, r];
        records.push(record);
        for (const value of packRecord(record.slice(0, 4), r)) list.push(value);
      }
      const expected = records
        .slice()
        .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || a[3] - b[3] || a[4] - b[4])
        .map((record) => record[4]);
      expect(Array.from(canonicalOrder(list))).toEqual(expected);
    }
  });
});

describe("CitizenSet", () => {
  it("adds once, deletes by swapping the last member in, and iterates its members", () => {
    const set = new CitizenSet();
    for (let i = 0; i < 200; i++) set.add(i * 3);
    set.add(3);
    expect(set.size).toBe(200);
    for (let i = 0; i < 200; i += 2) set.delete(i * 3);
    set.delete(1);
    expect(set.size).toBe(100);
    const members = Array.from(set.members.subarray(0, set.size)).sort((a, b) => a - b);
    expect(members).toEqual(Array.from({ length: 100 }, (_, k) => (2 * k + 1) * 3));
    expect(set.has(3)).toBe(true);
    expect(set.has(0)).toBe(false);
  });
});

describe("ListingLog", () => {
  it("adds rows with their cause, open until ended", () => {
    const log = new ListingLog();
    expect(log.add(4, 10, 1, 2, 3, 0, 4, false, 0)).toBe(0);
    expect(log.add(5, 11, 0, -1, -1, 3, 9, true, 2)).toBe(1);
    log.end(0, 20, ListingEnd.overturned);
    expect(log.length).toBe(2);
    expect([log.endDay.data[0], log.endReason.data[0]]).toEqual([20, ListingEnd.overturned]);
    expect([log.endDay.data[1], log.endReason.data[1]]).toEqual([ListingEnd.ongoing, ListingEnd.ongoing]);
    expect([log.citizen.data[1], log.actor.data[1], log.wrongful.data[1], log.source.data[1]]).toEqual([
      5, 9, 1, -1,
    ]);
    expect([log.wrongRecords.data[0], log.wrongRecords.data[1]]).toEqual([0, 2]);
  });

  it("knows each citizen's ongoing listing, and finds them again from its columns", () => {
    const log = new ListingLog();
    log.add(4, 10, 1, 2, 3, 0, 4, false, 0);
    log.end(0, 20, ListingEnd.score);
    log.add(4, 30, 1, 2, 3, 0, 4, false, 0);
    log.add(7, 31, 1, 2, 3, 0, 7, true, 1);
    // Ending an earlier listing again leaves the ongoing one known.
    log.end(0, 20, ListingEnd.score);
    expect([log.ongoingOf(4), log.ongoingOf(7), log.ongoingOf(5)]).toEqual([1, 2, -1]);
    log.end(2, 40, ListingEnd.overturned);
    expect(log.ongoingOf(7)).toBe(-1);
    const again = ListingLog.fromColumns(log.columns());
    expect([again.ongoingOf(4), again.ongoingOf(7)]).toEqual([1, -1]);
  });
});
