import { z } from "zod";
import { days, enabled, id, magnitude, period, probability, withDefault } from "./common.js";

/** The citizen's state at the start of a day that a `byState` rule reads; every condition given must hold. */
const stateCondition = z
  .strictObject({
    listed: z.boolean().optional().describe("Listed on the record (true) or not (false)."),
    sanctioned: z
      .boolean()
      .optional()
      .describe(
        "Denied an opportunity, or refused by ostracism, within the sanction window (`sanctionDays`, or " +
          "`distress.durationDays` when distress is on) — the sanctions suffered.",
      ),
    distressed: z.boolean().optional().describe("Listed or sanctioned (what `distress` reads)."),
    categories: z
      .array(z.string())
      .optional()
      .describe("The recorded score's category (decayed to the day) is one of these."),
    bands: z.array(id).optional().describe("The recorded score's band (decayed to the day) is one of these."),
  })
  .describe("When the rule applies: every condition given must hold; `{}` holds always.");

const stateRule = z
  .strictObject({
    behaviours: z.array(id).min(1).describe("Behaviours whose rates the rule multiplies."),
    when: stateCondition,
    multiplier: z
      .number()
      .min(0)
      .max(1e6)
      .describe(
        "Rate multiplier while the condition holds, from 0 to 10^6 (0: the behaviour stops in that state; a " +
          "citizen's daily rates, at the largest product its state can reach, must stay below 2^52 together).",
      ),
  })
  .describe(
    "A state-dependent rate: the behaviours' rates × multiplier while the citizen's state matches `when`.",
  );

const behaviourList = (what: string) =>
  z.array(id).optional().describe(`Behaviours affected; ${what} when absent.`);

/** An association penalty when a scenario does not set it: points a day per listed contact, and how often. */
export const ASSOCIATION_DEFAULTS = { points: -5, everyDays: 30 } as const;

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
        "Distress: sanctions raise the rates of defaults and absences — the feedback loop that traps. The same as " +
          "a `byState` rule `{ behaviours, when: { distressed: true }, multiplier }`, with durationDays as how long " +
          "a sanction counts.",
      ),
    byState: z
      .array(stateRule)
      .optional()
      .describe(
        "Rates that depend on the citizen's state at the start of each day (listed, sanctioned, the recorded " +
          "score's band or category): the rules that match multiply a behaviour's rate. A behaviour that happens " +
          "only while listed (complying, paying a judgment): `{ behaviours: [pay], when: { listed: false }, " +
          "multiplier: 0 }`.",
      ),
    sanctionDays: days
      .optional()
      .describe(
        "Days after a denial or an ostracism refusal during which a citizen counts as `sanctioned` in `byState` " +
          "rules (default 90); with distress on, its `durationDays` is that window and this field is refused.",
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
        points: withDefault(
          magnitude,
          ASSOCIATION_DEFAULTS.points,
          "Points per day applied to a citizen for each listed contact.",
        ),
        everyDays: withDefault(
          period,
          ASSOCIATION_DEFAULTS.everyDays,
          "How often association penalties are assessed.",
        ),
      })
      .optional()
      .describe("Association: contacts of a listed citizen lose points."),
  })
  .describe("How citizens respond to the apparatus (feedback). Each response left out has no effect.");
