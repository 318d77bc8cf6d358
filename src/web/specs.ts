import type { TopLevelSpec } from "vega-lite";
import {
  blacklistSpec,
  impactRatioSpec,
  type Layout,
  listingRateSpec,
  meanScoresSpec,
  recordsSpec,
  refusalsSpec,
  storySpec,
} from "../report/chartSpecs.js";

// The report's Vega-Lite specs the page draws, by key. vite.config.ts compiles them to Vega when it builds the page
// (the module `virtual:compiled-charts`), so the page carries Vega alone, not Vega-Lite's compiler.

/** The story chart's key: its spec leaves out the layers a story has no data for. */
export function storyKey(has: { periods: boolean; marks: boolean }): string {
  return `story${has.periods ? "+periods" : ""}${has.marks ? "+marks" : ""}`;
}

export const SPECS: Record<string, (layout: Layout) => TopLevelSpec> = {
  blacklist: blacklistSpec,
  scores: meanScoresSpec,
  records: recordsSpec,
  refusals: refusalsSpec,
  groups: listingRateSpec,
  ratio: impactRatioSpec,
  ...Object.fromEntries(
    [false, true].flatMap((periods) =>
      [false, true].map((marks) => [
        storyKey({ periods, marks }),
        (layout: Layout) => storySpec({ periods, marks }, layout),
      ]),
    ),
  ),
};

/** A spec as the page draws it: laid out again at each drawing (axis labels grow with the data), no ARIA per mark. */
export function forThePage(spec: TopLevelSpec): TopLevelSpec {
  return {
    ...spec,
    autosize: { type: "pad", resize: true },
    config: { ...spec.config, aria: false },
  } as TopLevelSpec;
}
