import { describe, expect, it } from "vitest";
import { compileModel } from "../../../src/core/model/index.js";
import { formatIssues, parseScenario, validateScenario } from "../../../src/core/scenario/index.js";

const base = `name: base
population:
  size: 100
behaviours:
  - { id: jaywalking, rate: 2, points: -5 }
sources:
  - { id: cctv, observes: [jaywalking], detection: 0.5 }
  - id: informants
    observes: [jaywalking]
    detection: 0.1
    spurious: { rate: 0 }
scoring:
  range: { min: 0, max: 100 }
  initial: { mean: 50 }
run:
  days: 100
timeline:
`;

const parse = (timeline: string) => parseScenario(base + timeline, { file: "base.yaml" });
const problems = (timeline: string) => formatIssues(parse(timeline).issues);

describe("parseScenario() with a timeline", () => {
  it("accepts changes to rates, detection, points and sanctions, and keeps the timeline as written", () => {
    const result = parse(`  - day: 30
    set:
      sources.cctv.detection: 0.9
      behaviours.jaywalking.rate: 4
      behaviours.jaywalking.points: -10
  - { day: 60, set: { sources.informants.spurious.rate: 2 } }
`);
    expect(result.issues).toEqual([]);
    expect(result.ok && result.scenario.timeline).toEqual([
      {
        day: 30,
        set: {
          "sources.cctv.detection": 0.9,
          "behaviours.jaywalking.rate": 4,
          "behaviours.jaywalking.points": -10,
        },
      },
      { day: 60, set: { "sources.informants.spurious.rate": 2 } },
    ]);
  });

  it("locates a path that names nothing at its key, and a bad value at its value", () => {
    expect(
      problems(`  - day: 30
    set:
      sources.cctvv.detection: 0.9
      sources.cctv.detection: 1.5
      behaviours.jaywalking.rat: 3
`),
    ).toMatchInlineSnapshot(`
      "✖ invalid change: no item "cctvv" in sources; did you mean "cctv"?
        → at timeline[0].set["sources.cctvv.detection"] (base.yaml:20:7)
      ✖ expected a number from 0 to 1, received 1.5
        → at timeline[0].set["sources.cctv.detection"] (base.yaml:21:31)
      ✖ unknown field "rat"; did you mean "rate"?
        → at timeline[0].set["behaviours.jaywalking.rat"] (base.yaml:22:7)"
    `);
  });

  it("locates a problem the changes cause elsewhere (a reference to an unknown behaviour)", () => {
    expect(
      problems(`  - { day: 30, set: { sources.cctv.observes: [jaywalking, littering] } }\n`),
    ).toMatchInlineSnapshot(`
      "✖ unknown behaviour "littering"; known: jaywalking
        → at timeline[0].set["sources.cctv.observes"][1] (base.yaml:18:59)"
    `);
  });

  it("refuses days that do not increase, and a day below 1", () => {
    expect(
      problems(`  - { day: 30, set: { sources.cctv.detection: 0.9 } }
  - { day: 30, set: { sources.cctv.detection: 0.8 } }
  - { day: 0, set: { sources.cctv.detection: 0.7 } }
`),
    ).toMatchInlineSnapshot(`
      "✖ expected a day after the previous change's (30), received 30
        → at timeline[1].day (base.yaml:19:12)
      ✖ expected an integer from 1 to 36500, received 0
        → at timeline[2].day (base.yaml:20:12)"
    `);
  });

  it("refuses changes to what fixes the run: the population, the run, an id, the score's range", () => {
    expect(
      problems(`  - day: 30
    set:
      population.size: 200
      run.days: 10
      sources.cctv.id: camera
  - { day: 40, set: { scoring.range.max: 200 } }
  - { day: 50, set: { sources: [{ id: cctv, observes: [jaywalking], detection: 0.5 }] } }
`),
    ).toMatchInlineSnapshot(`
      "✖ cannot change during a run: this change alters the population
        → at timeline[0].set["population.size"] (base.yaml:20:7)
      ✖ cannot change during a run: this change alters the run (its length, seed and warm-up)
        → at timeline[0].set["run.days"] (base.yaml:21:7)
      ✖ cannot change during a run: this change alters an id
        → at timeline[0].set["sources.cctv.id"] (base.yaml:22:7)
      ✖ cannot change during a run: this change alters the score's range (from [0, 100] to [0, 200])
        → at timeline[1].set["scoring.range.max"] (base.yaml:23:23)
      ✖ cannot change during a run: this change alters the number of sources (from 2 to 1)
        → at timeline[2].set.sources (base.yaml:24:23)"
    `);
  });

  it("accepts a day on or after the run's end (it never applies; --days may lengthen the run)", () => {
    const result = parse(`  - { day: 500, set: { sources.cctv.detection: 0.9 } }\n`);
    expect(result.ok).toBe(true);
    if (result.ok) expect(compileModel(result.scenario).timeline).toEqual([]);
  });
});

describe("validateScenario() with a timeline", () => {
  it("reports a change's problem at its path in the timeline", () => {
    const result = validateScenario({
      name: "plain",
      behaviours: [{ id: "jaywalking", rate: 2 }],
      sources: [],
      timeline: [{ day: 3, set: { "behaviours.jaywalking.rate": -1 } }],
    });
    expect(formatIssues(result.issues)).toMatchInlineSnapshot(`
      "✖ expected a number from 0 to 1000000, received -1
        → at timeline[0].set["behaviours.jaywalking.rate"]"
    `);
  });
});

describe("compileModel() with a timeline", () => {
  it("compiles one model per change, with a spurious channel kept at rate 0 where a source makes none yet", () => {
    const result = parse(`  - { day: 60, set: { sources.informants.spurious.rate: 3.65 } }\n`);
    if (!result.ok) throw new Error(formatIssues(result.issues));
    const model = compileModel(result.scenario);
    expect(model.timeline.map((change) => change.day)).toEqual([60]);
    const later = model.timeline[0].model;
    expect(model.channels).toBe(later.channels);
    expect(model.apparatusRate[0]).toBe(0);
    expect(later.apparatusRate[0]).toBeCloseTo(0.01, 12);
    // Without a timeline, a source whose spurious rate is 0 has no channel, as before.
    expect(compileModel({ ...result.scenario, timeline: undefined }).channels).toBe(model.channels - 1);
  });
});
