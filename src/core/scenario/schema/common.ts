import { z } from "zod";
import { isReservedName } from "../plain.js";

// Building blocks shared by every section of the scenario schema. Each helper that gives a default also writes
// that default into the field's description, so `controlocracy schema` and editors show it.

/** An identifier: lowercase letters, digits and hyphens, starting with a letter (`drunk-driving`, `cctv`). */
export const id = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, "an identifier of lowercase letters, digits and hyphens")
  // Ids name list items in paths and keys in mappings, where these names would reach an object's prototype.
  .refine((value) => !isReservedName(value), "an identifier other than prototype or constructor")
  .describe(
    "An identifier: lowercase letters, digits and hyphens, starting with a letter (not prototype or constructor).",
  );

export const probability = z.number().min(0).max(1);
export const nonNegative = z.number().min(0);
export const positive = z.number().gt(0);

// Bounds the engine can honour. Each keeps its arithmetic finite and exact where it must be; the sum of a citizen's
// daily rates, after every multiplier, is checked against the Poisson sampler's 2^52 across fields (references.ts).

/** Acts, records, requests or uses per citizen per year: 10^6 is about 2,700 a day. */
export const MAX_RATE = 1e6;
/** A multiplier of a rate, a detection or a weight: products of four stay far from overflow. */
export const MAX_MULTIPLIER = 1e6;
/**
 * A number of days (a delay, a duration, a period): a day plus this stays far inside the engine's 32-bit day
 * columns. Runs last at most 36,500 days, so a larger value would mean the same as 10^6 (never, in any run).
 */
export const MAX_DAYS = 1_000_000;
/** A score, a threshold, points, a harm or a value: sums over billions of acts stay finite. */
export const MAX_MAGNITUDE = 1e9;

/** Behaviours a scenario may have: a record names its behaviour in 12 bits (`state/buffers.ts`). */
export const MAX_BEHAVIOURS = 4094;
/** Sources a scenario may have: a record's sequence numbers its act's sources below 256 (event × 256 + source). */
export const MAX_SOURCES = 255;

/** Events per citizen per year (a Poisson rate), from 0 to `MAX_RATE`. */
export const yearlyRate = nonNegative.max(MAX_RATE);
/** Days, from 0 to `MAX_DAYS` (10^6). */
export const days = nonNegative.max(MAX_DAYS);
/** Whole days, from 1 to `MAX_DAYS`. */
export const period = z.number().int().min(1).max(MAX_DAYS);
/** A score-scale number (a score, a threshold, points), from −10^9 to 10^9. */
export const magnitude = z.number().min(-MAX_MAGNITUDE).max(MAX_MAGNITUDE);

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
    z.record(id, nonNegative.max(MAX_MULTIPLIER)),
    {},
    `Multipliers by ${of} id (each from 0 to 10^6); an id left out gets 1.`,
  );
}

/** A share of the population: a named part with the fraction of citizens in it. */
export const share = z
  .number()
  .min(0)
  .max(1)
  .describe("Fraction of citizens, from 0 to 1; the list sums to 1.");
