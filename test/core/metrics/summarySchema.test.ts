import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { simulate } from "../../../src/core/engine/index.js";
import { summaryJsonSchema, summarySchema } from "../../../src/core/metrics/index.js";
import { loadScenario } from "../../../src/node/scenarios.js";
import { cli } from "../../node/cliHarness.js";

describe("summarySchema", () => {
  const summaries = [
    simulate(
      loadScenario("china-2020", ["population.size=3000", "run.days=60", "measurement.pairedBaseline=true"]),
    ).summary,
    simulate(loadScenario("no-system", ["population.size=2000", "run.days=30"])).summary,
  ];

  it("accepts real summaries (china-2020 with a paired baseline, no-system) and nothing more", () => {
    for (const summary of summaries) expect(summarySchema.safeParse(summary).error).toBeUndefined();
    expect(summarySchema.safeParse({ ...summaries[0], extra: 1 }).success).toBe(false);
  });

  it("as JSON Schema (docs/summary.schema.json) validates the same summaries", () => {
    const validate = new Ajv2020({ strict: false }).compile(summaryJsonSchema());
    for (const summary of summaries)
      expect(validate(JSON.parse(JSON.stringify(summary))), JSON.stringify(validate.errors)).toBe(true);
  });

  it("is what docs/summary.schema.json holds (regenerate: controlocracy schema --summary > docs/summary.schema.json)", async () => {
    expect(readFileSync("docs/summary.schema.json", "utf8")).toBe(
      (await cli(["schema", "--summary"])).stdout,
    );
  });
});
