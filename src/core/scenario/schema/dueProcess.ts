import { z } from "zod";
import { days, enabled, id, multipliers, positive, probability, withDefault } from "./common.js";

export const dueProcess = z
  .strictObject({
    appeals: z
      .strictObject({
        enabled,
        probability: probability.describe("Probability that a citizen appeals when listed."),
        probabilityByIncome: multipliers("income band"),
        reviewDays: withDefault(days, 30, "Mean days before an appeal is reviewed (at most 10^6)."),
        errorDetection: probability.describe(
          "Probability that a review finds a wrong record (misattributed or spurious).",
        ),
        restoreRecord: withDefault(
          z.boolean(),
          true,
          "Whether a found error is removed from the record, with its points and any listing it caused.",
        ),
      })
      .optional()
      .describe("Appeals: who appeals, review delay, chance of finding an error, restoration."),
    repair: z
      .strictObject({
        enabled,
        behaviours: z
          .array(id)
          .min(1)
          .describe("Approved acts that repair credit (e.g. giving blood, charity)."),
        pointsMultiplier: withDefault(
          positive.max(1000),
          2,
          "Multiplier on those acts' points while the citizen's recorded score is below the initial mean (at most 1000).",
        ),
      })
      .optional()
      .describe("Credit repair through approved acts."),
  })
  .describe("Due process. Left out, records cannot be contested and credit cannot be repaired.");
