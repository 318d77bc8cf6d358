import { describe, expect, test } from "vitest";
import { RecordKind } from "../../src/core/model/index.js";
import { pseudonym } from "../../src/core/population/pseudonym.js";
import { seedKey } from "../../src/core/rng/index.js";
import { ListingLog } from "../../src/core/state/listings.js";
import { listedCitizens, whyFollowed } from "../../src/web/listed.js";

/** A listing log: rows of [citizen, day, wrongful, kind], in the log's order (day, then citizen). */
function logOf(rows: [number, number, boolean, number][]): ListingLog {
  const log = new ListingLog();
  for (const [citizen, day, wrongful, kind] of rows)
    log.add(citizen, day, 0, 0, 0, kind, citizen, wrongful, 0);
  return log;
}

describe("listedCitizens()", () => {
  const listings = logOf([
    [5, 1, true, RecordKind.true], // during the warm-up: not offered
    [3, 10, false, RecordKind.true],
    [8, 11, true, RecordKind.misattributed],
    [3, 12, true, RecordKind.spurious], // a second listing: the first one stands
    [5, 14, false, RecordKind.true],
    [9, 15, true, RecordKind.spurious],
  ]);
  const model = { warmupDays: 10, seed: 4 } as Parameters<typeof listedCitizens>[0]["model"];

  test("listedCitizens() offers each citizen listed in the measured days once, the wrongfully listed first, then by day", () => {
    const { picks, total } = listedCitizens({ listings, model });
    expect(total).toBe(4);
    expect(picks.map(({ index, day, wrongful }) => [index, day, wrongful])).toEqual([
      [8, 1, true],
      [9, 5, true],
      [3, 0, false],
      [5, 4, false],
    ]);
    expect(picks.map((pick) => pick.citizen)).toEqual([8, 9, 3, 5].map((k) => pseudonym(seedKey(4), k)));
  });

  test("listedCitizens() keeps at most the limit, and says how many there are in all", () => {
    const { picks, total } = listedCitizens({ listings, model }, 3);
    expect(picks.map((pick) => pick.index)).toEqual([8, 9, 3]);
    expect(total).toBe(4);
  });

  test("whyFollowed() says when and why the picked citizen was listed", () => {
    const { picks } = listedCitizens({ listings, model });
    expect(picks.map(whyFollowed)).toMatchInlineSnapshot(`
      [
        "the citizen you picked from the list, listed on day 1 on a false match: someone else's act recorded against them",
        "the citizen you picked from the list, listed on day 5 on a record of something that never happened",
        "the citizen you picked from the list, listed on day 0",
        "the citizen you picked from the list, listed on day 4",
      ]
    `);
  });
});
