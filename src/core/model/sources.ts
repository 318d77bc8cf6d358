import type { Scenario } from "../scenario/index.js";
import { type CellLayout, forEachCell } from "./cells.js";
import { type Lookup, multiplier } from "./lookup.js";
import type { SourceTables } from "./model.js";

// The sources section compiled: detection per cell, the observers of each behaviour, misattribution, spurious records'
// behaviours and delays. Sources switched off detect nothing and observe nothing.

export function compileSources(scenario: Scenario, layout: CellLayout, behaviour: Lookup): SourceTables {
  const { regions, groups, incomeBands } = scenario.population;
  const { cells } = layout;
  const G = layout.groups;
  const S = scenario.sources.length;
  const detection = new Float64Array(S * cells);
  const misattributionRate = new Float64Array(S);
  const misattributionSameRegion = new Uint8Array(S);
  const victimWeight = new Float64Array(S * G).fill(1);
  const delayDays = new Float64Array(S);
  const delayExponential = new Uint8Array(S);
  const spuriousBehaviours: Uint16Array[] = [];
  const observerLists: number[][] = scenario.behaviours.map(() => []);
  scenario.sources.forEach((source, s) => {
    const where = `sources[${s}]`;
    const spuriousField = source.spurious?.behaviours ? "spurious.behaviours" : "observes";
    spuriousBehaviours.push(
      Uint16Array.from(source.spurious?.behaviours ?? source.observes, (id) =>
        behaviour(id, `${where}.${spuriousField}`),
      ),
    );
    delayDays[s] = source.delay.days;
    delayExponential[s] = source.delay.distribution === "exponential" ? 1 : 0;
    if (!source.enabled) return;
    for (const id of source.observes) observerLists[behaviour(id, `${where}.observes`)].push(s);
    forEachCell(layout, (cell, r, g, i) => {
      const coverage = source.coverage === "regional" ? regions[r].surveillance : 1;
      const p =
        source.detection *
        coverage *
        multiplier(source.detectionByGroup, groups[g].id) *
        multiplier(source.detectionByIncome, incomeBands[i].id);
      detection[s * cells + cell] = Math.min(1, p);
    });
    const misattribution = source.misattribution;
    if (misattribution?.enabled) {
      misattributionRate[s] = misattribution.rate;
      misattributionSameRegion[s] = misattribution.sameRegion ? 1 : 0;
      for (let g = 0; g < G; g++)
        victimWeight[s * G + g] = multiplier(misattribution.victimWeightByGroup, groups[g].id);
    }
  });
  return {
    sources: S,
    observers: observerLists.map((list) => Uint8Array.from(list)),
    detection,
    misattributionRate,
    misattributionSameRegion,
    victimWeight,
    spuriousBehaviours,
    delayDays,
    delayExponential,
    delayRate: Float64Array.from(delayDays, (days) => (days > 0 ? Math.log1p(1 / days) : 0)),
  };
}

/** Perceived surveillance of behaviour `b` in `cell`: the chance that at least one source records an act of it. */
export function perceivedSurveillance(sources: SourceTables, cells: number, b: number, cell: number): number {
  let unseen = 1;
  for (const s of sources.observers[b]) unseen *= 1 - sources.detection[s * cells + cell];
  return 1 - unseen;
}
