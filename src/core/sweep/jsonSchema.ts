import { z } from "zod";
import { sweepFileSchema } from "./schema.js";

/**
 * The JSON Schema (draft 2020-12) of sweep files, as written: defaults are shown, not required. The checks across
 * fields (a range's order, a Sobol N that is a power of two, distinct paths, …) are the validator's.
 */
export function sweepJsonSchema(): Record<string, unknown> {
  const { $schema, ...schema } = z.toJSONSchema(sweepFileSchema, {
    io: "input",
    target: "draft-2020-12",
  }) as Record<string, unknown>;
  return { $schema, ...schema, title: "controlocracy sweep" };
}
