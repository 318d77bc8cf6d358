import { describe, expect, it } from "vitest";
import { NOT_LISTED } from "../../../src/core/state/citizens.js";
import {
  STANDING_DENSE_BYTES,
  STANDING_SLOT_BYTES,
  STANDING_TABLE_BYTES,
  Standing,
} from "../../../src/core/state/standing.js";
import { xorshift32 } from "../../helpers/xorshift.js";

/** The same writes, to a `Standing` and to plain columns. */
class Columns {
  readonly listedSince: Uint16Array;
  readonly trulyListedSince: Uint16Array;
  readonly distressUntil: Uint16Array;
  readonly flags: Uint8Array;
  constructor(size: number) {
    this.listedSince = new Uint16Array(size).fill(NOT_LISTED);
    this.trulyListedSince = new Uint16Array(size).fill(NOT_LISTED);
    this.distressUntil = new Uint16Array(size);
    this.flags = new Uint8Array(size);
  }
}

/** The first index where two columns differ, or −1 (quicker than a deep comparison of a million values). */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** `writes` random writes to `touched` citizens of `size`, checked against plain columns after each. */
function walk(size: number, touched: number, writes: number, seed: number): Standing {
  const standing = new Standing(size);
  const columns = new Columns(size);
  const next = xorshift32(seed);
  const citizen = () => Math.floor(((next() >>> 0) / 2 ** 32) * touched) * Math.floor(size / touched);
  for (let w = 0; w < writes; w++) {
    const i = citizen();
    const what = next() >>> 29;
    const day = (next() >>> 0) % 400;
    // A quarter of the writes set the value of a citizen with none, which must not take a slot.
    const none = (next() & 3) === 0;
    if (what === 0) {
      standing.setListedSince(i, none ? NOT_LISTED : day);
      columns.listedSince[i] = none ? NOT_LISTED : day;
    } else if (what === 1) {
      standing.setTrulyListedSince(i, none ? NOT_LISTED : day);
      columns.trulyListedSince[i] = none ? NOT_LISTED : day;
    } else if (what === 2) {
      standing.setDistressUntil(i, none ? 0 : day);
      columns.distressUntil[i] = none ? 0 : day;
    } else if (what === 3) {
      standing.addFlags(i, 1 << (day % 5));
      columns.flags[i] |= 1 << (day % 5);
    } else if (what === 4) {
      standing.clearFlags(i, 1 << (day % 5));
      columns.flags[i] &= ~(1 << (day % 5));
    } else {
      const j = citizen();
      if (
        standing.listedSince(j) !== columns.listedSince[j] ||
        standing.trulyListedSince(j) !== columns.trulyListedSince[j] ||
        standing.distressUntil(j) !== columns.distressUntil[j] ||
        standing.flags(j) !== columns.flags[j] ||
        standing.isListed(j) !== (columns.listedSince[j] !== NOT_LISTED)
      ) {
        throw new Error(`citizen ${j} differs after ${w} writes`);
      }
    }
  }
  for (const name of ["listedSince", "trulyListedSince", "distressUntil", "flags"] as const) {
    expect(firstDifference(standing.column(name), columns[name])).toBe(-1);
  }
  return standing;
}

describe("Standing", () => {
  it("holds what plain columns hold, in a table while few citizens have some", () => {
    const standing = walk(1_000_000, 5_000, 200_000, 7);
    expect(standing.dense).toBe(false);
    // 5,000 citizens at most half full: 16,384 slots.
    expect(standing.bytes).toBe(16_384 * STANDING_SLOT_BYTES + 1_000_000 / 8);
  });

  it("turns into columns once more than a sixteenth of the citizens have some, holding the same", () => {
    const standing = walk(40_000, 10_000, 200_000, 11);
    expect(standing.dense).toBe(true);
    expect(standing.bytes).toBe(40_000 * STANDING_DENSE_BYTES);
  });

  it("is columns from the start for fewer than 512 citizens", () => {
    expect(new Standing(511).dense).toBe(true);
    expect(new Standing(512).dense).toBe(false);
  });

  it("is never more than the columns and the largest table it turns from", () => {
    // Just before turning: size / 16 citizens in size / 8 slots.
    const size = 2 ** 16;
    const standing = new Standing(size);
    for (let i = 0; i < size / 16; i++) standing.setListedSince(i, 1);
    expect(standing.dense).toBe(false);
    expect(standing.bytes).toBe(STANDING_TABLE_BYTES * size);
    standing.setListedSince(size / 16, 1);
    expect(standing.dense).toBe(true);
    expect(standing.bytes).toBe(STANDING_DENSE_BYTES * size);
  });

  it("comes back from its columns (a checkpoint) with the same values", () => {
    const standing = walk(100_000, 2_000, 50_000, 3);
    const columns = {
      listedSince: standing.column("listedSince"),
      trulyListedSince: standing.column("trulyListedSince"),
      distressUntil: standing.column("distressUntil"),
      flags: standing.column("flags"),
    };
    const restored = new Standing(100_000);
    restored.restore(columns);
    for (const name of ["listedSince", "trulyListedSince", "distressUntil", "flags"] as const) {
      expect(firstDifference(restored.column(name), columns[name])).toBe(-1);
    }
    expect(() => restored.restore({ ...columns, flags: new Uint8Array(3) })).toThrow(
      /100000 citizens given 3/,
    );
  });
});
