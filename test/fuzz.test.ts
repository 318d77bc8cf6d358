// The fuzzer, kept: scenarios mutated from the built-ins (extreme numbers, wrong types, removed and nulled parts,
// duplicated list items) must either be refused by validation, located, or run — at a small size, cheaply, to a
// summary.json that honours its schema — and the scenario a run writes back must validate again. Fixed seed and a
// bounded number of cases, so the run is reproducible and its cost known.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { compileModel, estimateCost, simulate } from "../src/core/engine/index.js";
import { summarySchema } from "../src/core/metrics/index.js";
import { type PathSegment, parseScenario, type Scenario } from "../src/core/scenario/index.js";
import { checkRunCost } from "../src/node/cost.js";
import { UsageError } from "../src/node/errors.js";
import { runDirectoryFiles } from "../src/node/output/runFiles.js";
import { builtinDirectory, builtinNames } from "../src/node/scenarios.js";
import { cli } from "./node/cliHarness.js";

type Plain = Record<string, unknown>;

const builtins = new Map(
  builtinNames().map((name) => [name, readFileSync(join(builtinDirectory, `${name}.yaml`), "utf8")]),
);

/** The built-in as one self-contained object (its `extends` resolved by the parser, every default filled in). */
function resolved(name: string): Plain {
  const result = parseScenario(builtins.get(name) as string, {
    file: `${name}.yaml`,
    resolve: (parent) => {
      const text = builtins.get(parent);
      return text === undefined ? undefined : { text, file: `${parent}.yaml` };
    },
    known: [...builtins.keys()],
  });
  if (!result.ok) throw new Error(`built-in ${name} does not validate`);
  return JSON.parse(JSON.stringify(result.scenario)) as Plain;
}

const bases = [...builtins.keys()].map((name) => resolved(name));

function isContainer(value: unknown): value is Plain | unknown[] {
  return typeof value === "object" && value !== null;
}

/** Every path in the object, containers and leaves. */
function allPaths(root: unknown, prefix: PathSegment[] = []): PathSegment[][] {
  if (!isContainer(root)) return [];
  const entries: [PathSegment, unknown][] = Array.isArray(root)
    ? root.map((value, index) => [index, value])
    : Object.entries(root);
  return entries.flatMap(([key, value]) => {
    const path = [...prefix, key];
    return [path, ...allPaths(value, path)];
  });
}

function parentOf(root: unknown, path: readonly PathSegment[]): Record<PathSegment, unknown> {
  let node = root;
  for (const segment of path.slice(0, -1)) node = (node as Record<PathSegment, unknown>)[segment];
  return node as Record<PathSegment, unknown>;
}

const EXTREMES: unknown[] = [
  0,
  -1,
  1,
  0.5,
  2,
  1e-300,
  5e-324,
  1e6,
  1e9,
  1e12,
  1e300,
  1e308,
  -1e308,
  2 ** 53 + 2,
  "abc",
  true,
  null,
  [],
  {},
];

const NUMBERS = EXTREMES.filter((value) => typeof value === "number") as number[];

/** One mutation of a scenario: a leaf set to an extreme value, a part removed, or a list item duplicated. */
const mutation = fc.record({
  base: fc.nat({ max: bases.length - 1 }),
  edits: fc.array(
    fc.record({
      at: fc.nat(),
      kind: fc.constantFrom("number", "number", "number", "number", "set", "scale", "delete", "duplicate"),
      value: fc.constantFrom(...EXTREMES),
      factor: fc.constantFrom(0, 1e-6, 10, 1000, 1e6),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

function mutate({ base, edits }: Mutation): Plain {
  const scenario = structuredClone(bases[base]);
  for (const edit of edits) {
    const everywhere = allPaths(scenario).filter((path) => path[0] !== "name");
    // Most edits hit numbers, where the engine's limits are.
    const numbers = everywhere.filter(
      (path) => typeof parentOf(scenario, path)[path[path.length - 1]] === "number",
    );
    const paths = edit.kind === "number" || edit.kind === "scale" ? numbers : everywhere;
    if (paths.length === 0) break;
    const path = paths[edit.at % paths.length];
    const parent = parentOf(scenario, path);
    const key = path[path.length - 1];
    const current = parent[key];
    if (edit.kind === "number") parent[key] = NUMBERS[edit.at % NUMBERS.length];
    else if (edit.kind === "set") parent[key] = structuredClone(edit.value);
    else if (edit.kind === "scale" && typeof current === "number") parent[key] = current * edit.factor;
    else if (edit.kind === "delete") {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (edit.kind === "duplicate" && Array.isArray(parent)) parent.push(structuredClone(current));
  }
  // Small enough to run each case in well under a second.
  const population = (scenario.population ?? {}) as Plain;
  if (typeof population === "object" && population !== null) population.size = 300;
  scenario.run = { ...((scenario.run as Plain) ?? {}), days: 12, warmupDays: 0 };
  return scenario;
}

interface Mutation {
  base: number;
  edits: { at: number; kind: string; value: unknown; factor: number }[];
}

/** Every number in a JSON value is finite (JSON.stringify writes NaN and Infinity as null). */
function nonFinite(value: unknown, path = ""): string[] {
  if (typeof value === "number") return Number.isFinite(value) ? [] : [path];
  if (!isContainer(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => nonFinite(child, `${path}.${key}`));
}

function parse(text: string) {
  return parseScenario(text, { file: "fuzz.yaml", known: [...builtins.keys()] });
}

describe("scenarios mutated from the built-ins (fast-check, seed 2020)", () => {
  it("either fail validation with located issues, or run to a finite summary.json and a scenario.yaml that validates", () => {
    let ran = 0;
    let refused = 0;
    fc.assert(
      fc.property(mutation, (input) => {
        const text = YAML.stringify(mutate(input as Mutation));
        const result = parse(text);
        if (!result.ok) {
          refused++;
          expect(result.issues.length).toBeGreaterThan(0);
          for (const issue of result.issues) expect(issue.path).toBeDefined();
          return;
        }
        const scenario: Scenario = result.scenario;
        // A run the estimate refuses is refused before it starts (exit 2): that is an answer too.
        try {
          checkRunCost([scenario], { maxMemory: 8 * 1024 ** 3, maxEvents: undefined, threads: 1 });
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
          refused++;
          return;
        }
        const estimated = estimateCost(compileModel(scenario)).events;
        const { summary, simulation } = simulate(scenario);
        ran++;
        // Within the estimated cost: events drawn (acts, spurious records, requests) near their expectation.
        const requests = Object.values(summary.denied).reduce((total, entry) => total + entry.requests, 0);
        const drawn = summary.acts.true + summary.acts.spurious + requests;
        expect(drawn).toBeLessThanOrEqual(2 * estimated + 2000);
        expect(summarySchema.safeParse(summary).success).toBe(true);
        expect(nonFinite(summary)).toEqual([]);
        // What a run writes back is the scenario as run: it must validate again, to the same scenario.
        const written = runDirectoryFiles(
          scenario,
          { summary, series: [], scoreBins: [], trajectories: [], story: undefined },
          { version: "test", node: "", startedAt: "", wallSeconds: 0, threads: 1, actsPerSecond: 0 },
          "",
          [],
        )["scenario.yaml"] as string;
        const again = parse(written);
        expect(again.ok ? [] : again.issues.map((issue) => issue.code)).toEqual([]);
        if (again.ok) expect(again.scenario).toEqual(scenario);
        expect(simulation.model.days).toBe(12);
      }),
      { seed: 2020, numRuns: 150 },
    );
    // Both sides of the property were exercised.
    expect(ran).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  }, 240_000);
});

describe("the CLI on mutated scenarios", () => {
  it("validate exits 0 or 2, and a scenario that validates runs to exit 0 or is refused before it starts (2)", async () => {
    const cases = fc.sample(mutation, { seed: 7, numRuns: 12 }) as Mutation[];
    for (const input of cases) {
      const text = YAML.stringify(mutate(input));
      const file = join(process.env.TMPDIR ?? "", `fuzz-${cases.indexOf(input)}.yaml`);
      writeFileSync(file, text);
      const validated = await cli(["validate", file]);
      expect([0, 2]).toContain(validated.code);
      if (validated.code !== 0) continue;
      const run = await cli(["run", file, "--threads", "1", "--out", `${file}.run`, "--json"]);
      expect([0, 2], run.stderr).toContain(run.code);
      expect(run.stderr).not.toContain("internal error");
    }
  }, 240_000);
});
