import { describe, expect, test } from "vitest";
import { describeRun } from "../../../src/report/runDescription.js";
import { nobodyListed, oneGroup, runFixture, withoutBlacklist } from "./fixtures.js";

const { summary, labels } = runFixture();

describe("describeRun()", () => {
  test("describeRun() tells a run in sentences built from its numbers", () => {
    expect(describeRun(summary, labels)).toMatchInlineSnapshot(`
      [
        "Of the 76 people listed at the end of the year, 5 — about one in 15 — did nothing that would list them under the system's own rules applied to what they really did. Over the whole run, 76 people were listed at some point; 6 of the 76 listings — about one in 13 — were wrongful on the day they were made, and the wrongly listed spent 1,055 days on the list between them.",
        "Read as a test, the list is right about 93% of the people it names (its precision), and it names 26% of the people the truth would list (its recall): 198 people whose acts would list them were not on it.",
        "Members of the minorities group are listed 1.2 times as often as members of the majority group (0.44% against 0.37%). The lower rate is 85% of the higher: within the four-fifths rule, which flags disparate impact under 80%. Listed at the end for nothing they did: 0.027% of the majority group and none of the minorities group. On average, recorded scores stand 1.7 points above what citizens' acts earn in the majority group and 1.8 points above in the minorities group.",
        "In all, 128 requests were refused, 14 of them wrongly. 86 requests for high-speed rail tickets were refused (of 57,216); 9 of them to people the truth would not have sanctioned. 27 requests for air tickets were refused (of 11,616); 5 of them to people the truth would not have sanctioned. 8 requests for loans were refused (of 6,109); none of them wrongly. Another 7 requests of 2 other kinds were refused, none of them wrongly.",
        "Citizens really committed 571,790 acts; the sources made 369,279 records. 10,895 of these records — about one in 34 — are wrong: 1,720 pinned someone else's act on a citizen (a false match) and 9,175 recorded an act that never happened. Of the 76 listings, 1 was set off by a false match and 2 by a record of something that never happened.",
        "Rewards worth 3,767,476 were granted in all (in the scenario's units of value). By income band: 40% to the low band, 45% to the middle band and 15% to the high band. The majority group, 91% of the population, received 91% of the value; the minorities group, 9.1% of the population, received 9% of the value.",
      ]
    `);
  });

  test("describeRun() writes counts with thousands separators and no raw floats", () => {
    const text = describeRun(summary, labels).join(" ");
    expect(text).toMatch(/\d,\d{3}/);
    expect(text).not.toMatch(/\d\.\d{4,}/);
    expect(text).not.toMatch(/NaN|Infinity|undefined|null/);
  });

  test("describeRun() without a blacklist says so and compares scores instead", () => {
    expect(describeRun(withoutBlacklist(summary))).toMatchInlineSnapshot(`
      [
        "This scenario keeps no blacklist, so nobody is listed and no listing can be wrong. Citizens are still scored: what follows compares the score the system recorded for each with the score their real acts would give.",
        "On average, recorded scores stand 1.7 points above what citizens' acts earn in the majority group and 1.8 points above in the minority group.",
        "This scenario refuses nothing to anyone: it has no sanctions.",
        "Citizens really committed 571,790 acts; the sources made 369,279 records. 10,895 of these records — about one in 34 — are wrong: 1,720 pinned someone else's act on a citizen (a false match) and 9,175 recorded an act that never happened.",
        "Rewards worth 3,767,476 were granted in all (in the scenario's units of value). By income band: 40% to the low band, 45% to the middle band and 15% to the high band. The majority group, 91% of the population, received 91% of the value; the minority group, 9.1% of the population, received 9% of the value.",
      ]
    `);
  });

  test("describeRun() when nobody is listed says who the truth would list", () => {
    expect(describeRun(nobodyListed(summary)).slice(0, 3)).toMatchInlineSnapshot(`
      [
        "Nobody was listed during the 365 days of the run. Yet 12 people did what would list them under the system's own rules applied to what they really did: the system did not see it.",
        "No group has anyone listed at the end, so groups cannot be compared by how often they are listed. On average, recorded scores stand 1.7 points above what citizens' acts earn in the majority group and 1.8 points above in the minority group.",
        "No request was refused during the run.",
      ]
    `);
  });

  test("describeRun() with one group says groups cannot be compared", () => {
    expect(describeRun(oneGroup(summary))[2]).toMatchInlineSnapshot(
      `"The population forms a single group, so groups cannot be compared."`,
    );
  });

  test("describeRun() when all, none or the one listed are listed wrongly", () => {
    const one = { ...summary, listings: { ...summary.listings, current: 1, precision: 0 } };
    expect(describeRun(one)[0]).toMatchInlineSnapshot(
      `"The one person listed at the end of the year did nothing that would list them under the system's own rules applied to what they really did. Over the whole run, 76 people were listed at some point; 6 of the 76 listings — about one in 13 — were wrongful on the day they were made, and the wrongly listed spent 1,055 days on the list between them."`,
    );
    const all = { ...summary, listings: { ...summary.listings, current: 40, precision: 0, recall: null } };
    expect(describeRun(all).slice(0, 2)).toMatchInlineSnapshot(`
      [
        "None of the 40 people listed at the end of the year did anything that would list them under the system's own rules applied to what they really did. Over the whole run, 76 people were listed at some point; 6 of the 76 listings — about one in 13 — were wrongful on the day they were made, and the wrongly listed spent 1,055 days on the list between them.",
        "Read as a test, the list is right about none of the people it names (its precision); its recall cannot be measured, as the truth would list nobody.",
      ]
    `);
    const right = { ...summary, listings: { ...summary.listings, precision: 1 } };
    expect(describeRun(right)[0]).toMatchInlineSnapshot(
      `"All 76 people listed at the end of the year would be listed too under the system's own rules applied to what they really did. Over the whole run, 76 people were listed at some point; 6 of the 76 listings — about one in 13 — were wrongful on the day they were made, and the wrongly listed spent 1,055 days on the list between them."`,
    );
  });

  test("describeRun() flags a disparate impact under four-fifths, and a group never listed", () => {
    const groups = {
      majority: { ...summary.groups.majority, listingRate: 0.002, wrongfulListingRate: 0.0001 },
      minority: { ...summary.groups.minority, listingRate: 0.0083, wrongfulListingRate: 0.0031 },
    };
    const unequal = {
      ...summary,
      groups,
      disparity: {
        listingRateRatio: 0.002 / 0.0083,
        mostListedGroup: "minority",
        leastListedGroup: "majority",
      },
    };
    expect(describeRun(unequal)[2]).toMatchInlineSnapshot(
      `"Members of the minority group are listed 4.2 times as often as members of the majority group (0.83% against 0.2%). The lower rate is 24% of the higher: under four-fifths, so the four-fifths rule flags a disparate impact. Listed at the end for nothing they did: 0.31% of the minority group and 0.01% of the majority group. On average, recorded scores stand 1.7 points above what citizens' acts earn in the majority group and 1.8 points above in the minority group."`,
    );
    const never = {
      ...unequal,
      groups: { ...groups, majority: { ...groups.majority, listingRate: 0, wrongfulListingRate: 0 } },
      disparity: { ...unequal.disparity, listingRateRatio: 0 },
    };
    expect(describeRun(never)[2]).toMatchInlineSnapshot(
      `"Members of the minority group are listed (0.83% of them) while no member of the majority group is: the four-fifths rule, which flags disparate impact when the lower rate is under 80% of the higher, is failed as badly as it can be. Listed at the end for nothing they did: 0.31% of the minority group and none of the majority group. On average, recorded scores stand 1.7 points above what citizens' acts earn in the majority group and 1.8 points above in the minority group."`,
    );
  });

  test("describeRun() tells rates that nearly match with the digits that tell them apart", () => {
    const near = (majority: number, minority: number) => ({
      ...summary,
      groups: {
        majority: { ...summary.groups.majority, listingRate: majority },
        minority: { ...summary.groups.minority, listingRate: minority },
      },
      disparity: {
        listingRateRatio: Math.min(majority, minority) / Math.max(majority, minority),
        mostListedGroup: majority >= minority ? "majority" : "minority",
        leastListedGroup: majority >= minority ? "minority" : "majority",
      },
    });
    expect(describeRun(near(0.00202, 0.00199), labels)[2].split(". ")[0]).toMatchInlineSnapshot(
      `"Members of the majority group are listed 1.02 times as often as members of the minorities group (0.202% against 0.199%)"`,
    );
    expect(describeRun(near(0.002001, 0.002), labels)[2].split(". ")[0]).toMatchInlineSnapshot(
      `"Members of the majority group are listed about as often as members of the minorities group (0.2001% against 0.2000%)"`,
    );
  });

  test("describeRun() names groups and opportunities by the scenario's labels, and by their ids without them", () => {
    const told = describeRun(summary, labels).join(" ");
    expect(told).toContain("members of the majority group");
    expect(told).toContain("the minorities group");
    expect(told).toContain("86 requests for high-speed rail tickets were refused");
    expect(describeRun(summary).join(" ")).toContain("86 requests for rail ticket were refused");
  });
});
