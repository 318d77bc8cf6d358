import type { Scenario } from "../scenario/index.js";
import { flags, type Lookup } from "./lookup.js";
import { type BlacklistTables, SEVERITY_RANK } from "./model.js";

// The blacklist section compiled: who enters the list (score threshold, severity, behaviour, court), who leaves it,
// and what publicity does. With the list off, rules that never fire (thresholds at ±∞, no behaviours, no courts).

export function compileBlacklist(scenario: Scenario, behaviour: Lookup, source: Lookup): BlacklistTables {
  const scoringOn = scenario.scoring?.enabled === true;
  const blacklist = scenario.blacklist?.enabled === true ? scenario.blacklist : undefined;
  const B = scenario.behaviours.length;
  const courtSources = blacklist?.entry.courtSources ?? [];
  const courtBehaviour = new Uint8Array(B);
  for (const id of courtSources) {
    const s = source(id, "blacklist.entry.courtSources");
    if (!scenario.sources[s].enabled) continue;
    for (const observed of scenario.sources[s].observes)
      courtBehaviour[behaviour(observed, `sources[${s}].observes`)] = 1;
  }
  const publicListing = blacklist?.public?.enabled === true;
  return {
    blacklist: blacklist !== undefined,
    entryScoreBelow:
      scoringOn && blacklist?.entry.scoreBelow !== undefined
        ? blacklist.entry.scoreBelow
        : Number.NEGATIVE_INFINITY,
    entryScoreAtLeast:
      scoringOn && blacklist?.entry.scoreAtLeast !== undefined
        ? blacklist.entry.scoreAtLeast
        : Number.POSITIVE_INFINITY,
    entrySeverity: blacklist?.entry.severity !== undefined ? SEVERITY_RANK[blacklist.entry.severity] : 99,
    entryBehaviour: flags(B, blacklist?.entry.behaviours ?? [], behaviour, "blacklist.entry.behaviours"),
    courtSource: flags(scenario.sources.length, courtSources, source, "blacklist.entry.courtSources"),
    courtBehaviour,
    minimumDays: blacklist?.minimumDays ?? 0,
    exitScoreAtLeast:
      scoringOn && blacklist?.exit.scoreAtLeast !== undefined
        ? blacklist.exit.scoreAtLeast
        : Number.POSITIVE_INFINITY,
    exitScoreBelow:
      scoringOn && blacklist?.exit.scoreBelow !== undefined
        ? blacklist.exit.scoreBelow
        : Number.NEGATIVE_INFINITY,
    exitCompliance: flags(
      B,
      blacklist?.exit.complianceBehaviours ?? [],
      behaviour,
      "blacklist.exit.complianceBehaviours",
    ),
    exitComplianceBeforeMinimum: blacklist?.exit.complianceBeforeMinimum === true,
    exitMaximumDays: blacklist?.exit.maximumDays ?? Number.POSITIVE_INFINITY,
    publicListing,
    reach: publicListing ? (blacklist?.public?.reach ?? 0) : 0,
    ostracism: publicListing ? (blacklist?.public?.ostracism ?? 0) : 0,
  };
}
