import { describe, expect, it } from "vitest";
import { MOST_WRONG_RECORDS, WrongRecords } from "../../../src/core/state/wrongRecords.js";
import { xorshift32 } from "../../helpers/xorshift.js";

describe("WrongRecords", () => {
  it("counts past a byte and back, up to 65,535, as a 16-bit column would", () => {
    // A fixed xorshift32 walk of increments and sets on 50 citizens, a few driven past 254 and one to the largest.
    const next = xorshift32(0xfeed);
    const counts = new WrongRecords(50);
    const expected = new Uint16Array(50);
    for (let k = 0; k < 200_000; k++) {
      const i = next() % 50;
      if (next() % 1000 === 0) {
        const count = next() % 3 === 0 ? next() % 300 : next() % (MOST_WRONG_RECORDS + 1);
        counts.set(i, count);
        expected[i] = count;
      } else if (expected[i] < MOST_WRONG_RECORDS) {
        counts.increment(i);
        expected[i]++;
      }
      if (counts.get(i) !== expected[i]) throw new Error(`citizen ${i}: ${counts.get(i)} for ${expected[i]}`);
    }
    counts.set(7, MOST_WRONG_RECORDS);
    expected[7] = MOST_WRONG_RECORDS;
    expect(counts.get(7)).toBe(MOST_WRONG_RECORDS);
    expect(Array.from(counts.column())).toEqual(Array.from(expected));
    expect(counts.entries).toBe(expected.filter((count) => count >= 255).length);
    const restored = new WrongRecords(50);
    restored.restore(counts.column());
    expect(Array.from(restored.column())).toEqual(Array.from(expected));
    expect(() => restored.restore(new Uint16Array(3))).toThrow(/50 citizens given 3/);
  });
});
