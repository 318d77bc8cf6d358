import { summaryJsonSchema } from "../../core/metrics/index.js";
import { scenarioJsonSchema } from "../../core/scenario/index.js";
import type { Io } from "../io.js";

/** `controlocracy schema [--summary]`: the JSON Schema of scenario files (for editors), or of summary.json. */
export function schemaCommand(io: Io, options: { summary?: boolean } = {}): number {
  const schema = options.summary ? summaryJsonSchema() : scenarioJsonSchema();
  io.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
  return 0;
}
