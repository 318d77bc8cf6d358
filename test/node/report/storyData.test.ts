import { describe, expect, test } from "vitest";
import { ListingEnd, StoryTrace, TraceEventType } from "../../../src/core/engine/index.js";
import { RecordKind } from "../../../src/core/model/index.js";
import { pseudonym } from "../../../src/core/population/pseudonym.js";
import { seedKey } from "../../../src/core/rng/index.js";
import { loadScenario } from "../../../src/node/scenarios.js";
import { storyOfTrace } from "../../../src/report/storyData.js";

const scenario = loadScenario("china-2020");
const behaviour = (id: string) => scenario.behaviours.findIndex((item) => item.id === id);
const source = (id: string) => scenario.sources.findIndex((item) => item.id === id);

describe("storyOfTrace()", () => {
  test("storyOfTrace() tells a traced citizen's events in words, with pseudonyms, days counted from the warm-up's end", () => {
    const trace = new StoryTrace(41, 1, 0, 2);
    trace.add({ day: 30, type: TraceEventType.act, behaviour: behaviour("jaywalking") });
    trace.add({
      day: 32,
      type: TraceEventType.record,
      behaviour: behaviour("drunk-driving"),
      source: source("cctv"),
      kind: RecordKind.misattributed,
      actor: 7,
      points: -50,
    });
    trace.add({ day: 32, type: TraceEventType.listed, kind: 1, behaviour: behaviour("drunk-driving") });
    trace.add({ day: 35, type: TraceEventType.denied, actor: 0 });
    trace.add({ day: 40, type: TraceEventType.delisted, kind: ListingEnd.overturned });
    trace.days.push({ day: 30, trueScore: 700, recordedScore: 700, listed: false, trulyListed: false });
    trace.days.push({ day: 32, trueScore: 700, recordedScore: 650, listed: true, trulyListed: false });
    const story = storyOfTrace(scenario, { seed: 9, warmupDays: 30 }, trace, "the test's citizen");
    const key = seedKey(9);
    expect(story.citizen).toBe(pseudonym(key, 41));
    expect(story.events.map((event) => event.day)).toEqual([0, 2, 2, 5, 10]);
    expect(story.days.map((row) => row.day)).toEqual([0, 2]);
    expect(story.events[1].actor).toBe(pseudonym(key, 7));
    expect({
      ...story,
      citizen: "C",
      events: story.events.map((event) => [event.type, event.kind, event.text]),
    }).toMatchInlineSnapshot(`
        {
          "citizen": "C",
          "days": [
            {
              "day": 0,
              "listed": false,
              "recordedScore": 700,
              "trueScore": 700,
              "trulyListed": false,
            },
            {
              "day": 2,
              "listed": true,
              "recordedScore": 650,
              "trueScore": 700,
              "trulyListed": false,
            },
          ],
          "events": [
            [
              "act",
              undefined,
              "not crossing at the crossing — seen by no source (missed)",
            ],
            [
              "record",
              "misattributed",
              "Face-recognition cameras recorded Citizen G4A-R56's drunk driving against them — a false match (−50 points)",
            ],
            [
              "listed",
              undefined,
              "put on the blacklist: a severe act",
            ],
            [
              "denied",
              undefined,
              "refused: air tickets",
            ],
            [
              "delisted",
              undefined,
              "taken off the list on appeal",
            ],
          ],
          "group": "minority",
          "incomeBand": "high",
          "region": "eastern-cities",
          "why": "the test's citizen",
        }
      `);
  });
});
