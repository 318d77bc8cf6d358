import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain JavaScript script, shared with the command that records the fixture.
import { digestAll } from "../scripts/record-digests.js";

/**
 * Behaviour must not change under a refactor: every file the nine scenarios write at 5,000 citizens × 400 days, for
 * seeds 1 and 2, has the SHA-256 recorded in test/fixtures/digests.json (run.json and report.html excepted: they hold
 * the time and the machine). Re-record with `node scripts/record-digests.js` only when a change means to alter outputs.
 */
describe("output digests", () => {
  it("every scenario writes the recorded bytes for seeds 1 (one thread) and 2 (two threads)", async () => {
    const fixture = JSON.parse(readFileSync(new URL("fixtures/digests.json", import.meta.url), "utf8"));
    const digests = await digestAll();
    expect(Object.keys(digests)).toHaveLength(18);
    expect(digests).toEqual(fixture.digests);
  }, 600_000);
});
