import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sweepJsonSchema } from "../../../src/core/sweep/index.js";
import { cli } from "../../node/cliHarness.js";

const EXAMPLES = ["sweeps/ishigami-sobol.yaml", "sweeps/china-2020-morris.yaml"];

describe("sweepJsonSchema()", () => {
  const schema = sweepJsonSchema();

  it("validates the example sweep files", () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    for (const file of EXAMPLES) {
      const valid = validate(parse(readFileSync(file, "utf8")));
      expect({ file, errors: valid ? null : validate.errors }).toEqual({ file, errors: null });
    }
  });

  it("rejects an unknown key, both a scenario and a model, and a parameter with both a range and levels", () => {
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const sweep = {
      scenario: "china-2020",
      parameters: [{ path: "a", range: [0, 1] }],
      design: { kind: "lhs", samples: 10 },
      measures: ["recall"],
    };
    expect(validate(sweep)).toBe(true);
    expect(validate({ ...sweep, replicate: 2 })).toBe(false);
    expect(validate({ ...sweep, model: "ishigami" })).toBe(false);
    expect(validate({ ...sweep, parameters: [{ path: "a", range: [0, 1], levels: [1, 2] }] })).toBe(false);
    expect(validate({ ...sweep, design: { kind: "lhs", n: 64 } })).toBe(false);
  });

  it("states every default in the field's description", () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (typeof node !== "object" || node === null) return;
      const record = node as Record<string, unknown>;
      if ("default" in record && !String(record.description ?? "").includes("Default:")) missing.push(path);
      for (const [key, value] of Object.entries(record)) if (key !== "default") walk(value, `${path}.${key}`);
    };
    walk(schema, "schema");
    expect(missing).toEqual([]);
  });

  it("is what docs/sweep.schema.json holds (regenerate: controlocracy schema --sweep > docs/sweep.schema.json)", async () => {
    const printed = await cli(["schema", "--sweep"]);
    expect(printed.code).toBe(0);
    expect(readFileSync("docs/sweep.schema.json", "utf8")).toBe(printed.stdout);
  });

  it("is printed by schema --sweep alone: with --summary too, the command is refused", async () => {
    const both = await cli(["schema", "--sweep", "--summary"]);
    expect([both.code, both.stdout, both.stderr]).toEqual([2, "", "✖ choose one of --summary and --sweep\n"]);
  });
});
