import { z } from "zod";
import { days, enabled, id, magnitude, period, probability, withDefault } from "./common.js";

const behaviourList = (what: string) =>
  z.array(id).optional().describe(`Behaviours affected; ${what} when absent.`);

export const responses = z
  .strictObject({
    deterrence: z
      .strictObject({
        enabled,
        strength: probability.describe(
          "Negative acts' rate is multiplied by 1 − strength × perceived surveillance (the citizen's detection).",
        ),
        behaviours: behaviourList("every behaviour with negative points that is not `legitimate`"),
      })
      .optional()
      .describe("Deterrence: perceived surveillance lowers negative acts."),
    chilling: z
      .strictObject({
        enabled,
        strength: probability.describe(
          "Legitimate acts' rate is multiplied by 1 − strength × perceived surveillance.",
        ),
        behaviours: behaviourList("every behaviour marked `legitimate`"),
      })
      .optional()
      .describe("Chilling: surveillance also lowers lawful acts a source might flag."),
    gaming: z
      .strictObject({
        enabled,
        strength: z
          .number()
          .min(0)
          .max(1000)
          .describe(
            "Visible rewarded acts' rate is multiplied by 1 + strength × (points / max points of a visible act); " +
              "from 0 to 1000.",
          ),
        behaviours: behaviourList("every behaviour marked `visible` with positive points"),
      })
      .optional()
      .describe("Gaming: visible rewarded acts rise beyond genuine ones (counted apart from genuine acts)."),
    distress: z
      .strictObject({
        enabled,
        multiplier: withDefault(
          z.number().min(1).max(1000),
          1.5,
          "Rate multiplier of the affected behaviours while a citizen is listed, or for durationDays after a denial " +
            "(from 1 to 1000; it multiplies their daily rates, which must stay below 2^52 together).",
        ),
        durationDays: withDefault(days, 90, "Days a denial keeps raising the rates after it happened."),
        behaviours: z
          .array(id)
          .min(1)
          .describe("Behaviours whose rates distress raises (defaults, absences)."),
      })
      .optional()
      .describe(
        "Distress: sanctions raise the rates of defaults and absences — the feedback loop that traps.",
      ),
    association: z
      .strictObject({
        enabled,
        contacts: withDefault(
          z.number().int().min(0).max(1_000_000),
          20,
          "Contacts per citizen in the implicit social graph (derived from a hash, not stored), at most 10^6: a " +
            "citizen's contacts are drawn into a buffer of this length.",
        ),
        points: withDefault(magnitude, -5, "Points per day applied to a citizen for each listed contact."),
        everyDays: withDefault(period, 30, "How often association penalties are assessed."),
      })
      .optional()
      .describe("Association: contacts of a listed citizen lose points."),
  })
  .describe("How citizens respond to the apparatus (feedback). Each response left out has no effect.");
