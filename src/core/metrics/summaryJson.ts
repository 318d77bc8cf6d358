import type { Summary } from "./summary.js";

/**
 * A summary as the run directory's `summary.json` holds it: two-space JSON and a final newline. The same summary
 * gives the same bytes wherever it is written (the CLI, a browser).
 */
export function summaryJson(summary: Summary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
