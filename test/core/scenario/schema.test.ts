import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { scenarioJsonSchema } from "../../../src/core/scenario/index.js";
import { builtinNames, parseScenarioSource, resolveScenario } from "../../../src/node/scenarios.js";
import { cli } from "../../node/cliHarness.js";

describe("scenarioJsonSchema()", () => {
  const schema = scenarioJsonSchema();

  it("validates every built-in scenario file", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    for (const name of builtinNames()) {
      const document = parse(readFileSync(resolveScenario(name).path, "utf8"));
      const valid = validate(document);
      expect({ name, errors: valid ? null : validate.errors }).toEqual({ name, errors: null });
    }
  });

  it("rejects a file with an unknown key and a probability above 1", () => {
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate({ name: "x", sources: [{ id: "a", observes: ["b"], detection: 2 }], oops: 1 })).toBe(
      false,
    );
  });

  it("states every default in the field's description", () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (Array.isArray(node)) {
        for (const [i, item] of node.entries()) walk(item, `${path}[${i}]`);
      }
      if (typeof node !== "object" || node === null) return;
      const record = node as Record<string, unknown>;
      if ("default" in record && !String(record.description ?? "").includes("Default:")) missing.push(path);
      for (const [key, value] of Object.entries(record)) if (key !== "default") walk(value, `${path}.${key}`);
    };
    walk(schema, "schema");
    expect(missing).toEqual([]);
  });

  it("is what docs/scenario.schema.json holds (regenerate: controlocracy schema > docs/scenario.schema.json)", async () => {
    const printed = (await cli(["schema"])).stdout;
    expect(readFileSync("docs/scenario.schema.json", "utf8")).toBe(printed);
  });
});

describe("built-in scenarios", () => {
  it.each(builtinNames())("%s validates", (name) => {
    const result = parseScenarioSource(resolveScenario(name));
    expect(result.issues).toEqual([]);
  });

  it("include the default, china-2020, and its baseline, no-system", () => {
    expect(builtinNames()).toEqual(expect.arrayContaining(["china-2020", "no-system"]));
  });
});
