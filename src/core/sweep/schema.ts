import { z } from "zod";
import { id, withDefault } from "../scenario/schema/common.js";
import { MAX_POPULATION } from "../scenario/schema/population.js";

// The sweep file as a user writes it. Checks across fields (exactly one of scenario or model, a range's order, a
// Sobol N that is a power of two, a grid's size, …) are in checks.ts; parse.ts turns a valid file into a SweepSpec.

/** The most parameters a sweep varies. */
export const MAX_PARAMETERS = 64;
/** The most points a grid may have: the product of its values per parameter. */
export const MAX_GRID_POINTS = 100_000;
/** The most days a run lasts (a scenario's `run.days`). */
const MAX_RUN_DAYS = 36_500;

/** A dotted path as `--set` names it: no empty step, no blank. */
const dottedPath = z
  .string()
  .regex(/^[^.\s]+(\.[^.\s]+)*$/, "a dotted path as --set names it (sources.cctv.detection)");

const normal = z
  .strictObject({
    mean: z.number().describe("The mean."),
    sd: z.number().gt(0).describe("The standard deviation, > 0."),
  })
  .describe("A normal distribution: value = mean + sd · Φ⁻¹(u).");

const triangular = z
  .strictObject({
    low: z.number().describe("The least value."),
    mode: z.number().describe("The most likely value, from low to high."),
    high: z.number().describe("The greatest value, above low."),
  })
  .describe("A triangular distribution on [low, high] peaking at mode (low ≤ mode ≤ high, low < high).");

const distribution = z
  .strictObject({ normal: normal.optional(), triangular: triangular.optional() })
  .meta({ oneOf: [{ required: ["normal"] }, { required: ["triangular"] }] })
  .describe("The parameter's distribution: exactly one of normal or triangular.");

export const parameterSchema = z
  .strictObject({
    path: dottedPath.describe(
      "The scenario field the parameter sets, as `--set` names it (`sources.cctv.detection`, list items by id); " +
        "`x1`, `x2`, … in order for a test function.",
    ),
    name: z
      .string()
      .min(1)
      .optional()
      .describe("A short name for tables and charts, distinct from the others'. Default: the path."),
    range: z
      .tuple([z.number(), z.number()])
      .optional()
      .describe("[low, high], low < high: values uniform between them (uniform in log with `scale: log`)."),
    scale: withDefault(
      z.enum(["linear", "log"]),
      "linear",
      "With a range only: `log` draws the value uniformly in log, low · (high / low)^u (then low > 0).",
    ),
    integer: withDefault(
      z.boolean(),
      false,
      "With a range or a distribution: rounds each value to the nearest integer (Math.round).",
    ),
    levels: z
      .array(z.unknown())
      .min(2)
      .optional()
      .describe(
        "At least 2 distinct values, equally likely (any plain YAML value: numbers, text, true/false, lists).",
      ),
    distribution: distribution.optional(),
  })
  .meta({ oneOf: [{ required: ["range"] }, { required: ["levels"] }, { required: ["distribution"] }] })
  .describe("A parameter the sweep varies: exactly one of range, levels or distribution.");

const grid = z.strictObject({
  kind: z
    .literal("grid")
    .describe("Every combination of values: levels as listed, `points` values of each range."),
  points: z
    .number()
    .int()
    .min(2)
    .max(101)
    .describe(
      "Values of each range (evenly spaced, ends included) or distribution (quantiles at (k + 0.5) / points); " +
        "the grid has at most 100,000 points in all.",
    ),
});

const lhs = z.strictObject({
  kind: z
    .literal("lhs")
    .describe("A Latin hypercube: each parameter's range cut into `samples` equal strata."),
  samples: z.number().int().min(2).max(100_000).describe("Points of the design."),
});

const sobol = z.strictObject({
  kind: z
    .literal("sobol")
    .describe("Saltelli's scheme on a Sobol sequence: N(d + 2) points, N(2d + 2) with second order."),
  n: z.number().int().min(2).max(65_536).describe("N, the base samples: a power of two from 2 to 65536."),
  secondOrder: withDefault(
    z.boolean(),
    false,
    "Also estimate second-order indices (each pair of parameters).",
  ),
});

const morris = z.strictObject({
  kind: z
    .literal("morris")
    .describe("Morris's elementary effects: r trajectories of d + 1 points on a p-level grid."),
  trajectories: z.number().int().min(2).max(10_000).describe("r, the trajectories."),
  levels: withDefault(
    z.number().int().min(2).max(100),
    4,
    "p, the grid's levels: an even number from 2 to 100.",
  ),
});

const design = z
  .discriminatedUnion("kind", [grid, lhs, sobol, morris])
  .describe("How the points are chosen: exactly one kind, with its size.");

const ishigami = z.strictObject({
  function: z
    .literal("ishigami")
    .describe("Ishigami's function of x1, x2, x3: sin x1 + a sin² x2 + b x3⁴ sin x1."),
  a: withDefault(z.number(), 7, "The a of Ishigami's function."),
  b: withDefault(z.number(), 0.1, "The b of Ishigami's function."),
});

const gFunction = z.strictObject({
  function: z
    .literal("g-function")
    .describe("Sobol's G-function of x1 … xd: ∏ (|4 xi − 2| + ai) / (1 + ai)."),
  a: z
    .array(z.number().min(0))
    .min(1)
    .describe("The a of each input (each ≥ 0; a small a makes its input important); d is their number."),
});

/** The test functions a sweep can run instead of a scenario. */
export const TEST_FUNCTIONS = ["ishigami", "g-function"] as const;

const model = z
  // The mapping first: of a mapping whose function is misspelt, the function is reported, not the mapping.
  .union([z.discriminatedUnion("function", [ishigami, gFunction]), z.enum(TEST_FUNCTIONS)])
  .describe(
    "A test function with known indices, run instead of a scenario: `ishigami` (a = 7, b = 0.1), " +
      "`{ function: ishigami, a, b }` or `{ function: g-function, a: [...] }`.",
  );

const measure = z.union([
  z
    .string()
    .regex(
      /^[^.@\s]+(\.[^.@\s]+)*$/,
      "a main measure's id or a dotted summary.json path (a series on a day is { series: listed, day: 365 })",
    )
    .describe(
      "A main measure of `compare` (`wrongfulShare`) or the path of a numeric field of summary.json.",
    ),
  z
    .strictObject({
      series: z.string().min(1).describe("A measure of the daily series (`listed`, `wrongfullyListed`, …)."),
      day: z.number().int().min(0).max(MAX_RUN_DAYS).describe("The day (from 0) whose value is taken."),
    })
    .describe("A daily series' value on one day; its id is `series@day`."),
]);

/** The whole sweep file. */
export const sweepFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe("Path or URL of this JSON Schema, for editors."),
    name: id.optional().describe("Short name of the sweep. Default: the file's name without `.yaml`."),
    title: z.string().optional().describe("One line saying what the sweep asks."),
    scenario: z
      .string()
      .min(1)
      .optional()
      .describe("The scenario every run starts from: a built-in name or a path relative to this file."),
    model: model.optional(),
    set: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Overrides of the scenario, `PATH: VALUE` as `--set` names them (scenario only)."),
    population: z
      .number()
      .int()
      .min(1)
      .max(MAX_POPULATION)
      .optional()
      .describe("Citizens of every run (scenario only). Default: the scenario's."),
    days: z
      .number()
      .int()
      .min(1)
      .max(MAX_RUN_DAYS)
      .optional()
      .describe("Simulated days of every run (scenario only). Default: the scenario's."),
    seed: withDefault(
      z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      1,
      "The sweep's seed: every point's replicate r runs on the same seed, derived from it (common random numbers).",
    ),
    replicates: withDefault(z.number().int().min(1).max(1000), 1, "Runs of each point, on different seeds."),
    parameters: z
      .array(parameterSchema)
      .min(1)
      .meta({ maxItems: MAX_PARAMETERS })
      .describe("The parameters varied, 1 to 64, each setting a distinct path."),
    design,
    measures: z
      .array(measure)
      .min(1)
      .optional()
      .describe("What each run measures, each once (required with a scenario). Default with a model: [y]."),
    resamples: withDefault(
      z.number().int().min(100).max(100_000),
      1000,
      "Bootstrap resamples for the indices' 95% intervals.",
    ),
  })
  .meta({ oneOf: [{ required: ["scenario"] }, { required: ["model"] }] })
  .describe(
    "A controlocracy sweep: a scenario or test function run over a designed set of parameter values.",
  );

/** A sweep file as written. */
export type SweepFileInput = z.input<typeof sweepFileSchema>;
/** A sweep file with its defaults filled in, before the checks across fields. */
export type SweepFile = z.output<typeof sweepFileSchema>;
