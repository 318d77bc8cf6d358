import { describe, expect, test } from "vitest";
import {
  comparedPercents,
  count,
  percent,
  plain,
  proportion,
  signed,
  times,
} from "../../../src/report/format.js";

describe("format", () => {
  test("count() separates thousands and rounds", () => {
    expect([count(3577), count(1234567.6), count(-1200), count(0)]).toEqual([
      "3,577",
      "1,234,568",
      "−1,200",
      "0",
    ]);
  });

  test("percent() gives small shares the digits they need", () => {
    expect([0, 1, 0.35, 0.042, 0.0052, 0.00031, 0.00000004, 0.99999, -0.0059].map(percent)).toEqual([
      "0%",
      "100%",
      "35%",
      "4.2%",
      "0.52%",
      "0.031%",
      "under 0.01%",
      "over 99.9%",
      "−0.59%",
    ]);
  });

  test("proportion() says one in N for small parts, a percentage for large ones", () => {
    expect([proportion(97, 3577), proportion(2, 3), proportion(0, 5), proportion(5, 5)]).toEqual([
      "about one in 37",
      "about 67%",
      "none of them",
      "all of them",
    ]);
  });

  test("plain(), signed() and times() never print raw floats", () => {
    expect([
      plain(0.123456),
      plain(1234.5),
      plain(1.5e-7),
      signed(2.5),
      signed(-0.01),
      times(2.345),
      times(14.2),
    ]).toEqual(["0.123", "1,235", "0.00000015", "+2.5", "−0.01", "2.3 times", "14 times"]);
  });

  test('times() keeps two decimals under 1.1, so a ratio near 1 never reads "1 times"', () => {
    expect([1.016, 1.004, 1.09, 1.1, 2.34, 14.2].map(times)).toEqual([
      "1.02 times",
      "1.00 times",
      "1.09 times",
      "1.1 times",
      "2.3 times",
      "14 times",
    ]);
  });

  test("comparedPercents() adds the digits that tell two shares apart", () => {
    expect(comparedPercents(0.00202, 0.00199)).toEqual(["0.202%", "0.199%"]);
    expect(comparedPercents(0.0044, 0.0037)).toEqual(["0.44%", "0.37%"]);
    expect(comparedPercents(0.002, 0.002)).toEqual(["0.2%", "0.2%"]);
  });
});
