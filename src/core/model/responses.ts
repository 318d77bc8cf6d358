import type { Scenario } from "../scenario/index.js";
import { flags, type Lookup } from "./lookup.js";
import type { ResponseTables } from "./model.js";

// The responses section compiled: which behaviours deterrence, chilling, gaming and distress change (their effect on
// the acts' rates is compiled with the channels, `channels.ts`), and the tables of distress and association.

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
  /** Distress: the affected behaviours' rate multiplier while a citizen is distressed. */
  distress: { multiplier: number; behaviours: Uint8Array } | undefined;
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
  const distress = responses.distress?.enabled ? responses.distress : undefined;
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
    distress: distress && {
      multiplier: distress.multiplier,
      behaviours: flags(B, distress.behaviours ?? [], behaviour, "responses.distress.behaviours"),
    },
  };
}

/**
 * Distress and association. Distress follows a denial, an ostracism refusal or a listing: with no list and no
 * sanction that can deny (`canDeny`), nobody is ever distressed, and the engine must not draw at the raised rate
 * only to thin it away.
 */
export function compileResponses(scenario: Scenario, canDeny: boolean): ResponseTables {
  const { responses } = scenario;
  const blacklistOn = scenario.blacklist?.enabled === true;
  const scoringOn = scenario.scoring?.enabled === true;
  const distress = responses.distress?.enabled ? responses.distress : undefined;
  const association =
    responses.association?.enabled && blacklistOn && scoringOn ? responses.association : undefined;
  return {
    distressDays: distress?.durationDays ?? 0,
    distressOn: distress !== undefined && (blacklistOn || canDeny),
    association: association !== undefined,
    associationContacts: association?.contacts ?? 0,
    associationPoints: association?.points ?? 0,
    associationEveryDays: association?.everyDays ?? 1,
    associationCap: associationCap(scenario.population.size),
  };
}
