import type { Scenario } from "../scenario/index.js";
import { flags, type Lookup, multiplier } from "./lookup.js";
import type { DueProcessTables } from "./model.js";

// The due-process section compiled: credit repair (which needs scoring) and appeals (which need a list).

export function compileDueProcess(scenario: Scenario, behaviour: Lookup): DueProcessTables {
  const scoringOn = scenario.scoring?.enabled === true;
  const blacklistOn = scenario.blacklist?.enabled === true;
  const { repair: repairSection, appeals: appealsSection } = scenario.dueProcess;
  const repair = repairSection?.enabled && scoringOn ? repairSection : undefined;
  const repaired = flags(
    scenario.behaviours.length,
    repair?.behaviours ?? [],
    behaviour,
    "dueProcess.repair.behaviours",
  );
  const appeals = appealsSection?.enabled && blacklistOn ? appealsSection : undefined;
  return {
    repairMultiplier: Float64Array.from(repaired, (flag) => (repair && flag ? repair.pointsMultiplier : 1)),
    appeals: appeals !== undefined,
    appealProbability: Float64Array.from(scenario.population.incomeBands, (band) =>
      Math.min(1, (appeals?.probability ?? 0) * multiplier(appeals?.probabilityByIncome ?? {}, band.id)),
    ),
    reviewDays: appeals?.reviewDays ?? 0,
    errorDetection: appeals?.errorDetection ?? 0,
    restoreRecord: appeals?.restoreRecord ?? false,
  };
}
