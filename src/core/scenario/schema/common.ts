import { z } from "zod";

// Building blocks shared by every section of the scenario schema. Each helper that gives a default also writes
// that default into the field's description, so `controlocracy schema` and editors show it.

/** An identifier: lowercase letters, digits and hyphens, starting with a letter (`drunk-driving`, `cctv`). */
export const id = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, "an identifier of lowercase letters, digits and hyphens")
  .describe("An identifier: lowercase letters, digits and hyphens, starting with a letter.");

export const probability = z.number().min(0).max(1);
export const nonNegative = z.number().min(0);
export const positive = z.number().gt(0);

/** Adds a default (parsed like any input, so nested defaults fill in) and states it in the description. */
export function withDefault<T extends z.ZodType>(schema: T, value: z.input<T>, description: string) {
  return schema.prefault(value as never).describe(`${description} Default: ${JSON.stringify(value)}.`);
}

/** A switch every optional mechanism carries, so `--set responses.gaming.enabled=false` turns one off. */
export const enabled = withDefault(
  z.boolean(),
  true,
  "Whether this mechanism runs. Leaving the whole section out also switches it off.",
);

/**
 * Multipliers keyed by the ids of one population dimension (`groups`, `regions`, `incomeBands`, `ageBands`);
 * an id left out gets 1.
 */
export function multipliers(of: string) {
  return withDefault(
    z.record(id, nonNegative),
    {},
    `Multipliers by ${of} id (each ≥ 0); an id left out gets 1.`,
  );
}

/** A share of the population: a named part with the fraction of citizens in it. */
export const share = z
  .number()
  .min(0)
  .max(1)
  .describe("Fraction of citizens, from 0 to 1; the list sums to 1.");
