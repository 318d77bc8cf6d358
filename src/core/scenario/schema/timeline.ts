import { z } from "zod";

// The timeline: changes to the scenario on given days (a roll-out, a rule tightened, a pass introduced and
// withdrawn). Each entry's `set` is read as `--set` is (dotted paths, list items by id or index); the scenario a
// change produces is validated as a whole, and what fixes the run's structure cannot change (see `timeline.ts`).

const change = z
  .strictObject({
    day: z
      .number()
      .int()
      .min(1)
      .max(36_500)
      .describe(
        "The simulated day from whose start the change applies, counted from 0 = the first simulated day (the " +
          "first warm-up day when `run.warmupDays` > 0): `day: 365` applies after 365 simulated days. Days " +
          "increase strictly from one change to the next; a change on or after the run's last day never applies.",
      ),
    set: z
      .record(z.string(), z.unknown())
      .describe(
        "Fields to change, as `--set` writes them: a dotted path (list items by id or index: " +
          "`sources.cctv.detection`) and its new value. Changes accumulate: each day's scenario is the file's " +
          "with every change up to that day applied.",
      ),
  })
  .describe("A change of the scenario from the start of a given day.");

export const timeline = z
  .array(change)
  .superRefine((changes, context) => {
    for (let k = 1; k < changes.length; k++) {
      // A day that is out of range is reported as such, once.
      if (changes[k].day > changes[k - 1].day || !(changes[k].day >= 1)) continue;
      context.addIssue({
        code: "custom",
        message: `a day after the previous change's (${changes[k - 1].day})`,
        path: [k, "day"],
        input: changes[k].day,
      });
    }
  })
  .describe(
    "Changes to the scenario on given days, in increasing order of day. Rates, detection, delays, points, " +
      "rules, sanctions and responses may change; the population, run, measurement, ids and whatever sets the " +
      "run's shape (which parts are on, how many behaviours, sources and rewards, the score's range, bands and " +
      "decay, behaviours' harm) may not (docs/MODEL.md §3.12).",
  );
