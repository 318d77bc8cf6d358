import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ComparisonReport, RunReport, SweepReport } from "../../report/types.js";

/**
 * The report's code, loaded when a report is written: its static charts draw with Vega and Vega-Lite, which take
 * most of a second to load, and a command that writes no report (validate, a sweep's status) need not.
 */
const reportCode = () => import("../../report/index.js");

/** The browser bundles a report inlines, in load order: each defines a global the next one uses. */
const BUNDLES = [
  { name: "vega", file: "vega.min.js" },
  { name: "vega-lite", file: "vega-lite.min.js" },
  { name: "vega-embed", file: "vega-embed.min.js" },
] as const;

let cached: string[] | undefined;

/**
 * The minified `vega`, `vega-lite` and `vega-embed` browser bundles (UMD: they set `vega`, `vegaLite` and
 * `vegaEmbed` on the page), read once from `node_modules/<package>/build/`.
 */
export function chartLibraries(): string[] {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    // Each package's entry point lives in its `build/` folder, next to the browser bundle.
    cached = BUNDLES.map(({ name, file }) =>
      readFileSync(join(dirname(require.resolve(name)), file), "utf8"),
    );
  }
  return cached;
}

/** A run's `report.html`, with the chart libraries read from `node_modules`. */
export async function renderRunReport(report: RunReport): Promise<string> {
  return (await reportCode()).renderRunReport(report, chartLibraries());
}

/** A comparison's `report.html`, with the chart libraries read from `node_modules`. */
export async function renderComparisonReport(report: ComparisonReport): Promise<string> {
  return (await reportCode()).renderComparisonReport(report, chartLibraries());
}

/** A sweep's `report.html`, with the chart libraries read from `node_modules`. */
export async function renderSweepReport(report: SweepReport): Promise<string> {
  return (await reportCode()).renderSweepReport(report, chartLibraries());
}
