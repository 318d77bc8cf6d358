import { summaryJsonSchema } from "../../core/metrics/index.js";
import { scenarioJsonSchema } from "../../core/scenario/index.js";
import { sweepJsonSchema } from "../../core/sweep/index.js";
import { UsageError } from "../errors.js";
import type { Io } from "../io.js";

/**
 * `controlocracy schema [--summary | --sweep]`: the JSON Schema of scenario files (for editors), of summary.json, or
 * of sweep files.
 */
export function schemaCommand(io: Io, options: { summary?: boolean; sweep?: boolean } = {}): number {
  if (options.summary && options.sweep) throw new UsageError("choose one of --summary and --sweep");
  const schema = options.summary
    ? summaryJsonSchema()
    : options.sweep
      ? sweepJsonSchema()
      : scenarioJsonSchema();
  io.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
  return 0;
}
