import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// The calibration script's own measure: china-2020 as the file stands, on the scenario's seed, after the warm-up.
// @ts-expect-error — a plain ES module without types (scripts/calibrate.js)
import { measure, WARM_UP_DAYS } from "../scripts/calibrate.js";

describe("china-2020's calibration (docs/CALIBRATION.md)", () => {
  it("lists about 0.4% of 250,000 citizens at the end of 2019 and blocks 0.6–1.5 air tickets per listed person-year", async () => {
    const result = await measure([]);
    // The targets of docs/CALIBRATION.md (sources there); the tolerance on the share is the calibration's own.
    expect(result.listedShare).toBeGreaterThanOrEqual(0.0038);
    expect(result.listedShare).toBeLessThanOrEqual(0.0042);
    expect(result.airPerListedYear).toBeGreaterThanOrEqual(0.6);
    expect(result.airPerListedYear).toBeLessThanOrEqual(1.5);
  }, 600_000);

  it("is measured over the warm-up that docs/CALIBRATION.md states", () => {
    const document = readFileSync("docs/CALIBRATION.md", "utf8");
    expect(document).toContain(`at 250,000 citizens for ${WARM_UP_DAYS} days (six years`);
  });
});
