import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  formatIssues,
  type ParseResult,
  parseScenario,
  type ScenarioIssue,
} from "../../../src/core/scenario/index.js";

// A corpus of malformed scenarios, one class of mistake each, with the full text of every message locked. The
// fixtures live in test/fixtures/invalid; each test names the file it reads.

const fixtures = new URL("../../fixtures/", import.meta.url);

function read(relative: string): string {
  return readFileSync(new URL(relative, fixtures), "utf8");
}

/** Where an issue points: a line and column in the file, or the override it came from. */
function hasLocation(issue: ScenarioIssue): boolean {
  if (issue.at?.override !== undefined) return true;
  return issue.at?.file !== undefined && issue.at.line !== undefined && issue.at.column !== undefined;
}

/** Parses `test/fixtures/invalid/NAME.yaml`, checks it fails with located issues, and formats them. */
function invalid(name: string, overrides: string[] = []): string {
  const file = `test/fixtures/invalid/${name}.yaml`;
  const result: ParseResult = parseScenario(read(`invalid/${name}.yaml`), { file, overrides });
  expect(result.ok).toBe(false);
  expect(result.issues.length).toBeGreaterThan(0);
  for (const issue of result.issues) expect(hasLocation(issue), JSON.stringify(issue)).toBe(true);
  return formatIssues(result.issues);
}

describe("the valid minimal fixture", () => {
  it("parseScenario() accepts test/fixtures/valid/minimal.yaml and fills in the defaults", () => {
    const result = parseScenario(read("valid/minimal.yaml"), { file: "test/fixtures/valid/minimal.yaml" });
    expect(result.issues).toEqual([]);
    if (!result.ok) return;
    const { scenario } = result;
    expect(scenario.name).toBe("minimal");
    expect(scenario.population.size).toBe(1000);
    expect(scenario.population.groups.map((group) => group.id)).toEqual(["majority", "minority"]);
    // Defaults written nowhere in the file.
    expect(scenario.behaviours[0].rateByRegion).toEqual({});
    expect(scenario.behaviours[2].severity).toBe("minor");
    expect(scenario.behaviours[0].legitimate).toBe(false);
    expect(scenario.sources[0].enabled).toBe(true);
    expect(scenario.sources[0].misattribution?.sameRegion).toBe(true);
    expect(scenario.sources[0].spurious?.enabled).toBe(true);
    expect(scenario.sources[1].kind).toBe("bank");
    expect(scenario.sources[1].coverage).toBe("uniform");
    expect(scenario.sources[1].delay).toEqual({ days: 30, distribution: "fixed" });
    expect(scenario.sources[1].misattribution).toBeUndefined();
    expect(scenario.scoring?.decay).toEqual({ enabled: true, halfLifeDays: 365 });
    expect(scenario.blacklist?.entry.courtSources).toEqual([]);
    expect(scenario.blacklist?.exit.maximumDays).toBeUndefined();
    expect(scenario.blacklist?.public?.enabled).toBe(true);
    expect(scenario.consequences?.opportunities[0].deniedTo?.scoreBelow).toBeUndefined();
    expect(scenario.responses.distress).toEqual({
      enabled: true,
      multiplier: 1.5,
      durationDays: 90,
      behaviours: ["debt-default"],
    });
    expect(scenario.responses.association).toEqual({
      enabled: true,
      contacts: 10,
      points: -5,
      everyDays: 30,
    });
    expect(scenario.dueProcess.appeals?.reviewDays).toBe(30);
    expect(scenario.dueProcess.appeals?.restoreRecord).toBe(true);
    expect(scenario.dueProcess.repair?.pointsMultiplier).toBe(2);
    expect(scenario.measurement).toEqual({
      trappedAfterDays: 180,
      trajectories: 10,
      seriesEveryDays: 1,
      pairedBaseline: false,
    });
    expect(scenario.run).toEqual({ days: 90, seed: 7, warmupDays: 0 });
  });
});

describe("YAML syntax", () => {
  it("parseScenario() reports a badly indented key as invalid YAML with its line and column", () => {
    expect(invalid("01-yaml-bad-indentation")).toMatchInlineSnapshot(`
      "✖ invalid YAML: nested mappings are not allowed in compact mappings
        → at test/fixtures/invalid/01-yaml-bad-indentation.yaml:4:11"
    `);
  });

  it("parseScenario() reports an unclosed flow list as invalid YAML", () => {
    expect(invalid("02-yaml-unclosed-flow-list")).toMatchInlineSnapshot(`
      "✖ invalid YAML: flow sequence in block collection must be sufficiently indented and end with a ]
        → at test/fixtures/invalid/02-yaml-unclosed-flow-list.yaml:8:5"
    `);
  });

  it("parseScenario() reports a duplicate key at the second occurrence", () => {
    expect(invalid("03-yaml-duplicate-key")).toMatchInlineSnapshot(`
      "✖ invalid YAML: map keys must be unique
        → at test/fixtures/invalid/03-yaml-duplicate-key.yaml:5:5"
    `);
  });

  it("parseScenario() reports tab indentation at the tab", () => {
    expect(invalid("04-yaml-tab-indentation")).toMatchInlineSnapshot(`
      "✖ invalid YAML: tabs are not allowed as indentation
        → at test/fixtures/invalid/04-yaml-tab-indentation.yaml:4:1"
    `);
  });

  it("parseScenario() reports a top-level list instead of a mapping", () => {
    expect(invalid("05-top-level-list")).toMatchInlineSnapshot(`
      "✖ expected a mapping of scenario fields (name: …, population: …), received a list of 2
        → at (the top level) (test/fixtures/invalid/05-top-level-list.yaml:1:1)"
    `);
  });

  it("parseScenario() reports an empty file as missing its name", () => {
    expect(invalid("06-empty-file")).toMatchInlineSnapshot(`
      "✖ missing required field "name": expected an identifier of lowercase letters, digits and hyphens
        → at name (test/fixtures/invalid/06-empty-file.yaml:1:1)"
    `);
  });
});

describe("missing fields", () => {
  it("parseScenario() reports a missing name at the top of the file", () => {
    expect(invalid("07-missing-name")).toMatchInlineSnapshot(`
      "✖ missing required field "name": expected an identifier of lowercase letters, digits and hyphens
        → at name (test/fixtures/invalid/07-missing-name.yaml:1:1)"
    `);
  });

  it("parseScenario() reports a behaviour without a rate at that behaviour", () => {
    expect(invalid("08-missing-behaviour-rate")).toMatchInlineSnapshot(`
      "✖ missing required field "rate": expected a number from 0 to 1000000
        → at behaviours[0].rate (test/fixtures/invalid/08-missing-behaviour-rate.yaml:3:5)"
    `);
  });

  it("parseScenario() reports a source without a detection probability", () => {
    expect(invalid("09-missing-source-detection")).toMatchInlineSnapshot(`
      "✖ missing required field "detection": expected a number from 0 to 1
        → at sources[0].detection (test/fixtures/invalid/09-missing-source-detection.yaml:6:5)"
    `);
  });

  it("parseScenario() reports a scoring section without a range", () => {
    expect(invalid("10-missing-scoring-range")).toMatchInlineSnapshot(`
      "✖ missing required field "range": expected a mapping with min and max
        → at scoring.range (test/fixtures/invalid/10-missing-scoring-range.yaml:2:1)"
    `);
  });
});

describe("wrong types", () => {
  it("parseScenario() reports a text where a number is expected, quoting the text", () => {
    expect(invalid("11-string-for-number")).toMatchInlineSnapshot(`
      "✖ expected a number from 0 to 1000000, received "twice a year"
        → at behaviours[0].rate (test/fixtures/invalid/11-string-for-number.yaml:4:11)"
    `);
  });

  it("parseScenario() reports lists where mappings are expected, at two depths", () => {
    expect(invalid("12-list-for-mapping")).toMatchInlineSnapshot(`
      "✖ expected a mapping, received a list of 2
        → at behaviours[0].rateByGroup (test/fixtures/invalid/12-list-for-mapping.yaml:5:18)
      ✖ expected a mapping with range and initial, received a list of 1
        → at scoring (test/fixtures/invalid/12-list-for-mapping.yaml:7:3)"
    `);
  });

  it("parseScenario() reports a number where true or false is expected", () => {
    expect(invalid("13-number-for-boolean")).toMatchInlineSnapshot(`
      "✖ expected true or false, received 1
        → at behaviours[0].legitimate (test/fixtures/invalid/13-number-for-boolean.yaml:5:17)"
    `);
  });
});

describe("numbers out of range", () => {
  it("parseScenario() reports a probability above 1 with its line and column", () => {
    expect(invalid("14-detection-above-one")).toMatchInlineSnapshot(`
      "✖ expected a number from 0 to 1, received 1.5
        → at sources[0].detection (test/fixtures/invalid/14-detection-above-one.yaml:8:16)"
    `);
  });

  it("parseScenario() reports a negative misattribution rate as a probability below 0", () => {
    expect(invalid("15-misattribution-rate-negative")).toMatchInlineSnapshot(`
      "✖ expected a number from 0 to 1, received -0.1
        → at sources[0].misattribution.rate (test/fixtures/invalid/15-misattribution-rate-negative.yaml:10:13)"
    `);
  });

  it("parseScenario() reports a negative behaviour rate", () => {
    expect(invalid("16-negative-rate")).toMatchInlineSnapshot(`
      "✖ expected a number from 0 to 1000000, received -2
        → at behaviours[0].rate (test/fixtures/invalid/16-negative-rate.yaml:4:11)"
    `);
  });

  it("parseScenario() reports a population size that is not an integer", () => {
    expect(invalid("17-population-size-not-integer")).toMatchInlineSnapshot(`
      "✖ expected an integer from 1 to 2147483647, received 1000.5
        → at population.size (test/fixtures/invalid/17-population-size-not-integer.yaml:3:9)"
    `);
  });

  it("parseScenario() reports the empty population (size 0)", () => {
    expect(invalid("18-population-size-zero")).toMatchInlineSnapshot(`
      "✖ expected an integer from 1 to 2147483647, received 0
        → at population.size (test/fixtures/invalid/18-population-size-zero.yaml:3:9)"
    `);
  });

  it("parseScenario() reports an empty list of regions", () => {
    expect(invalid("19-empty-regions")).toMatchInlineSnapshot(`
      "✖ expected a list of at least 1 item, received an empty list
        → at population.regions (test/fixtures/invalid/19-empty-regions.yaml:3:12)"
    `);
  });
});

describe("shares", () => {
  it("parseScenario() reports group shares that sum to more than 1, with the sum", () => {
    expect(invalid("20-group-shares-sum")).toMatchInlineSnapshot(`
      "✖ shares must sum to 1, but they sum to 1.1
        → at population.groups (test/fixtures/invalid/20-group-shares-sum.yaml:4:5)"
    `);
  });

  it("parseScenario() reports region shares that sum to less than 1, with the sum", () => {
    expect(invalid("21-region-shares-sum")).toMatchInlineSnapshot(`
      "✖ shares must sum to 1, but they sum to 0.8
        → at population.regions (test/fixtures/invalid/21-region-shares-sum.yaml:4:5)"
    `);
  });

  it("parseScenario() reports income shares within a group that do not sum to 1", () => {
    expect(invalid("22-income-share-by-group-sum")).toMatchInlineSnapshot(`
      "✖ shares must sum to 1, but they sum to 1.1
        → at population.incomeShareByGroup.minority (test/fixtures/invalid/22-income-share-by-group-sum.yaml:15:7)"
    `);
  });
});

describe("unknown fields and values", () => {
  it("parseScenario() reports unknown fields at several depths with a did-you-mean", () => {
    expect(invalid("23-unknown-keys-did-you-mean")).toMatchInlineSnapshot(`
      "✖ unknown field "behaviour"; did you mean "behaviours"?
        → at behaviour (test/fixtures/invalid/23-unknown-keys-did-you-mean.yaml:2:1)
      ✖ unknown behaviour "jaywalking": no behaviour is defined
        → at sources[0].observes[0] (test/fixtures/invalid/23-unknown-keys-did-you-mean.yaml:7:16)
      ✖ unknown field "detecton"; did you mean "detection"?
        → at sources[0].detecton (test/fixtures/invalid/23-unknown-keys-did-you-mean.yaml:9:5)
      ✖ unknown field "rates"; did you mean "rate"?
        → at sources[0].misattribution.rates (test/fixtures/invalid/23-unknown-keys-did-you-mean.yaml:11:7)"
    `);
  });

  it("parseScenario() lists the known fields when an unknown field is close to none", () => {
    expect(invalid("24-unknown-key-no-match")).toMatchInlineSnapshot(`
      "✖ unknown field "weather"; known fields: size, regions, groups, incomeBands, ageBands, groupShareByRegion, incomeShareByGroup, propensity
        → at population.weather (test/fixtures/invalid/24-unknown-key-no-match.yaml:4:3)"
    `);
  });

  it("parseScenario() reports unknown severity, coverage and delay distribution with a suggestion", () => {
    expect(invalid("25-unknown-enum-values")).toMatchInlineSnapshot(`
      "✖ expected one of "minor", "moderate", "serious", "severe", received "serius"; did you mean "serious"?
        → at behaviours[0].severity (test/fixtures/invalid/25-unknown-enum-values.yaml:5:15)
      ✖ expected one of "uniform", "regional", received "region"; did you mean "regional"?
        → at sources[0].coverage (test/fixtures/invalid/25-unknown-enum-values.yaml:10:15)
      ✖ expected one of "fixed", "exponential", received "exponentail"; did you mean "exponential"?
        → at sources[0].delay.distribution (test/fixtures/invalid/25-unknown-enum-values.yaml:13:21)"
    `);
  });

  it("parseScenario() reports an unknown numeric key at that key", () => {
    expect(invalid("44-numeric-key")).toMatchInlineSnapshot(`
      "✖ unknown field "2020"; known fields: size, regions, groups, incomeBands, ageBands, groupShareByRegion, incomeShareByGroup, propensity
        → at population["2020"] (test/fixtures/invalid/44-numeric-key.yaml:4:3)"
    `);
  });
});

describe("identifiers and references", () => {
  it("parseScenario() reports ids that are not lowercase identifiers", () => {
    expect(invalid("26-bad-id-format")).toMatchInlineSnapshot(`
      "✖ expected an identifier of lowercase letters, digits and hyphens, received "Bad_Name"
        → at name (test/fixtures/invalid/26-bad-id-format.yaml:1:7)
      ✖ expected an identifier of lowercase letters, digits and hyphens, received "Jay Walking"
        → at behaviours[0].id (test/fixtures/invalid/26-bad-id-format.yaml:3:9)
      ✖ expected an identifier of lowercase letters, digits and hyphens, received "2fast"
        → at behaviours[1].id (test/fixtures/invalid/26-bad-id-format.yaml:5:9)"
    `);
  });

  it("parseScenario() reports duplicate ids at the second occurrence", () => {
    expect(invalid("27-duplicate-ids")).toMatchInlineSnapshot(`
      "✖ duplicate id "jaywalking": ids must be unique within a list
        → at behaviours[1].id (test/fixtures/invalid/27-duplicate-ids.yaml:5:9)
      ✖ duplicate id "cctv": ids must be unique within a list
        → at sources[1].id (test/fixtures/invalid/27-duplicate-ids.yaml:11:9)"
    `);
  });

  it("parseScenario() reports undefined behaviours and sources, naming the defined ones", () => {
    expect(invalid("28-undefined-behaviour-and-source")).toMatchInlineSnapshot(`
      "✖ unknown behaviour "jaywalk"; did you mean "jaywalking"? known: jaywalking, debt-default
        → at sources[0].observes[0] (test/fixtures/invalid/28-undefined-behaviour-and-source.yaml:9:16)
      ✖ unknown behaviour "littering"; known: jaywalking, debt-default
        → at sources[0].observes[1] (test/fixtures/invalid/28-undefined-behaviour-and-source.yaml:9:25)
      ✖ unknown source "court"; known: cctv
        → at blacklist.entry.courtSources[0] (test/fixtures/invalid/28-undefined-behaviour-and-source.yaml:13:20)"
    `);
  });

  it("parseScenario() reports undefined groups and regions, naming the defined ones", () => {
    expect(invalid("29-undefined-group-and-region")).toMatchInlineSnapshot(`
      "✖ unknown region "north"; known: east, west
        → at population.groupShareByRegion.north (test/fixtures/invalid/29-undefined-group-and-region.yaml:14:5)
      ✖ unknown group "minorty"; did you mean "minority"? known: majority, minority
        → at behaviours[0].rateByGroup.minorty (test/fixtures/invalid/29-undefined-group-and-region.yaml:21:7)
      ✖ unknown region "south"; known: east, west
        → at behaviours[0].rateByRegion.south (test/fixtures/invalid/29-undefined-group-and-region.yaml:23:7)"
    `);
  });

  it("parseScenario() reports an undefined income band and category, naming the defined ones", () => {
    expect(invalid("30-undefined-income-band-and-category")).toMatchInlineSnapshot(`
      "✖ unknown income band "middle"; known: low, high
        → at consequences.opportunities[0].rateByIncome.middle (test/fixtures/invalid/30-undefined-income-band-and-category.yaml:19:9)
      ✖ unknown category "poor"; known: bad, good
        → at consequences.opportunities[0].deniedTo.categories[0] (test/fixtures/invalid/30-undefined-income-band-and-category.yaml:21:22)"
    `);
  });

  it("parseScenario() reports a spurious behaviour the source does not observe", () => {
    expect(invalid("31-spurious-not-observed")).toMatchInlineSnapshot(`
      "✖ behaviour "littering" is not observed by this source; observed: jaywalking
        → at sources[0].spurious.behaviours[0] (test/fixtures/invalid/31-spurious-not-observed.yaml:13:20)"
    `);
  });

  it("parseScenario() reports a provenance path and a reference that name nothing", () => {
    expect(invalid("45-provenance-unknown-path")).toMatchInlineSnapshot(`
      "✖ unknown item "cctvv" in parameter path "sources.cctvv.detection"; did you mean "cctv"? known: cctv
        → at provenance[0].path (test/fixtures/invalid/45-provenance-unknown-path.yaml:13:11)
      ✖ unknown reference "reprot"; did you mean "report"? known: report
        → at provenance[1].reference (test/fixtures/invalid/45-provenance-unknown-path.yaml:18:16)"
    `);
  });
});

describe("scoring", () => {
  it("parseScenario() reports overlapping bands, naming both", () => {
    expect(invalid("32-bands-overlap")).toMatchInlineSnapshot(`
      "✖ score bands overlap: "high" [500, 1000) overlaps "low" [0, 600)
        → at scoring.bands[1] (test/fixtures/invalid/32-bands-overlap.yaml:7:7)"
    `);
  });

  it("parseScenario() reports a gap between bands, with the scores that fall in it", () => {
    expect(invalid("33-bands-gap")).toMatchInlineSnapshot(`
      "✖ score bands leave a gap: scores from 600 to 700 fall between "low" and "high"
        → at scoring.bands[1] (test/fixtures/invalid/33-bands-gap.yaml:7:7)"
    `);
  });

  it("parseScenario() reports bands that do not reach either end of the range", () => {
    expect(invalid("34-bands-do-not-cover-range")).toMatchInlineSnapshot(`
      "✖ score bands must cover scoring.range exactly: the lowest band starts at 100, the range at 0
        → at scoring.bands[0].min (test/fixtures/invalid/34-bands-do-not-cover-range.yaml:6:23)
      ✖ score bands must cover scoring.range exactly: the highest band ends at 950, the range at 1000
        → at scoring.bands[1].max (test/fixtures/invalid/34-bands-do-not-cover-range.yaml:7:34)"
    `);
  });

  it("parseScenario() reports a range whose min is not below its max", () => {
    expect(invalid("35-range-min-not-below-max")).toMatchInlineSnapshot(`
      "✖ min must be below max, but min 1000 ≥ max 0
        → at scoring.range (test/fixtures/invalid/35-range-min-not-below-max.yaml:4:5)"
    `);
  });

  it("parseScenario() reports an initial mean outside the range", () => {
    expect(invalid("36-initial-mean-outside-range")).toMatchInlineSnapshot(`
      "✖ expected a score within scoring.range, from 350 to 950, received 1000
        → at scoring.initial.mean (test/fixtures/invalid/36-initial-mean-outside-range.yaml:5:11)"
    `);
  });
});

describe("sections that need other sections", () => {
  it("parseScenario() reports a blacklist entry with no rule", () => {
    expect(invalid("37-blacklist-entry-no-rule")).toMatchInlineSnapshot(`
      "✖ blacklist.entry has no rule: set scoreBelow, scoreAtLeast, severity, behaviours or courtSources
        → at blacklist.entry (test/fixtures/invalid/37-blacklist-entry-no-rule.yaml:3:10)"
    `);
  });

  it("parseScenario() reports a blacklist score threshold without a scoring section", () => {
    expect(invalid("38-blacklist-score-without-scoring")).toMatchInlineSnapshot(`
      "✖ a score threshold needs a "scoring" section, and the scenario has none
        → at blacklist.entry.scoreBelow (test/fixtures/invalid/38-blacklist-score-without-scoring.yaml:4:17)"
    `);
  });

  it("parseScenario() reports a consequence for listed citizens without a blacklist", () => {
    expect(invalid("39-listed-without-blacklist")).toMatchInlineSnapshot(`
      "✖ \`listed\` needs a "blacklist" section, and the scenario has none
        → at consequences.opportunities[0].deniedTo.listed (test/fixtures/invalid/39-listed-without-blacklist.yaml:7:17)"
    `);
  });

  it("parseScenario() reports a reported provenance entry without a reference", () => {
    expect(invalid("40-provenance-reported-without-reference")).toMatchInlineSnapshot(`
      "✖ missing required field "reference": expected a reference id
        → at provenance[0].reference (test/fixtures/invalid/40-provenance-reported-without-reference.yaml:5:5)"
    `);
  });
});

describe("overrides", () => {
  it("parseScenario() reports a --set naming a list item that does not exist, listing the items", () => {
    expect(invalid("41-override-unknown-list-item", ["sources.ccvt.detection=0.5"])).toMatchInlineSnapshot(`
      "✖ invalid override: no item "ccvt" in sources; did you mean "cctv"?
        → at --set sources.ccvt.detection=0.5"
    `);
  });

  it("parseScenario() reports an out-of-range --set value at the override, not the file", () => {
    expect(invalid("42-override-out-of-range", ["sources.cctv.detection=1.2"])).toMatchInlineSnapshot(`
      "✖ expected a number from 0 to 1, received 1.2
        → at sources[0].detection (--set sources.cctv.detection=1.2)"
    `);
  });
});

describe("several problems at once", () => {
  it("parseScenario() reports every problem of a file, in the order they appear", () => {
    expect(invalid("43-many-problems")).toMatchInlineSnapshot(`
      "✖ expected an integer from 1 to 2147483647, received -5
        → at population.size (test/fixtures/invalid/43-many-problems.yaml:3:9)
      ✖ shares must sum to 1, but they sum to 0.5
        → at population.groups (test/fixtures/invalid/43-many-problems.yaml:5:5)
      ✖ expected a number from 0 to 1000000, received "often"
        → at behaviours[0].rate (test/fixtures/invalid/43-many-problems.yaml:9:11)
      ✖ unknown field "severty"; did you mean "severity"?
        → at behaviours[0].severty (test/fixtures/invalid/43-many-problems.yaml:10:5)
      ✖ unknown behaviour "jaywalkng"; did you mean "jaywalking"? known: jaywalking
        → at sources[0].observes[0] (test/fixtures/invalid/43-many-problems.yaml:13:16)
      ✖ expected a number from 0 to 1, received 2
        → at sources[0].detection (test/fixtures/invalid/43-many-problems.yaml:14:16)"
    `);
  });
});

describe("the corpus", () => {
  it("has at least 32 invalid fixtures, each read by a test in this file", () => {
    const files = readdirSync(new URL("invalid/", fixtures)).filter((name) => name.endsWith(".yaml"));
    const source = readFileSync(new URL(import.meta.url), "utf8");
    const read = [...source.matchAll(/invalid\("([\w-]+)"/g)].map((match) => `${match[1]}.yaml`);
    expect(files.length).toBeGreaterThanOrEqual(32);
    expect(read.sort()).toEqual(files.sort());
  });
});
