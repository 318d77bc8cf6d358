import { z } from "zod";
import { behaviours } from "./behaviours.js";
import { id, withDefault } from "./common.js";
import { consequences } from "./consequences.js";
import { dueProcess } from "./dueProcess.js";
import { population } from "./population.js";
import { responses } from "./responses.js";
import { measurement, run } from "./run.js";
import { blacklist, scoring } from "./scoring.js";
import { sources } from "./sources.js";
import { timeline } from "./timeline.js";

const reference = z.strictObject({
  id,
  cite: z.string().min(1).describe("Outlet, title and date, as a reader would look it up."),
  url: z.string().optional().describe("Where the source can be read."),
});

const provenance = z.strictObject({
  path: z
    .string()
    .min(1)
    .describe(
      "Dotted path of the parameter (list items by id: `sources.cctv.detection`); covers everything under it.",
    ),
  status: z
    .enum(["reported", "assumed"])
    .describe("`reported`: found in a public source; `assumed`: our estimate."),
  reference: id.optional().describe("Id of the reference a reported value comes from."),
  note: z.string().optional().describe("How the value was derived, or why it is assumed."),
});

/** The whole scenario file. Every part of the model is a section; a section left out has no effect. */
export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional().describe("Path or URL of this JSON Schema, for editors."),
    extends: z
      .string()
      .optional()
      .describe(
        "A scenario this one builds on (a built-in name or a path relative to this file). Its fields are laid " +
          "over the base's: mappings merge, `null` removes a part; lists of items merge by `id` (provenance by " +
          "`path`): an item with a base id changes the fields it writes, a new id is appended, `- ID: null` " +
          "removes that item; other lists and values replace.",
      ),
    name: id.describe("Short name of the scenario (the file's name without `.yaml`, by convention)."),
    title: withDefault(z.string(), "", "One line saying what the scenario represents."),
    description: withDefault(z.string(), "", "What the scenario represents and what it leaves out."),
    references: withDefault(z.array(reference), [], "The public sources the reported parameters come from."),
    provenance: withDefault(
      z.array(provenance),
      [],
      "Which parameters are reported (with their reference) and which are assumed.",
    ),
    population: withDefault(population, {}, "The synthetic population."),
    behaviours,
    sources,
    scoring: scoring.optional(),
    blacklist: blacklist.optional(),
    consequences: consequences.optional(),
    responses: withDefault(responses, {}, "Feedback from the apparatus to behaviour."),
    dueProcess: withDefault(dueProcess, {}, "Appeals and credit repair."),
    measurement: withDefault(measurement, {}, "What the run measures and writes."),
    run: withDefault(run, {}, "Default length and seed of a run."),
    // Optional without a default, so a scenario without one is written out (scenario.yaml) as before.
    timeline: timeline.optional(),
  })
  .describe("A controlocracy scenario: a social-scoring system and the synthetic population it runs over.");

/** A scenario as written in a file, before defaults. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated scenario with every default filled in. */
export type Scenario = z.output<typeof scenarioSchema>;
