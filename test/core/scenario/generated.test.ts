import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import {
  editDistance,
  formatIssue,
  issueMessage,
  type ParseResult,
  type PathSegment,
  parseScenario,
  type ScenarioIssue,
  scenarioSchema,
  validateScenario,
} from "../../../src/core/scenario/index.js";
import { describeExpected, knownKeys, schemaAt } from "../../../src/core/scenario/introspect.js";

// Property tests: each starts from the valid minimal fixture as a plain object, breaks it in one known way, and
// checks that the right issue comes back, both from `validateScenario` (the object) and from `parseScenario`
// (the object written out as YAML, so positions are found too). Fixed seed, so runs are reproducible.

const RUNS = { seed: 42, numRuns: 200 } as const;
/** For the properties that only widen what RUNS already covers. */
const FEWER_RUNS = { seed: 42, numRuns: 100 } as const;

type Plain = Record<string, unknown>;

const minimalObject = YAML.parse(
  readFileSync(new URL("../../fixtures/valid/minimal.yaml", import.meta.url), "utf8"),
) as Plain;

/** A fresh copy of the minimal fixture, as written (no defaults filled in). */
function minimal(): Plain {
  return structuredClone(minimalObject);
}

function isPlain(value: unknown): value is Plain {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function getIn(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const segment of path) node = (node as Record<PathSegment, unknown>)[segment];
  return node;
}

function setIn(root: unknown, path: readonly PathSegment[], value: unknown): void {
  const parent = getIn(root, path.slice(0, -1)) as Record<PathSegment, unknown>;
  parent[path[path.length - 1]] = value;
}

function deleteIn(root: unknown, path: readonly PathSegment[]): void {
  const parent = getIn(root, path.slice(0, -1)) as Record<PathSegment, unknown>;
  delete parent[path[path.length - 1]];
}

/** Every path in the object, containers and leaves, depth first. */
function allPaths(root: unknown, prefix: PathSegment[] = []): PathSegment[][] {
  const paths: PathSegment[][] = [];
  const children: [PathSegment, unknown][] = Array.isArray(root)
    ? root.map((value, index) => [index, value])
    : isPlain(root)
      ? Object.entries(root)
      : [];
  for (const [segment, value] of children) {
    const path = [...prefix, segment];
    paths.push(path, ...allPaths(value, path));
  }
  return paths;
}

/** The paths of the fields of fixed mappings (strict objects in the schema), as opposed to id-keyed records. */
function fieldPaths(root: unknown): PathSegment[][] {
  return allPaths(root).filter((path) => {
    const last = path[path.length - 1];
    return typeof last === "string" && knownKeys(schemaAt(scenarioSchema, path.slice(0, -1))).includes(last);
  });
}

const samePath = (a: readonly PathSegment[], b: readonly PathSegment[]) =>
  a.length === b.length && a.every((segment, index) => segment === b[index]);

/** Validates the object directly and through YAML text; both must agree on what is wrong and where. */
function check(object: Plain): { validated: ParseResult; parsed: ParseResult } {
  const validated = validateScenario(object);
  const parsed = parseScenario(YAML.stringify(object), { file: "generated.yaml" });
  const summary = (issues: readonly ScenarioIssue[]) =>
    issues.map((issue) => `${issue.code} ${JSON.stringify(issue.path)}`).sort();
  expect(summary(parsed.issues)).toEqual(summary(validated.issues));
  for (const issue of parsed.issues) expect(issue.at?.line, formatIssue(issue)).toBeGreaterThan(0);
  return { validated, parsed };
}

function issuesAt(result: ParseResult, code: ScenarioIssue["code"], path: readonly PathSegment[]) {
  return result.issues.filter((issue) => issue.code === code && samePath(issue.path, path));
}

describe("the generators' starting point", () => {
  it("validateScenario() and parseScenario() accept the minimal fixture as an object and as YAML", () => {
    const { validated, parsed } = check(minimal());
    expect(validated.ok).toBe(true);
    expect(parsed.ok).toBe(true);
  });
});

describe("probabilities", () => {
  const probabilityPaths = allPaths(minimal()).filter(
    (path) =>
      typeof getIn(minimal(), path) === "number" &&
      describeExpected(schemaAt(scenarioSchema, path)) === "a number from 0 to 1",
  );
  const isShare = (path: readonly PathSegment[]) =>
    path.includes("share") || path.includes("groupShareByRegion") || path.includes("incomeShareByGroup");

  it("describeExpected() finds every kind of probability in the minimal fixture", () => {
    const names = probabilityPaths.map((path) => JSON.stringify(path));
    for (const expected of [
      ["population", "regions", 0, "surveillance"],
      ["sources", 0, "detection"],
      ["sources", 1, "detection"],
      ["sources", 0, "misattribution", "rate"],
      ["blacklist", "public", "ostracism"],
      ["responses", "deterrence", "strength"],
      ["responses", "chilling", "strength"],
      ["dueProcess", "appeals", "probability"],
      ["dueProcess", "appeals", "errorDetection"],
      ["population", "groups", 1, "share"],
    ]) {
      expect(names).toContain(JSON.stringify(expected));
    }
  });

  it("validateScenario() and parseScenario() report any probability outside [0, 1] once, at its path", () => {
    const outside = fc
      .oneof(
        fc.double({ min: 1, max: 1e9, minExcluded: true, noNaN: true, noDefaultInfinity: true }),
        fc.double({ min: -1e9, max: 0, maxExcluded: true, noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: 2, max: 1000 }),
        fc.integer({ min: -1000, max: -1 }),
      )
      .filter((value) => value < 0 || value > 1);
    fc.assert(
      fc.property(fc.constantFrom(...probabilityPaths), outside, (path, value) => {
        const object = minimal();
        setIn(object, path, value);
        const { validated, parsed } = check(object);
        for (const result of [validated, parsed]) {
          const outOfRange = result.issues.filter((issue) => issue.code === "out_of_range");
          expect(outOfRange.map((issue) => issue.path)).toEqual([path]);
          expect(issueMessage(outOfRange[0])).toBe(`expected a number from 0 to 1, received ${value}`);
          // A share also breaks its list's sum; anything else is the only problem.
          const others = result.issues.filter((issue) => issue.code !== "out_of_range");
          if (isShare(path)) expect(others.every((issue) => issue.code === "shares_sum")).toBe(true);
          else expect(others).toEqual([]);
        }
      }),
      RUNS,
    );
  });
});

describe("typos in field names", () => {
  const paths = fieldPaths(minimal());
  const letters = "abcdefghijklmnopqrstuvwxyz";

  /** Renames the last key of `path` in place, keeping the mapping's order. */
  function rename(object: Plain, path: readonly PathSegment[], to: string): void {
    const parent = getIn(object, path.slice(0, -1)) as Plain;
    const entries = Object.entries(parent).map(([key, value]) => [key === path.at(-1) ? to : key, value]);
    for (const key of Object.keys(parent)) delete parent[key];
    Object.assign(parent, Object.fromEntries(entries));
  }

  /** Checks the unknown_key issue of a typo, whose suggestion is the original unless another key is as close. */
  function expectSuggestion(path: readonly PathSegment[], typo: string): void {
    const original = path[path.length - 1] as string;
    const parentPath = path.slice(0, -1);
    const known = knownKeys(schemaAt(scenarioSchema, parentPath));
    const object = minimal();
    rename(object, path, typo);
    const { validated, parsed } = check(object);
    const distance = editDistance(typo.toLowerCase(), original.toLowerCase());
    const ambiguous = known.some(
      (key) => key !== original && editDistance(typo.toLowerCase(), key.toLowerCase()) <= distance,
    );
    for (const result of [validated, parsed]) {
      const found = issuesAt(result, "unknown_key", [...parentPath, typo]);
      expect(found).toHaveLength(1);
      expect(found[0].name).toBe(typo);
      if (!ambiguous) expect(found[0].suggestion).toBe(original);
    }
  }

  const typoOf = (make: (key: string) => fc.Arbitrary<string>) =>
    fc.constantFrom(...paths).chain((path) =>
      make(path[path.length - 1] as string)
        .filter((typo) => !knownKeys(schemaAt(scenarioSchema, path.slice(0, -1))).includes(typo))
        .map((typo) => ({ path, typo })),
    );

  const deleted = (key: string) =>
    fc.nat({ max: key.length - 1 }).map((at) => key.slice(0, at) + key.slice(at + 1));
  const inserted = (key: string) =>
    fc
      .tuple(fc.nat({ max: key.length }), fc.constantFrom(...letters))
      .map(([at, letter]) => key.slice(0, at) + letter + key.slice(at));
  const swapped = (key: string) =>
    fc.nat({ max: key.length - 2 }).map((at) => key.slice(0, at) + key[at + 1] + key[at] + key.slice(at + 2));

  it("knownKeys() finds fields to rename at every depth of the minimal fixture, but no record keys", () => {
    const names = paths.map((path) => JSON.stringify(path));
    expect(names).toContain(JSON.stringify(["population"]));
    expect(names).toContain(JSON.stringify(["sources", 0, "misattribution", "rate"]));
    expect(names).toContain(JSON.stringify(["consequences", "opportunities", 0, "deniedTo", "listed"]));
    expect(names).not.toContain(JSON.stringify(["behaviours", 0, "rateByGroup", "minority"]));
  });

  it("validateScenario() and parseScenario() suggest the original of a field with a letter deleted", () => {
    fc.assert(
      fc.property(typoOf(deleted), ({ path, typo }) => expectSuggestion(path, typo)),
      RUNS,
    );
  });

  it("validateScenario() and parseScenario() suggest the original of a field with a letter inserted", () => {
    fc.assert(
      fc.property(typoOf(inserted), ({ path, typo }) => expectSuggestion(path, typo)),
      RUNS,
    );
  });

  // Levenshtein distance counts a swap as two edits, and `closest` accepts a third of the name's length (at
  // least 1), so a swap is suggested only in names of 6 letters or more.
  it("validateScenario() and parseScenario() suggest the original of a field of 6+ letters with two swapped", () => {
    const long = paths.filter((path) => String(path[path.length - 1]).length >= 6);
    const swaps = fc.constantFrom(...long).chain((path) =>
      swapped(path[path.length - 1] as string)
        .filter((typo) => typo !== path[path.length - 1])
        .filter((typo) => !knownKeys(schemaAt(scenarioSchema, path.slice(0, -1))).includes(typo))
        .map((typo) => ({ path, typo })),
    );
    fc.assert(
      fc.property(swaps, ({ path, typo }) => expectSuggestion(path, typo)),
      FEWER_RUNS,
    );
  });
});

describe("references to behaviours", () => {
  const object = minimal();
  const behaviourIds = (object.behaviours as Plain[]).map((behaviour) => behaviour.id as string);
  const observed = allPaths(object).filter(
    (path) => path[0] === "sources" && path[2] === "observes" && path.length === 4,
  );

  it("validateScenario() and parseScenario() report an undefined behaviour in observes, naming the defined ones", () => {
    const undefinedId = fc
      .stringMatching(/^[a-z][a-z0-9-]{0,15}$/)
      .filter((name) => !behaviourIds.includes(name));
    fc.assert(
      fc.property(fc.constantFrom(...observed), undefinedId, (path, name) => {
        const broken = minimal();
        setIn(broken, path, name);
        const { validated, parsed } = check(broken);
        for (const result of [validated, parsed]) {
          const found = issuesAt(result, "unknown_reference", path);
          expect(found).toHaveLength(1);
          expect(found[0]).toMatchObject({ kind: "behaviour", name, known: behaviourIds });
          expect(issueMessage(found[0])).toContain(`known: ${behaviourIds.join(", ")}`);
        }
      }),
      RUNS,
    );
  });
});

describe("required fields", () => {
  const object = minimal();
  const required = [
    ...fieldPaths(object).filter((path) => !schemaAt(scenarioSchema, path)?.safeParse(undefined).success),
    // Not required by the schema, but by provenance's own rule: a reported value names its reference.
    ["provenance", 0, "reference"],
  ];

  it("schemaAt() finds the required fields of the minimal fixture, and not the defaulted ones", () => {
    const names = required.map((path) => JSON.stringify(path));
    for (const expected of [
      ["name"],
      ["behaviours", 0, "rate"],
      ["sources", 0, "detection"],
      ["sources", 1, "observes"],
      ["scoring", "range"],
      ["scoring", "bands", 2, "max"],
      ["blacklist", "entry"],
      ["consequences", "rewards", 0, "grantedTo"],
      ["responses", "distress", "behaviours"],
      ["dueProcess", "repair", "behaviours"],
      ["references", 0, "cite"],
    ]) {
      expect(names).toContain(JSON.stringify(expected));
    }
    expect(names).not.toContain(JSON.stringify(["population"]));
    expect(names).not.toContain(JSON.stringify(["sources", 0, "coverage"]));
  });

  // The fields are few, so every one is deleted in turn rather than a random sample.
  it("validateScenario() and parseScenario() report every deleted required field as missing", () => {
    for (const path of required) {
      const broken = minimal();
      deleteIn(broken, path);
      const { validated, parsed } = check(broken);
      for (const result of [validated, parsed]) {
        const found = issuesAt(result, "missing", path);
        expect(found, JSON.stringify(path)).toHaveLength(1);
        expect(issueMessage(found[0])).toMatch(
          new RegExp(`^missing required field "${path.at(-1)}": expected `),
        );
      }
    }
  });

  // zod reports an absent enum as `invalid_value`; parse.ts maps it to `missing`.
  it("validateScenario() and parseScenario() report a deleted enum field as missing", () => {
    const broken = minimal();
    deleteIn(broken, ["provenance", 0, "status"]);
    const { validated, parsed } = check(broken);
    for (const result of [validated, parsed]) {
      expect(issuesAt(result, "missing", ["provenance", 0, "status"])).toHaveLength(1);
    }
  });
});

describe("shares", () => {
  const dimensions = ["regions", "groups", "incomeBands", "ageBands"] as const;
  // At least as many shares as the fixture has parts in each dimension, so every id it references stays defined.
  const shareVector = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 });

  /** Replaces a dimension's shares, keeping its ids and adding ids beyond them. */
  function withShares(dimension: (typeof dimensions)[number], shares: number[]): Plain {
    const object = minimal();
    const population = object.population as Plain;
    const parts = population[dimension] as Plain[];
    population[dimension] = shares.map((share, index) => ({
      ...(parts[index] ?? { id: `extra-${index}` }),
      share,
    }));
    return object;
  }

  it("validateScenario() and parseScenario() report shares whose sum is not 1", () => {
    const notSummingToOne = shareVector.filter(
      (shares) => Math.abs(shares.reduce((total, share) => total + share, 0) - 1) > 1e-6,
    );
    fc.assert(
      fc.property(fc.constantFrom(...dimensions), notSummingToOne, (dimension, shares) => {
        const { validated, parsed } = check(withShares(dimension, shares));
        for (const result of [validated, parsed]) {
          expect(result.issues.map((issue) => [issue.code, issue.path])).toEqual([
            ["shares_sum", ["population", dimension]],
          ]);
        }
      }),
      RUNS,
    );
  });

  it("validateScenario() and parseScenario() accept the same shares once normalised to sum to 1", () => {
    const positive = shareVector.filter((shares) => shares.reduce((total, share) => total + share, 0) > 1e-3);
    fc.assert(
      fc.property(fc.constantFrom(...dimensions), positive, (dimension, shares) => {
        const sum = shares.reduce((total, share) => total + share, 0);
        const { validated, parsed } = check(
          withShares(
            dimension,
            shares.map((share) => share / sum),
          ),
        );
        expect(validated.issues).toEqual([]);
        expect(parsed.issues).toEqual([]);
      }),
      RUNS,
    );
  });

  it("validateScenario() and parseScenario() check the shares within a group the same way", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (low, high) => {
          const object = minimal();
          setIn(object, ["population", "incomeShareByGroup", "minority"], { low, high });
          const { validated, parsed } = check(object);
          const sumIsOne = Math.abs(low + high - 1) <= 1e-6;
          for (const result of [validated, parsed]) {
            expect(result.issues.map((issue) => [issue.code, issue.path])).toEqual(
              sumIsOne ? [] : [["shares_sum", ["population", "incomeShareByGroup", "minority"]]],
            );
          }
        },
      ),
      FEWER_RUNS,
    );
  });
});

describe("arbitrary input", () => {
  /** Parses without throwing; a failure has issues, each of which formats to a located message. */
  function expectWellFormed(result: ParseResult): void {
    if (result.ok) return;
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) expect(formatIssue(issue)).toMatch(/^✖ \S.*\n {2}→ at ./);
  }

  const yamlish = fc.string({
    unit: fc.constantFrom(
      ..."abz019:-,.[]{}#&*!|>'\"?%@`~".split(""),
      " ",
      "  ",
      "\n",
      "\t",
      "\n  ",
      "\n- ",
      "name: ",
      "population: ",
      "size: ",
      "behaviours:\n  - id: ",
      "<<: ",
      "---",
      "é",
      "\u0000",
    ),
    maxLength: 60,
  });

  it("parseScenario() returns issues instead of throwing on arbitrary text", () => {
    const texts = fc.oneof(fc.string(), fc.string({ unit: "binary" }), yamlish);
    fc.assert(
      fc.property(texts, (text) => {
        expectWellFormed(parseScenario(text, { file: "fuzz.yaml" }));
      }),
      RUNS,
    );
  });

  // yaml's `toJS` throws on an unresolved alias and on an alias bomb; parse.ts reports both as invalid YAML.
  it("parseScenario() reports an alias without its anchor instead of throwing", () => {
    expectWellFormed(parseScenario("name: *a\n", { file: "fuzz.yaml" }));
  });

  it("parseScenario() reports an alias bomb instead of throwing", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (const [name, below] of [
      ["b", "a"],
      ["c", "b"],
      ["d", "c"],
    ]) {
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${below}`).join(", ")}]`);
    }
    expectWellFormed(parseScenario(bomb.join("\n"), { file: "fuzz.yaml" }));
  });

  it("parseScenario() and validateScenario() return issues instead of throwing on any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectWellFormed(validateScenario(value));
        expectWellFormed(parseScenario(YAML.stringify(value), { file: "fuzz.yaml" }));
      }),
      RUNS,
    );
  });

  it("parseScenario() and validateScenario() agree on a scenario with any part replaced by any JSON value", () => {
    fc.assert(
      fc.property(fc.constantFrom(...allPaths(minimal())), fc.jsonValue({ maxDepth: 3 }), (path, value) => {
        // A field set to null counts as absent, in a file and in an object alike.
        const object = minimal();
        setIn(object, path, value);
        const { validated, parsed } = check(object);
        expectWellFormed(validated);
        expectWellFormed(parsed);
      }),
      FEWER_RUNS,
    );
  });
});
