import { discreteGamma } from "../rng/index.js";
import type { PathSegment, ScenarioIssue } from "./issues.js";
import { isReservedName } from "./plain.js";
import { MAX_SHAPE, MIN_SHAPE } from "./schema/population.js";
import { ASSOCIATION_DEFAULTS } from "./schema/responses.js";
import { DEFAULT_RUN_DAYS, MAX_SIMULATED_DAYS } from "./schema/run.js";
import { closest } from "./suggest.js";

// Checks that span fields: ids that must be defined elsewhere, shares that must sum to 1, bands that must tile the
// score range. They read the raw scenario data defensively (any part may be malformed; the schema reports that), so
// they run even when the schema found problems and every problem is reported at once. The file is longer than the
// others (about 550 lines) because it holds every such check of every section: each is short, and they share one
// `Checker` and the defensive readers at the top; split by section they would only pass those around.

type Raw = Record<string, unknown>;

const SHARE_TOLERANCE = 1e-6;

function isRecord(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function idsOf(value: unknown): string[] {
  const ids: string[] = [];
  for (const item of list(value)) if (isRecord(item) && typeof item.id === "string") ids.push(item.id);
  return ids;
}

/** A valid score range (min below max), the scale every score threshold lives on. */
interface ScoreRange {
  min: number;
  max: number;
}

function scoreRange(scoring: unknown): ScoreRange | undefined {
  if (!isRecord(scoring) || !isRecord(scoring.range)) return undefined;
  const { min, max } = scoring.range;
  return typeof min === "number" && typeof max === "number" && min < max ? { min, max } : undefined;
}

/** Collects the issues of one scenario; each check pushes into `issues`. */
class Checker {
  readonly issues: ScenarioIssue[] = [];

  reference(name: unknown, kind: string, known: readonly string[], path: PathSegment[]): void {
    if (typeof name !== "string" || known.includes(name)) return;
    this.issues.push({
      code: "unknown_reference",
      path,
      name,
      kind,
      known,
      suggestion: closest(name, known),
    });
  }

  referenceList(value: unknown, kind: string, known: readonly string[], path: PathSegment[]): void {
    list(value).forEach((name, index) => {
      this.reference(name, kind, known, [...path, index]);
    });
  }

  keys(value: unknown, kind: string, known: readonly string[], path: PathSegment[]): void {
    if (!isRecord(value)) return;
    for (const key of Object.keys(value)) this.reference(key, kind, known, [...path, key]);
  }

  uniqueIds(value: unknown, path: PathSegment[]): void {
    const seen = new Set<string>();
    list(value).forEach((item, index) => {
      if (!isRecord(item) || typeof item.id !== "string") return;
      if (seen.has(item.id))
        this.issues.push({ code: "duplicate_id", path: [...path, index, "id"], name: item.id });
      seen.add(item.id);
    });
  }

  sharesSumToOne(shares: unknown[], path: PathSegment[]): void {
    if (shares.length === 0 || !shares.every((share) => typeof share === "number")) return;
    const sum = (shares as number[]).reduce((total, share) => total + share, 0);
    if (Math.abs(sum - 1) > SHARE_TOLERANCE) {
      this.issues.push({ code: "shares_sum", path, detail: String(Number(sum.toPrecision(10))) });
    }
  }

  /** A score threshold must lie within the score range, or it compares with scores that cannot exist. */
  withinRange(value: unknown, range: ScoreRange | undefined, path: PathSegment[]): void {
    if (!range || typeof value !== "number") return;
    if (value < range.min || value > range.max) {
      this.issues.push({
        code: "out_of_range",
        path,
        expected: `a score within scoring.range, from ${range.min} to ${range.max}`,
        received: String(value),
      });
    }
  }

  needs(present: boolean, section: string, path: PathSegment[], what: string): void {
    if (!present) this.issues.push({ code: "needs_section", path, name: section, detail: what });
  }
}

/** The most cells a population may have: a citizen's cell is a 16-bit index (`Population.cell`). */
export const MAX_CELLS = 65_536;

/** Cross-field checks of raw scenario data; returns every problem found. */
export function checkReferences(raw: unknown): ScenarioIssue[] {
  const check = new Checker();
  if (!isRecord(raw)) return check.issues;
  const population = isRecord(raw.population) ? raw.population : {};
  const dimension = (key: string) => (population[key] === undefined ? ["all"] : idsOf(population[key]));
  const regions = dimension("regions");
  const groups = dimension("groups");
  const incomeBands = dimension("incomeBands");
  const ageBands = dimension("ageBands");
  const behaviours = idsOf(raw.behaviours);
  const sources = idsOf(raw.sources);
  const references = idsOf(raw.references);

  for (const key of ["regions", "groups", "incomeBands", "ageBands"]) {
    check.uniqueIds(population[key], ["population", key]);
    const items = list(population[key]).filter(isRecord);
    if (items.length > 0)
      check.sharesSumToOne(
        items.map((item) => item.share),
        ["population", key],
      );
  }
  // A citizen's cell (region × group × income band × age band) is held in 16 bits.
  const cells = regions.length * groups.length * incomeBands.length * ageBands.length;
  if (cells > MAX_CELLS) {
    check.issues.push({
      code: "out_of_range",
      path: ["population"],
      expected: `at most ${MAX_CELLS.toLocaleString("en-US")} cells (regions × groups × income bands × age bands)`,
      received: `${regions.length} × ${groups.length} × ${incomeBands.length} × ${ageBands.length} = ${cells.toLocaleString("en-US")}`,
    });
  }
  const nested = [
    ["groupShareByRegion", "region", regions, "group", groups],
    ["incomeShareByGroup", "group", groups, "income band", incomeBands],
  ] as const;
  for (const [key, outerKind, outerIds, innerKind, innerIds] of nested) {
    const table = population[key];
    if (!isRecord(table)) continue;
    for (const [outer, inner] of Object.entries(table)) {
      const path = ["population", key, outer];
      check.reference(outer, outerKind, outerIds, path);
      check.keys(inner, innerKind, innerIds, path);
      if (isRecord(inner)) check.sharesSumToOne(Object.values(inner), path);
    }
  }

  check.uniqueIds(raw.behaviours, ["behaviours"]);
  list(raw.behaviours).forEach((behaviour, index) => {
    if (!isRecord(behaviour)) return;
    const path = ["behaviours", index];
    check.keys(behaviour.rateByGroup, "group", groups, [...path, "rateByGroup"]);
    check.keys(behaviour.rateByRegion, "region", regions, [...path, "rateByRegion"]);
    check.keys(behaviour.rateByIncome, "income band", incomeBands, [...path, "rateByIncome"]);
    check.keys(behaviour.rateByAge, "age band", ageBands, [...path, "rateByAge"]);
  });

  check.uniqueIds(raw.sources, ["sources"]);
  list(raw.sources).forEach((source, index) => {
    if (!isRecord(source)) return;
    const path = ["sources", index];
    check.referenceList(source.observes, "behaviour", behaviours, [...path, "observes"]);
    check.keys(source.detectionByGroup, "group", groups, [...path, "detectionByGroup"]);
    check.keys(source.detectionByIncome, "income band", incomeBands, [...path, "detectionByIncome"]);
    if (isRecord(source.misattribution)) {
      check.keys(source.misattribution.victimWeightByGroup, "group", groups, [
        ...path,
        "misattribution",
        "victimWeightByGroup",
      ]);
    }
    if (isRecord(source.spurious)) {
      const observed = list(source.observes).filter((name): name is string => typeof name === "string");
      list(source.spurious.behaviours).forEach((name, b) => {
        if (typeof name !== "string" || observed.includes(name)) return;
        const issuePath = [...path, "spurious", "behaviours", b];
        check.issues.push({
          code: "not_observed",
          path: issuePath,
          name,
          known: observed,
          suggestion: closest(name, observed),
        });
      });
      check.keys(source.spurious.byGroup, "group", groups, [...path, "spurious", "byGroup"]);
    }
  });

  checkDailyRates(check, raw);
  checkPointsPrecision(check, raw);
  checkRunLength(check, raw);
  const categories = checkScoring(check, raw.scoring);
  checkInitialScores(check, raw.scoring, groups, incomeBands);
  checkBlacklist(check, raw, behaviours, sources);
  checkConsequences(check, raw, categories, groups, incomeBands, ageBands);
  checkOutcomes(check, raw, behaviours, groups, incomeBands);

  if (isRecord(raw.responses)) {
    for (const [name, response] of Object.entries(raw.responses)) {
      if (isRecord(response)) {
        check.referenceList(response.behaviours, "behaviour", behaviours, ["responses", name, "behaviours"]);
      }
    }
    const { association, distress, deterrence, chilling } = raw.responses;
    if (isRecord(association)) {
      check.needs(isRecord(raw.blacklist), "blacklist", ["responses", "association"], "association");
      check.needs(
        isRecord(raw.scoring),
        "scoring",
        ["responses", "association"],
        "association's lost points",
      );
    }
    for (const [name, response] of [
      ["deterrence", deterrence],
      ["chilling", chilling],
    ] as const) {
      if (isRecord(response)) {
        check.needs(
          list(raw.sources).length > 0,
          "sources",
          ["responses", name],
          `${name} (surveillance to perceive)`,
        );
      }
    }
    const consequences = isRecord(raw.consequences) ? raw.consequences : {};
    const sanctions = list(consequences.opportunities).some(
      (item) => isRecord(item) && isRecord(item.deniedTo),
    );
    if (isRecord(distress)) {
      check.needs(
        isRecord(raw.blacklist) || sanctions,
        "blacklist",
        ["responses", "distress"],
        "distress (a listing or a denied opportunity to be distressed by)",
      );
    }
    checkStateRules(check, raw, behaviours, categories, sanctions);
  }
  if (isRecord(raw.dueProcess)) {
    const { appeals, repair } = raw.dueProcess;
    if (isRecord(repair)) {
      check.referenceList(repair.behaviours, "behaviour", behaviours, ["dueProcess", "repair", "behaviours"]);
      check.needs(isRecord(raw.scoring), "scoring", ["dueProcess", "repair"], "credit repair");
    }
    if (isRecord(appeals)) {
      check.needs(
        isRecord(raw.blacklist),
        "blacklist",
        ["dueProcess", "appeals"],
        "appeals (a listing to appeal)",
      );
      check.keys(appeals.probabilityByIncome, "income band", incomeBands, [
        "dueProcess",
        "appeals",
        "probabilityByIncome",
      ]);
    }
  }

  check.uniqueIds(raw.references, ["references"]);
  list(raw.provenance).forEach((entry, index) => {
    if (!isRecord(entry)) return;
    check.reference(entry.reference, "reference", references, ["provenance", index, "reference"]);
    if (typeof entry.path === "string") {
      const missing = resolveDotted(raw, entry.path);
      if (missing) {
        check.issues.push({
          code: "unknown_reference",
          path: ["provenance", index, "path"],
          kind: `${missing.inList ? "item" : "field"} "${missing.segment}" in parameter path`,
          name: entry.path,
          known: missing.known,
          suggestion: closest(missing.segment, missing.known),
        });
      }
    }
    if (entry.status === "reported" && entry.reference === undefined) {
      check.issues.push({
        code: "missing",
        path: ["provenance", index, "reference"],
        expected: "a reference id",
      });
    }
  });
  return check.issues;
}

/**
 * Follows a dotted parameter path (`sources.cctv.detection`, list items by id or index) through the data;
 * returns the first segment that names nothing, with the names that were there, or undefined if the path exists.
 */
function resolveDotted(
  raw: Raw,
  dotted: string,
): { segment: string; known: string[]; inList: boolean } | undefined {
  let node: unknown = raw;
  for (const segment of dotted.split(".")) {
    if (Array.isArray(node)) {
      const ids = idsOf(node);
      const index = ids.indexOf(segment);
      if (index >= 0) node = node.find((item) => isRecord(item) && item.id === segment);
      else if (/^\d+$/.test(segment) && Number(segment) < node.length) node = node[Number(segment)];
      else return { segment, known: ids, inList: true };
    } else if (isRecord(node) && Object.hasOwn(node, segment) && !isReservedName(segment)) {
      node = node[segment];
    } else {
      return { segment, known: isRecord(node) ? Object.keys(node) : [], inList: false };
    }
  }
  return undefined;
}

/** Initial scores by group and by income band: known ids, means within the range. */
function checkInitialScores(check: Checker, scoring: unknown, groups: string[], incomeBands: string[]): void {
  if (!isRecord(scoring) || !isRecord(scoring.initial)) return;
  const tables = [
    ["byGroup", "group", groups],
    ["byIncome", "income band", incomeBands],
  ] as const;
  for (const [key, kind, known] of tables) {
    const table = scoring.initial[key];
    const path = ["scoring", "initial", key];
    check.keys(table, kind, known, path);
    if (!isRecord(table)) continue;
    for (const [name, entry] of Object.entries(table)) {
      if (isRecord(entry)) check.withinRange(entry.mean, scoreRange(scoring), [...path, name, "mean"]);
    }
  }
}

/** Range, initial score and bands; returns the categories the bands define. */
function checkScoring(check: Checker, scoring: unknown): string[] {
  if (!isRecord(scoring)) return [];
  const range = isRecord(scoring.range) ? scoring.range : {};
  const { min, max } = range;
  const rangeValid = typeof min === "number" && typeof max === "number" && min < max;
  if (typeof min === "number" && typeof max === "number" && min >= max) {
    check.issues.push({
      code: "invalid_range",
      path: ["scoring", "range"],
      detail: `min ${min} ≥ max ${max}`,
    });
  }
  const inRange = (value: unknown, path: PathSegment[]) =>
    check.withinRange(value, scoreRange(scoring), path);
  if (isRecord(scoring.initial)) inRange(scoring.initial.mean, ["scoring", "initial", "mean"]);
  if (isRecord(scoring.decay)) inRange(scoring.decay.towards, ["scoring", "decay", "towards"]);

  check.uniqueIds(scoring.bands, ["scoring", "bands"]);
  const bands = list(scoring.bands)
    .map((band, index) => ({ band, index }))
    .filter((entry): entry is { band: Raw; index: number } => isRecord(entry.band))
    .filter(({ band }) => typeof band.min === "number" && typeof band.max === "number");
  for (const { band, index } of bands) {
    if ((band.min as number) >= (band.max as number)) {
      check.issues.push({
        code: "invalid_range",
        path: ["scoring", "bands", index],
        detail: `min ${band.min} ≥ max ${band.max}`,
      });
    }
  }
  const sorted = [...bands].sort((a, b) => (a.band.min as number) - (b.band.min as number));
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1].band;
    const { band, index } = sorted[i];
    const name = (b: Raw) => (typeof b.id === "string" ? `"${b.id}"` : "a band");
    const span = (b: Raw) => `[${b.min}, ${b.max})`;
    if ((band.min as number) < (previous.max as number)) {
      check.issues.push({
        code: "band_overlap",
        path: ["scoring", "bands", index],
        detail: `${name(band)} ${span(band)} overlaps ${name(previous)} ${span(previous)}`,
      });
    } else if ((band.min as number) > (previous.max as number)) {
      check.issues.push({
        code: "band_gap",
        path: ["scoring", "bands", index],
        detail: `scores from ${previous.max} to ${band.min} fall between ${name(previous)} and ${name(band)}`,
      });
    }
  }
  if (rangeValid && sorted.length > 0) {
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    if (first.band.min !== min) {
      check.issues.push({
        code: "band_bounds",
        path: ["scoring", "bands", first.index, "min"],
        detail: `the lowest band starts at ${first.band.min}, the range at ${min}`,
      });
    }
    if (last.band.max !== max) {
      check.issues.push({
        code: "band_bounds",
        path: ["scoring", "bands", last.index, "max"],
        detail: `the highest band ends at ${last.band.max}, the range at ${max}`,
      });
    }
  }
  const categories = new Set<string>();
  for (const band of list(scoring.bands))
    if (isRecord(band) && typeof band.category === "string") categories.add(band.category);
  return [...categories];
}

function checkBlacklist(check: Checker, raw: Raw, behaviours: string[], sources: string[]): void {
  const blacklist = raw.blacklist;
  if (!isRecord(blacklist)) return;
  const entry = isRecord(blacklist.entry) ? blacklist.entry : undefined;
  const range = scoreRange(raw.scoring);
  if (entry) {
    check.referenceList(entry.behaviours, "behaviour", behaviours, ["blacklist", "entry", "behaviours"]);
    check.referenceList(entry.courtSources, "source", sources, ["blacklist", "entry", "courtSources"]);
    const hasRule =
      entry.scoreBelow !== undefined ||
      entry.scoreAtLeast !== undefined ||
      entry.severity !== undefined ||
      list(entry.behaviours).length > 0 ||
      list(entry.courtSources).length > 0;
    if (!hasRule) check.issues.push({ code: "empty_rule", path: ["blacklist", "entry"] });
    for (const key of ["scoreBelow", "scoreAtLeast"]) {
      check.withinRange(entry[key], range, ["blacklist", "entry", key]);
      if (entry[key] !== undefined)
        check.needs(isRecord(raw.scoring), "scoring", ["blacklist", "entry", key], "a score threshold");
    }
    // Below one value or at least another: the two rules list everyone unless the second lies above the first.
    checkAboveBelow(check, entry, "entry", "every score meets one of the two rules");
  }
  if (isRecord(blacklist.exit)) {
    check.referenceList(blacklist.exit.complianceBehaviours, "behaviour", behaviours, [
      "blacklist",
      "exit",
      "complianceBehaviours",
    ]);
    const exit = blacklist.exit;
    check.withinRange(exit.scoreAtLeast, range, ["blacklist", "exit", "scoreAtLeast"]);
    check.withinRange(exit.scoreBelow, range, ["blacklist", "exit", "scoreBelow"]);
    // A score exit moves away from the score entry rule: a list of low scores is left by rising, one of high scores
    // by falling. The same direction would let a citizen go for meeting the entry rule more than ever.
    const directions = [
      ["scoreAtLeast", "a rising score", "scoreBelow"],
      ["scoreBelow", "a falling score", "scoreAtLeast"],
    ] as const;
    for (const [key, leaving, instead] of directions) {
      if (exit[key] !== undefined && entry?.[key] !== undefined) {
        check.issues.push({
          code: "invalid_value",
          path: ["blacklist", "exit", key],
          expected:
            `no exit.${key} on a list entered by entry.${key}: a citizen listed for its score would leave by ` +
            `${leaving}, meeting the entry rule more than ever (use exit.${instead})`,
          received: String(exit[key]),
        });
      }
    }
    checkAboveBelow(check, exit, "exit", "every score leaves the list");
    const minimumDays = blacklist.minimumDays ?? 730;
    if (
      typeof exit.maximumDays === "number" &&
      typeof minimumDays === "number" &&
      exit.maximumDays < minimumDays
    ) {
      check.issues.push({
        code: "out_of_range",
        path: ["blacklist", "exit", "maximumDays"],
        expected: `at least blacklist.minimumDays (${minimumDays}): a listing lasts its minimum before any exit`,
        received: String(exit.maximumDays),
      });
    }
    for (const key of ["scoreAtLeast", "scoreBelow"]) {
      if (exit[key] !== undefined)
        check.needs(isRecord(raw.scoring), "scoring", ["blacklist", "exit", key], "a score to leave");
    }
  }
}

/**
 * `responses.byState`: known behaviours, categories and bands; a state that can occur (a list to be listed on, a
 * score to have a band); and one sanction window (distress's, when distress is on).
 */
function checkStateRules(
  check: Checker,
  raw: Raw,
  behaviours: string[],
  categories: string[],
  sanctions: boolean,
): void {
  const responses = isRecord(raw.responses) ? raw.responses : {};
  const scoring = isRecord(raw.scoring) ? raw.scoring : undefined;
  const bands = idsOf(scoring?.bands);
  list(responses.byState).forEach((rule, index) => {
    if (!isRecord(rule)) return;
    const path = ["responses", "byState", index];
    check.referenceList(rule.behaviours, "behaviour", behaviours, [...path, "behaviours"]);
    if (!isRecord(rule.when)) return;
    const when = rule.when;
    check.referenceList(when.categories, "category", categories, [...path, "when", "categories"]);
    check.referenceList(when.bands, "band", bands, [...path, "when", "bands"]);
    for (const key of ["categories", "bands"]) {
      if (when[key] !== undefined)
        check.needs(scoring !== undefined, "scoring", [...path, "when", key], `\`${key}\``);
    }
    if (when.listed !== undefined)
      check.needs(isRecord(raw.blacklist), "blacklist", [...path, "when", "listed"], "`listed`");
    for (const key of ["sanctioned", "distressed"]) {
      if (when[key] !== undefined) {
        check.needs(
          isRecord(raw.blacklist) || sanctions,
          "blacklist",
          [...path, "when", key],
          `\`${key}\` (a listing or a denied opportunity)`,
        );
      }
    }
  });
  if (
    responses.sanctionDays !== undefined &&
    isRecord(responses.distress) &&
    responses.distress.enabled !== false
  ) {
    check.issues.push({
      code: "out_of_range",
      path: ["responses", "sanctionDays"],
      expected: "no sanctionDays while distress is on: its durationDays is the sanction window",
      received: String(responses.sanctionDays),
    });
  }
}

/**
 * A pair of score rules "below b" and "at least a" on `blacklist.<part>`: every score meets one of them unless a
 * lies above b (`consequence` says what follows). Reported at `scoreAtLeast`.
 */
function checkAboveBelow(
  check: Checker,
  rules: Record<string, unknown>,
  part: "entry" | "exit",
  consequence: string,
): void {
  const { scoreBelow, scoreAtLeast } = rules;
  if (typeof scoreBelow !== "number" || typeof scoreAtLeast !== "number" || scoreAtLeast > scoreBelow) return;
  check.issues.push({
    code: "out_of_range",
    path: ["blacklist", part, "scoreAtLeast"],
    expected: `a score above ${part}.scoreBelow (${scoreBelow}): otherwise ${consequence}`,
    received: String(scoreAtLeast),
  });
}

function checkConsequences(
  check: Checker,
  raw: Raw,
  categories: string[],
  groups: string[],
  incomeBands: string[],
  ageBands: string[],
): void {
  const consequences = raw.consequences;
  if (!isRecord(consequences)) return;
  const rule = (value: unknown, path: PathSegment[]) => {
    if (!isRecord(value)) return;
    check.referenceList(value.categories, "category", categories, [...path, "categories"]);
    check.withinRange(value.scoreBelow, scoreRange(raw.scoring), [...path, "scoreBelow"]);
    check.withinRange(value.scoreAtLeast, scoreRange(raw.scoring), [...path, "scoreAtLeast"]);
    for (const key of ["scoreBelowByGroup", "scoreAtLeastByGroup"]) {
      check.keys(value[key], "group", groups, [...path, key]);
      if (isRecord(value[key]))
        for (const [group, threshold] of Object.entries(value[key]))
          check.withinRange(threshold, scoreRange(raw.scoring), [...path, key, group]);
    }
    if (value.listed === true)
      check.needs(isRecord(raw.blacklist), "blacklist", [...path, "listed"], "`listed`");
    // An empty list of categories is no rule (it is what a rule written `{}` reads back as, defaults filled in).
    for (const key of [
      "scoreBelow",
      "scoreAtLeast",
      "categories",
      "scoreBelowByGroup",
      "scoreAtLeastByGroup",
    ]) {
      const empty =
        (Array.isArray(value[key]) && value[key].length === 0) ||
        (isRecord(value[key]) && Object.keys(value[key]).length === 0);
      if (value[key] !== undefined && !empty)
        check.needs(isRecord(raw.scoring), "scoring", [...path, key], `\`${key}\``);
    }
  };
  for (const key of ["opportunities", "rewards"]) {
    check.uniqueIds(consequences[key], ["consequences", key]);
    list(consequences[key]).forEach((item, index) => {
      if (!isRecord(item)) return;
      const path = ["consequences", key, index];
      check.keys(item.rateByIncome, "income band", incomeBands, [...path, "rateByIncome"]);
      check.keys(item.rateByAge, "age band", ageBands, [...path, "rateByAge"]);
      rule(item.deniedTo, [...path, "deniedTo"]);
      rule(item.grantedTo, [...path, "grantedTo"]);
    });
  }
}

/**
 * The outcomes of opportunities: their behaviours are defined; a probability chooses between exactly two of them;
 * a table's keys name groups and income bands; a logistic in the score needs scoring.
 */
function checkOutcomes(
  check: Checker,
  raw: Raw,
  behaviours: string[],
  groups: string[],
  incomeBands: string[],
): void {
  const consequences = isRecord(raw.consequences) ? raw.consequences : {};
  list(consequences.opportunities).forEach((item, index) => {
    if (!isRecord(item) || !isRecord(item.outcomes)) return;
    for (const when of ["granted", "denied"]) {
      const outcome = item.outcomes[when];
      if (!isRecord(outcome)) continue;
      const path = ["consequences", "opportunities", index, "outcomes", when];
      check.referenceList(outcome.behaviours, "behaviour", behaviours, [...path, "behaviours"]);
      const probability = outcome.probability;
      if (probability === undefined || probability === null) continue;
      const count = list(outcome.behaviours).length;
      if (Array.isArray(outcome.behaviours) && count !== 2) {
        check.issues.push({
          code: "invalid_value",
          path: [...path, "behaviours"],
          expected:
            "exactly two behaviours when a probability is given (the first's; the second has the rest)",
          received: `${count} behaviour${count === 1 ? "" : "s"}`,
        });
      }
      if (!isRecord(probability)) continue;
      check.keys(probability.byGroup, "group", groups, [...path, "probability", "byGroup"]);
      check.keys(probability.byIncome, "income band", incomeBands, [...path, "probability", "byIncome"]);
      if (probability.logistic !== undefined) {
        check.needs(
          isRecord(raw.scoring),
          "scoring",
          [...path, "probability", "logistic"],
          "a logistic in the score",
        );
      }
    }
  });
}

/** `run.warmupDays` and `run.days` (each at most 36,500) together within `MAX_SIMULATED_DAYS`. */
function checkRunLength(check: Checker, raw: Raw): void {
  const run = isRecord(raw.run) ? raw.run : {};
  const days = typeof run.days === "number" ? run.days : DEFAULT_RUN_DAYS;
  const warmup = typeof run.warmupDays === "number" ? run.warmupDays : 0;
  if (!(warmup + days > MAX_SIMULATED_DAYS)) return;
  check.issues.push({
    code: "out_of_range",
    path: ["run", run.warmupDays === undefined ? "days" : "warmupDays"],
    expected: `run.warmupDays + run.days of at most ${MAX_SIMULATED_DAYS.toLocaleString("en")} (the engine holds days in 16 bits)`,
    received: `${warmup} + ${days} = ${warmup + days}`,
  });
}

/** The smallest points, as a share of the score range's largest magnitude, that a score held in 32 bits keeps. */
export const SMALLEST_POINTS_SHARE = 2 ** -20;

/**
 * Scores are held as 32-bit floats (a 24-bit significand): points far below a score's last bit would be lost to
 * rounding, so every behaviour's nonzero points, and an association penalty (its points × `everyDays`), must be at
 * least 2^−20 of the range's largest magnitude (8 to 16 units in the last place of the largest score): 0.000906 for
 * a range up to 950, 954 for one up to 10^9.
 */
function checkPointsPrecision(check: Checker, raw: Raw): void {
  const scoring = isRecord(raw.scoring) ? raw.scoring : undefined;
  if (!scoring || scoring.enabled === false || !isRecord(scoring.range)) return;
  const { min, max } = scoring.range;
  if (typeof min !== "number" || typeof max !== "number" || !(min < max)) return;
  const largest = Math.max(Math.abs(min), Math.abs(max));
  const smallest = SMALLEST_POINTS_SHARE * largest;
  const refuse = (path: PathSegment[], received: string, what: string) =>
    check.issues.push({
      code: "out_of_range",
      path,
      expected:
        `0 or ${what} of at least ${Number(smallest.toPrecision(3))} in magnitude: scores are held as 32-bit ` +
        `floats, and a smaller change is lost to rounding on a score of up to ${largest} (raise the points, or ` +
        `narrow scoring.range)`,
      received,
    });
  list(raw.behaviours).forEach((behaviour, index) => {
    if (!isRecord(behaviour) || typeof behaviour.points !== "number" || behaviour.points === 0) return;
    if (Math.abs(behaviour.points) < smallest)
      refuse(["behaviours", index, "points"], String(behaviour.points), "points");
  });
  const responses = isRecord(raw.responses) ? raw.responses : {};
  const association = isRecord(responses.association) ? responses.association : undefined;
  if (!association || association.enabled === false) return;
  const points = typeof association.points === "number" ? association.points : ASSOCIATION_DEFAULTS.points;
  const everyDays =
    typeof association.everyDays === "number" ? association.everyDays : ASSOCIATION_DEFAULTS.everyDays;
  if (points !== 0 && Math.abs(points * everyDays) < smallest) {
    refuse(
      ["responses", "association", "points"],
      `${points} × ${everyDays} = ${Number((points * everyDays).toPrecision(6))}`,
      "points × everyDays",
    );
  }
}

/** The most events a citizen's day may expect: the engine's Poisson draws count exactly up to 2^52. */
export const MAX_DAILY_RATE = 2 ** 52;

/** The largest value in a table of multipliers, 1 standing for the ids it leaves out. */
function largestMultiplier(table: unknown): number {
  if (!isRecord(table)) return 1;
  return Math.max(1, ...Object.values(table).filter((value): value is number => typeof value === "number"));
}

/** The largest propensity multiplier for shape k: the top class of its discrete gamma (`discreteGamma`). */
export function largestPropensity(shape: number): number {
  const levels = discreteGamma(shape);
  return levels[levels.length - 1];
}

/**
 * Every channel of a citizen's day (acts, spurious records, opportunities) at its largest — the largest multiplier
 * of each table, the largest propensity, distress and gaming at full — must together expect at most 2^52 events,
 * or the engine's Poisson draw cannot count them. The problem is reported at the rate that contributes most.
 */
function checkDailyRates(check: Checker, raw: Raw): void {
  const population = isRecord(raw.population) ? raw.population : {};
  const defaultShape = isRecord(population.propensity) ? population.propensity.shape : 2;
  const responses = isRecord(raw.responses) ? raw.responses : {};
  const distress =
    isRecord(responses.distress) && responses.distress.enabled !== false ? responses.distress : {};
  const distressed = list(distress.behaviours);
  // A multiplier out of its range (1 to 1000) is refused by the schema: it bounds nothing here.
  const distressMultiplier =
    typeof distress.multiplier === "number" && distress.multiplier >= 1 && distress.multiplier <= 1000
      ? distress.multiplier
      : 1;
  // The state rules at their largest: every rule on a behaviour that raises it, as if all held at once.
  const stateBound = new Map<unknown, number>();
  for (const rule of list(responses.byState)) {
    if (!isRecord(rule) || typeof rule.multiplier !== "number" || rule.multiplier <= 1) continue;
    for (const id of list(rule.behaviours)) stateBound.set(id, (stateBound.get(id) ?? 1) * rule.multiplier);
  }
  const gaming = isRecord(responses.gaming) && responses.gaming.enabled !== false ? responses.gaming : {};
  const gamingFactor = 1 + (typeof gaming.strength === "number" ? gaming.strength : 0);
  const channels: { path: PathSegment[]; rate: number; daily: number }[] = [];
  list(raw.behaviours).forEach((behaviour, index) => {
    if (!isRecord(behaviour) || typeof behaviour.rate !== "number") return;
    const shape = isRecord(behaviour.heterogeneity) ? behaviour.heterogeneity.shape : defaultShape;
    // A shape out of its range is refused by the schema: it bounds nothing here.
    const valid = typeof shape === "number" && shape >= MIN_SHAPE && shape <= MAX_SHAPE;
    const propensity = valid ? largestPropensity(shape) : 1;
    const daily =
      (behaviour.rate / 365) *
      largestMultiplier(behaviour.rateByGroup) *
      largestMultiplier(behaviour.rateByRegion) *
      largestMultiplier(behaviour.rateByIncome) *
      largestMultiplier(behaviour.rateByAge) *
      propensity *
      (distressed.includes(behaviour.id) ? distressMultiplier : 1) *
      (stateBound.get(behaviour.id) ?? 1) *
      gamingFactor;
    channels.push({ path: ["behaviours", index, "rate"], rate: behaviour.rate, daily });
  });
  list(raw.sources).forEach((source, index) => {
    if (!isRecord(source) || !isRecord(source.spurious) || typeof source.spurious.rate !== "number") return;
    const daily = (source.spurious.rate / 365) * largestMultiplier(source.spurious.byGroup);
    channels.push({ path: ["sources", index, "spurious", "rate"], rate: source.spurious.rate, daily });
  });
  const consequences = isRecord(raw.consequences) ? raw.consequences : {};
  list(consequences.opportunities).forEach((opportunity, index) => {
    if (!isRecord(opportunity) || typeof opportunity.rate !== "number") return;
    const daily =
      (opportunity.rate / 365) *
      largestMultiplier(opportunity.rateByIncome) *
      largestMultiplier(opportunity.rateByAge);
    channels.push({ path: ["consequences", "opportunities", index, "rate"], rate: opportunity.rate, daily });
  });
  const total = channels.reduce((sum, channel) => sum + channel.daily, 0);
  // A total that overflows comes from a field beyond its own bounds, which the schema reports.
  if (!(total > MAX_DAILY_RATE) || !Number.isFinite(total)) return;
  const largest = channels.reduce((a, b) => (b.daily > a.daily ? b : a));
  const fits = largest.rate * Math.max(0, 1 - (total - MAX_DAILY_RATE) / largest.daily);
  check.issues.push({
    code: "out_of_range",
    path: largest.path,
    expected:
      `a rate for which a citizen's expected events of one day, with the largest multipliers, propensity, ` +
      `distress and gaming, stay at most 2^52 (the engine's Poisson draws count exactly up to there): here at most ` +
      `about ${Number(fits.toPrecision(3))}`,
    received: String(largest.rate),
  });
}
