import { z } from "zod";
import { period, withDefault } from "./common.js";

export const measurement = z
  .strictObject({
    trappedAfterDays: withDefault(period, 365, "A citizen listed for longer than this counts as trapped."),
    trajectories: withDefault(
      z.number().int().min(0).max(10_000),
      100,
      "Synthetic citizens whose day-by-day trajectories are written out (at most 10,000).",
    ),
    seriesEveryDays: withDefault(period, 1, "Interval, in days, between time-series rows."),
    pairedBaseline: withDefault(
      z.boolean(),
      false,
      "Also run the same seed with the apparatus off, for deterrence and chilling measures.",
    ),
  })
  .describe("What the run measures and writes.");

export const run = z
  .strictObject({
    days: withDefault(z.number().int().min(1).max(36_500), 365, "Simulated days; `--days` overrides it."),
    seed: withDefault(
      z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      1,
      "Random seed; `--seed` overrides it.",
    ),
    warmupDays: withDefault(
      z.number().int().min(0).max(36_500),
      0,
      "Days simulated before measurement starts.",
    ),
  })
  .describe("How long and with which seed the scenario runs by default.");
