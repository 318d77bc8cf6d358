import type { Scenario } from "../scenario/index.js";
import { type BehaviourTables, SEVERITY_RANK } from "./model.js";

// The behaviours section compiled: per behaviour, in scenario order, its points, harm, severity and legitimacy.
// Their rates are compiled with the channels (`channels.ts`), where the citizens' responses change them.

export function compileBehaviours(scenario: Scenario): BehaviourTables {
  const scoringOn = scenario.scoring?.enabled === true;
  const { behaviours } = scenario;
  return {
    behaviours: behaviours.length,
    points: Float64Array.from(behaviours, (behaviour) => (scoringOn ? behaviour.points : 0)),
    harm: Float64Array.from(behaviours, (behaviour) => behaviour.harm),
    severity: Uint8Array.from(behaviours, (behaviour) => SEVERITY_RANK[behaviour.severity]),
    legitimate: Uint8Array.from(behaviours, (behaviour) => (behaviour.legitimate ? 1 : 0)),
  };
}
