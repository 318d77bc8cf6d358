import { scenarioJsonSchema } from "../../core/scenario/index.js";
import type { Io } from "../io.js";

/** `controlocracy schema`: the JSON Schema of scenario files, for editors and other validators. */
export function schemaCommand(io: Io): number {
  io.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  return 0;
}
