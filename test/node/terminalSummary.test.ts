import { describe, expect, test } from "vitest";
import { createStyle } from "../../src/node/style.js";
import { formatSummary } from "../../src/node/terminalSummary.js";
import { runFixture } from "./report/fixtures.js";

const { summary, labels } = runFixture();

describe("formatSummary()", () => {
  test("formatSummary() states the wrongly listed now (1 − precision) beside the listings wrongful when made, explains its words and names report.html", () => {
    const text = formatSummary(summary, { wallSeconds: 2, directory: "runs/x", labels }, createStyle(false));
    expect(text).toMatchInlineSnapshot(`
      "china-2020 · seed 8 · 20,000 citizens · 365 days · 2.0 s (285,895 acts/s)

      measure                                   value
      acts                                      571,790 true · 369,279 recorded (1,720 misattributed, 9,175 spurious)
      listed now                                76 (0.38% of citizens) · 76 ever
      wrongly listed now                        5 of the 76 (6.6%) — the truth would not list them on the last day (1 − precision)
      wrongful listings                         6 of the 76 made over the run (7.9%) — wrong on the day they were made
      precision / recall                        93.4% · 26.4% (on the last day)
      listing rate by group                     Majority 0.374% · Minorities 0.441% · ratio 0.85 (passes the four-fifths rule)
      denied: Air tickets                       27 of 11,616 requests (5 wrongly)
      denied: High-speed rail tickets           86 of 57,216 requests (9 wrongly)
      denied: Loans                             8 of 6,109 requests (0 wrongly)
      denied: Public-sector jobs                6 of 1,929 requests (0 wrongly)
      denied: Children's private-school places  1 of 753 requests (0 wrongly)

      acts           what citizens really did (true) and what the apparatus's sources recorded of them
      misattributed  a record of someone else's act pinned on a citizen (a false match); spurious: an act that never happened
      wrongful       a listing the truth (the rules applied to what the citizen really did) would not make that day
      precision      of those listed on the last day, the share the truth would list too
      recall         of those the truth would list on the last day, the share the system lists

      runs/x/report.html: the full report (open it in a browser): charts, one synthetic citizen's story, every number
      written to runs/x/"
    `);
  });

  test("formatSummary() without labels names things by their ids", () => {
    const text = formatSummary(summary, { wallSeconds: 2 }, createStyle(false));
    expect(text).toContain("denied: rail ticket");
    expect(text).toContain("majority 0.374%");
    expect(text).not.toContain("report.html");
  });
});
