import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ChannelKind, compileModel } from "../../../src/core/model/index.js";
import type { Scenario } from "../../../src/core/scenario/index.js";
import { loadScenario } from "../../../src/node/scenarios.js";
import { scenario } from "../engine/harness.js";

/** china-2020 as its roll-out leaves it in 2018: cameras at 0.3, gait recognition at 0.1, temperature screening on. */
const IN_2018 = [
  "sources.cctv.detection=0.3",
  "sources.gait.detection=0.1",
  "sources.temperature.detection=0.05",
  "sources.temperature.spurious.rate=0.1",
];
const china = loadScenario("china-2020", IN_2018);

describe("compileModel()", () => {
  const model = compileModel(china);
  const behaviour = (id: string) => china.behaviours.findIndex((b) => b.id === id);
  // Cell of (region, group, income band, age band), as the model numbers them.
  const cell = (r: number, g: number, i: number, a: number) =>
    ((r * model.groups + g) * model.incomeBands + i) * model.ageBands + a;
  // The channel of a behaviour's acts (channels are ordered by rate, not by kind).
  const act = (b: number) =>
    Array.from(model.channelKind).findIndex(
      (kind, c) => kind === ChannelKind.act && model.channelTarget[c] === b,
    );

  it("has one channel per behaviour, per source with spurious records, per opportunity: acts first, each part most frequent first", () => {
    const spurious = ["cctv", "temperature", "bank", "social-media", "informants"];
    expect(model.channels).toBe(14 + spurious.length + 6);
    const kinds = Array.from(model.channelKind);
    expect(kinds.filter((kind) => kind === ChannelKind.act)).toHaveLength(14);
    expect(kinds.filter((kind) => kind === ChannelKind.opportunity)).toHaveLength(6);
    const spuriousTargets = kinds.flatMap((kind, c) =>
      kind === ChannelKind.spurious ? [model.channelTarget[c]] : [],
    );
    expect(spuriousTargets.sort()).toEqual(
      spurious.map((id) => china.sources.findIndex((source) => source.id === id)).sort(),
    );
    for (let b = 0; b < 14; b++) expect(model.channelUsesPropensity[act(b)]).toBe(1);
    const means = kinds.map((_, c) => {
      let total = 0;
      for (let k = 0; k < model.cells; k++) total += model.channelRate[c * model.cells + k];
      return total;
    });
    expect(model.actChannels).toBe(14);
    expect(kinds.slice(0, 14).every((kind) => kind === ChannelKind.act)).toBe(true);
    for (let c = 1; c < means.length; c++) {
      if (c !== model.actChannels) expect(means[c]).toBeLessThanOrEqual(means[c - 1]);
    }
    // The apparatus's total rate per cell is the sum of its channels' rates.
    for (let k = 0; k < model.cells; k++) {
      let total = 0;
      for (let c = model.actChannels; c < model.channels; c++)
        total += model.channelRate[c * model.cells + k];
      expect(model.apparatusRate[k]).toBeCloseTo(total, 15);
    }
  });

  it("an act's daily rate is rate/365 × multipliers × (1 − deterrence × perceived surveillance), perceived = 1 − Π(1 − p_s)", () => {
    // Jaywalking in the eastern cities (surveillance 0.9): cctv 0.3 × 0.9, gait 0.1 × 0.9, both regional.
    const b = behaviour("jaywalking");
    const perceived = 1 - (1 - 0.3 * 0.9) * (1 - 0.1 * 0.9);
    const expected = (2 / 365) * (1 - 0.3 * perceived);
    expect(model.channelRate[act(b) * model.cells + cell(0, 0, 0, 0)]).toBeCloseTo(expected, 15);
    // Rural areas (0.3) deter less.
    const rural = (2 / 365) * (1 - 0.3 * (1 - (1 - 0.3 * 0.3) * (1 - 0.1 * 0.3)));
    expect(model.channelRate[act(b) * model.cells + cell(2, 1, 2, 2)]).toBeCloseTo(rural, 15);
  });

  it("chilling lowers legitimate acts; gaming raises visible rewarded acts by strength × points / max points", () => {
    const rumours = behaviour("spreading-rumours");
    // Social media 0.2 and informants 0.02, both uniform.
    const perceived = 1 - 0.8 * 0.98;
    expect(model.channelRate[act(rumours) * model.cells]).toBeCloseTo((1 / 365) * (1 - 0.3 * perceived), 15);
    const blood = behaviour("giving-blood");
    const helping = behaviour("helping-elderly");
    expect(model.channelRate[act(blood) * model.cells]).toBeCloseTo((0.2 / 365) * 1.2, 15);
    expect(model.gamedShare[blood * model.cells]).toBeCloseTo(0.2 / 1.2, 15);
    // Helping the elderly: 5 points of a maximum of 10; it is also observed (not deterred: positive points).
    expect(model.gamedShare[helping * model.cells]).toBeCloseTo(0.1 / 1.1, 15);
    expect(model.gamedShare[behaviour("paying-on-time") * model.cells]).toBe(0);
    expect(model.channelBound[act(behaviour("absence"))]).toBe(1.5);
    expect(model.channelBound[act(behaviour("jaywalking"))]).toBe(1);
  });

  it("compiles the state rules to m(state) per channel and the bound M over the states a citizen can reach", () => {
    const withRules = (extra: Record<string, unknown>) =>
      compileModel(
        scenario({
          behaviours: [
            { id: "x", rate: 1 },
            { id: "pay", rate: 1 },
          ],
          scoring: {
            range: { min: 0, max: 100 },
            initial: { mean: 50 },
            bands: [
              { id: "low", min: 0, max: 50, category: "bad" },
              { id: "high", min: 50, max: 100 },
            ],
          },
          responses: {
            byState: [
              { behaviours: ["pay"], when: { listed: false }, multiplier: 0 },
              { behaviours: ["x"], when: { listed: true }, multiplier: 2 },
              { behaviours: ["x"], when: { sanctioned: true }, multiplier: 3 },
              { behaviours: ["x"], when: { categories: ["bad"] }, multiplier: 5 },
            ],
          },
          ...extra,
        }),
      );
    const listed = withRules({ blacklist: { entry: { scoreBelow: 10 } } });
    const channel = (model: typeof listed, b: number) =>
      Array.from(model.channelTarget).findIndex((target, c) => c < model.actChannels && target === b);
    // States: listed (1) + sanctioned (2) + 4 × band; two bands.
    expect(listed.states).toBe(8);
    expect(listed.stateReadsScore).toBe(true);
    const m = (model: typeof listed, b: number) =>
      Array.from(model.stateMultiplier.subarray(channel(model, b) * 8, channel(model, b) * 8 + 8));
    expect(m(listed, 0)).toEqual([5, 10, 15, 30, 1, 2, 3, 6]);
    expect(m(listed, 1)).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    // A list but no sanction that can deny (nor ostracism): sanctioned cannot be reached.
    expect(listed.channelBound[channel(listed, 0)]).toBe(10);
    expect(listed.channelBound[channel(listed, 1)]).toBe(1);
    // With the list switched off, pay can never happen, and x reaches only its band's multiplier.
    const unlisted = withRules({ blacklist: { enabled: false, entry: { scoreBelow: 10 } } });
    expect(unlisted.channelBound[channel(unlisted, 0)]).toBe(5);
    expect(unlisted.channelBound[channel(unlisted, 1)]).toBe(0);
    expect(unlisted.distressDays).toBe(90);
  });

  it("caps detection at 1 after the multipliers", () => {
    const input = scenario({
      population: {
        groups: [
          { id: "a", share: 0.5 },
          { id: "b", share: 0.5 },
        ],
      },
      behaviours: [{ id: "x", rate: 1 }],
      sources: [{ id: "s", observes: ["x"], detection: 0.4, detectionByGroup: { b: 5 } }],
    });
    expect(Array.from(compileModel(input).detection)).toEqual([0.4, 1]);
  });

  it("gaming raises no behaviour whose points are not positive, even when named", () => {
    const named = compileModel(
      loadScenario("china-2020", [...IN_2018, "responses.gaming.behaviours=[giving-blood, jaywalking]"]),
    );
    const plain = compileModel(loadScenario("china-2020", [...IN_2018, "responses.gaming.enabled=false"]));
    const jaywalking = behaviour("jaywalking");
    const channel = (m: typeof named) =>
      Array.from(m.channelKind).findIndex(
        (kind, c) => kind === ChannelKind.act && m.channelTarget[c] === jaywalking,
      );
    expect(named.channelRate[channel(named) * named.cells]).toBe(
      plain.channelRate[channel(plain) * plain.cells],
    );
    expect(named.gamedShare[jaywalking * named.cells]).toBe(0);
  });

  it("compiles parts that are switched off to no effect", () => {
    const off = loadScenario("china-2020", [
      ...IN_2018,
      "scoring.enabled=false",
      "blacklist.enabled=false",
      "consequences.enabled=false",
      "sources.cctv.enabled=false",
      "responses.gaming.enabled=false",
    ]);
    const compiled = compileModel(off);
    expect(compiled.scoring).toBe(false);
    expect(Array.from(compiled.points).every((points) => points === 0)).toBe(true);
    expect(compiled.blacklist).toBe(false);
    expect(compiled.entryScoreBelow).toBe(Number.NEGATIVE_INFINITY);
    expect(compiled.association).toBe(false);
    expect(compiled.appeals).toBe(false);
    expect(compiled.consequences).toBe(false);
    expect(compiled.opportunities).toBe(0);
    expect(compiled.rewardCount).toBe(0);
    expect(compiled.gamedShare.every((share) => share === 0)).toBe(true);
    const cctv = china.sources.findIndex((source) => source.id === "cctv");
    expect(
      compiled.detection.subarray(cctv * compiled.cells, (cctv + 1) * compiled.cells).every((p) => p === 0),
    ).toBe(true);
    expect(compiled.observers.every((list) => !list.includes(cctv))).toBe(true);
    // Deterrence reads the declared points, so with scoring off the watched still avoid watched acts:
    // jaywalking's rate is 2/365 × (1 − 0.3 × perceived), perceived from the sources still on (gait).
    const jaywalking = behaviour("jaywalking");
    let unseen = 1;
    for (const s of compiled.observers[jaywalking]) unseen *= 1 - compiled.detection[s * compiled.cells];
    expect(unseen).toBeLessThan(1);
    const channel = Array.from(compiled.channelKind).findIndex(
      (kind, c) => kind === ChannelKind.act && compiled.channelTarget[c] === jaywalking,
    );
    expect(compiled.channelRate[channel * compiled.cells]).toBeCloseTo(
      (2 / 365) * (1 - 0.3 * (1 - unseen)),
      15,
    );
  });
});

describe("compileModel() on a scenario that skipped validation", () => {
  // Validation reports an unknown id first; the compiler throws rather than read it as index 0.
  const compileWith = (change: (bad: Scenario) => void) => () => {
    const bad = structuredClone(china);
    change(bad);
    return compileModel(bad);
  };

  it("throws on an unknown behaviour, naming the field and the known behaviours", () => {
    expect(
      compileWith((bad) => {
        bad.blacklist?.entry.behaviours.push("jaywalk");
      }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[Error: unknown behaviour "jaywalk" in blacklist.entry.behaviours; known: giving-blood, helping-elderly, caring-environment, paying-on-time, charity, drunk-driving, jaywalking, absence, disrespect, smoking, loan-default, transport-misconduct, spreading-rumours, paying-judgment]`,
    );
    expect(
      compileWith((bad) => {
        bad.sources[1].observes.push("loitering");
      }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[Error: unknown behaviour "loitering" in sources[1].observes; known: giving-blood, helping-elderly, caring-environment, paying-on-time, charity, drunk-driving, jaywalking, absence, disrespect, smoking, loan-default, transport-misconduct, spreading-rumours, paying-judgment]`,
    );
    expect(
      compileWith((bad) => {
        if (bad.responses.deterrence) bad.responses.deterrence.behaviours = ["jaywalk"];
      }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[Error: unknown behaviour "jaywalk" in responses.deterrence.behaviours; known: giving-blood, helping-elderly, caring-environment, paying-on-time, charity, drunk-driving, jaywalking, absence, disrespect, smoking, loan-default, transport-misconduct, spreading-rumours, paying-judgment]`,
    );
  });

  it("throws on an unknown court source and an unknown category", () => {
    expect(
      compileWith((bad) => {
        bad.blacklist?.entry.courtSources.push("tribunal");
      }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[Error: unknown source "tribunal" in blacklist.entry.courtSources; known: cctv, gait, temperature, purchases, bank, social-media, courts, employer, transport-staff, enforcement, blood-banks, informants]`,
    );
    expect(
      compileWith((bad) => {
        bad.consequences?.opportunities[0].deniedTo?.categories.push("Z");
      }),
    ).toThrowErrorMatchingInlineSnapshot(
      `
      [ZodError: [
        {
          "origin": "string",
          "code": "invalid_format",
          "format": "regex",
          "pattern": "/^[a-z][a-z0-9-]*$/",
          "path": [
            "consequences",
            "opportunities",
            0,
            "deniedTo",
            "categories",
            0
          ],
          "message": "an identifier of lowercase letters, digits and hyphens"
        }
      ]]
    `,
    );
  });
});

describe("the model layer", () => {
  it("imports only the rng and scenario layers", () => {
    const folder = join(import.meta.dirname, "../../../src/core/model");
    const outside = readdirSync(folder).flatMap((file) =>
      [...readFileSync(join(folder, file), "utf8").matchAll(/from "([^"]+)"/g)]
        .map((match) => match[1])
        .filter((path) => !/^\.\/|^\.\.\/(rng|scenario)\//.test(path))
        .map((path) => `${file}: ${path}`),
    );
    expect(outside).toEqual([]);
  });
});
