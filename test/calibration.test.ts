import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// The calibration script's own measure: china-2020 as the file stands, on the scenario's seed, after the warm-up.
// @ts-expect-error — a plain ES module without types (scripts/calibrate.js)
import { measure, WARM_UP_DAYS } from "../scripts/calibrate.js";

/**
 * The calibration runs 250,000 citizens; the test runs the same scenario, seed and six-year warm-up at 100,000, in
 * two-fifths of the time. At that size each measure is an estimate with a sampling error, so each target of
 * docs/CALIBRATION.md is widened by Z of its standard errors on each side (Z = 3: a fair model fails about 1 time
 * in 370 per side, while a listed share more than a fifth off the target (0.32–0.48%) still fails):
 * - the listed share's binomial standard error at the target share, √(0.004 × 0.996 / 100,000) = 0.0002;
 * - air-ticket denials per listed person-year: denials counted as Poisson over the run's listed person-years (about
 *   1,900 at this size), so the standard error at a rate r is √(r / person-years), taken at each end of the range.
 */
const CITIZENS = 100_000;
const Z = 3;
const LISTED_TARGET = 0.004;
const LISTED_TOLERANCE = 0.0002;
const AIR_RANGE = [0.6, 1.5];

describe("china-2020's calibration (docs/CALIBRATION.md)", () => {
  it("lists about 0.4% of its citizens at the end of 2019 and blocks 0.6–1.5 air tickets per listed person-year (at 100,000 citizens, within 3 standard errors)", async () => {
    const result = await measure([], CITIZENS);
    // The targets of docs/CALIBRATION.md (sources there); the tolerance on the share is the calibration's own.
    const shareError = Math.sqrt((LISTED_TARGET * (1 - LISTED_TARGET)) / CITIZENS);
    expect(shareError).toBeCloseTo(0.0002, 5);
    expect(result.listedShare).toBeGreaterThanOrEqual(LISTED_TARGET - LISTED_TOLERANCE - Z * shareError);
    expect(result.listedShare).toBeLessThanOrEqual(LISTED_TARGET + LISTED_TOLERANCE + Z * shareError);
    const airError = (rate: number) => Math.sqrt(rate / result.listedPersonYears);
    expect(result.listedPersonYears).toBeGreaterThan(1000);
    expect(result.airPerListedYear).toBeGreaterThanOrEqual(AIR_RANGE[0] - Z * airError(AIR_RANGE[0]));
    expect(result.airPerListedYear).toBeLessThanOrEqual(AIR_RANGE[1] + Z * airError(AIR_RANGE[1]));
  }, 600_000);

  it("is measured over the warm-up that docs/CALIBRATION.md states", () => {
    const document = readFileSync("docs/CALIBRATION.md", "utf8");
    expect(document).toContain(`at 250,000 citizens for ${WARM_UP_DAYS} days (six years`);
  });
});
