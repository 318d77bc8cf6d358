import { z } from "zod";
import { period, withDefault } from "./common.js";

/** `run.days` when a scenario does not say: one year. */
export const DEFAULT_RUN_DAYS = 365;
/**
 * The most days a run may simulate, its warm-up included (`run.warmupDays` + `run.days`, each at most 36,500):
 * the engine's schedules hold 16-bit days (`NextDays`), with one value kept for "none".
 */
export const MAX_SIMULATED_DAYS = 65_534;

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
    days: withDefault(
      z.number().int().min(1).max(36_500),
      DEFAULT_RUN_DAYS,
      "Simulated days; `--days` overrides it.",
    ),
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
