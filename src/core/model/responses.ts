import type { Scenario } from "../scenario/index.js";
import { flags, type Lookup } from "./lookup.js";
import type { ResponseTables } from "./model.js";

// The responses section compiled: which behaviours deterrence, chilling and gaming change (their effect on the acts'
// rates is compiled with the channels, `channels.ts`; distress and `byState`, which depend on the citizen's state, in
// `states.ts`), the sanction window and the tables of association.

/** A response that is on, with the behaviours it changes (a flag per behaviour). */
export interface ActResponse {
  strength: number;
  behaviours: Uint8Array;
}

/** The responses that change the acts' rates; each undefined when off. */
export interface ActResponses {
  deterrence: ActResponse | undefined;
  chilling: ActResponse | undefined;
  gaming: ActResponse | undefined;
  /** The largest points of a gamed behaviour (gaming scales with a behaviour's share of it). */
  maxGamedPoints: number;
}

/**
 * Most association penalties one association day may create, for a population of `size`: one for every two
 * citizens (2.5% listed with 20 contacts each), and at least 2^19 (20 MiB). china-2020 creates about 0.08 a citizen (0.4% listed × 20
 * contacts); a run that needs more stops with a `CostError` rather than outgrow the memory its estimate allowed.
 */
export function associationCap(size: number): number {
  return Math.max(2 ** 19, Math.ceil(size / 2));
}

/**
 * The responses that change the acts' rates, with the behaviours each changes: those it lists, or by default
 * deterrence the penalised illegitimate behaviours, chilling the legitimate ones, gaming the visible rewarded ones.
 * `points` are the behaviours' compiled points (0 with scoring off).
 */
export function compileActResponses(
  scenario: Scenario,
  points: Float64Array,
  behaviour: Lookup,
): ActResponses {
  const { behaviours, responses } = scenario;
  const B = behaviours.length;
  const chosen = (
    response: { behaviours?: string[] } | undefined,
    name: string,
    fallback: (b: number) => boolean,
  ) =>
    response?.behaviours
      ? flags(B, response.behaviours, behaviour, `responses.${name}.behaviours`)
      : Uint8Array.from(behaviours, (_, b) => (fallback(b) ? 1 : 0));

  const deterrence = responses.deterrence?.enabled ? responses.deterrence : undefined;
  const chilling = responses.chilling?.enabled ? responses.chilling : undefined;
  const gaming =
    responses.gaming?.enabled && scenario.scoring?.enabled === true ? responses.gaming : undefined;
  // Deterrence reads the points the rules declare, so it works with scoring off (the watched still fear a record).
  const deterred = chosen(
    deterrence,
    "deterrence",
    (b) => behaviours[b].points < 0 && !behaviours[b].legitimate,
  );
  const chilled = chosen(chilling, "chilling", (b) => behaviours[b].legitimate);
  const gamed = chosen(gaming, "gaming", (b) => behaviours[b].visible && points[b] > 0);
  let maxGamedPoints = 0;
  for (let b = 0; b < B; b++) if (gamed[b] && points[b] > maxGamedPoints) maxGamedPoints = points[b];
  return {
    deterrence: deterrence && { strength: deterrence.strength, behaviours: deterred },
    chilling: chilling && { strength: chilling.strength, behaviours: chilled },
    gaming: gaming && { strength: gaming.strength, behaviours: gamed },
    maxGamedPoints,
  };
}

/** Days a sanctioned citizen counts as sanctioned when no distress sets the window (`responses.sanctionDays`). */
export const DEFAULT_SANCTION_DAYS = 90;

/**
 * The sanction window and association. The window is distress's `durationDays`; without distress, `sanctionDays`
 * when a `byState` rule reads `sanctioned` or `distressed`; else 0 (a denial leaves no state behind).
 */
export function compileResponses(scenario: Scenario): ResponseTables {
  const { responses } = scenario;
  const blacklistOn = scenario.blacklist?.enabled === true;
  const scoringOn = scenario.scoring?.enabled === true;
  const distress = responses.distress?.enabled ? responses.distress : undefined;
  const readsSanctions = (responses.byState ?? []).some(
    (rule) => rule.when.sanctioned !== undefined || rule.when.distressed !== undefined,
  );
  const association =
    responses.association?.enabled && blacklistOn && scoringOn ? responses.association : undefined;
  return {
    distressDays:
      distress?.durationDays ?? (readsSanctions ? (responses.sanctionDays ?? DEFAULT_SANCTION_DAYS) : 0),
    association: association !== undefined,
    associationContacts: association?.contacts ?? 0,
    associationPoints: association?.points ?? 0,
    associationEveryDays: association?.everyDays ?? 1,
    associationCap: associationCap(scenario.population.size),
  };
}
