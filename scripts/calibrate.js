// `npm run calibrate [-- --write]`: calibrates scenarios/china-2020.yaml against the reported figures below (each
// with its source in docs/CALIBRATION.md) and writes what it did to docs/CALIBRATION.md (with --write).
//
// Targets (REPORTED figures; the percentages are derived):
// 1. At the end of 2019 (the scenario's day 2190, six years after its day 0 on 1 January 2014, through the
//    roll-out of its timeline), about 0.4% of the population listed (5.7M of 1.4B currently on the court blacklist,
//    early 2020). Tuned: one multiplier on the rates of the two behaviours that put citizens on the list
//    by themselves — drunk driving (a severe act) and loan default (court records) — found by bisection.
// 2. Blocked air-ticket purchases per listed person-year between 0.6 and 1.5 (~8M blocked in 2018 for ~5.7–13M
//    listed). Tuned: the air-ticket request rate, towards the middle of the range (1.0), by proportional steps.
// 3. Camera coverage consistent with ~350M cameras for 1.4B people (one per four): not simulated — the regions'
//    surveillance coverage is checked against the stated assumption of how many citizens a camera covers.
//
// Every evaluation is one run of the scenario at CITIZENS citizens for WARM_UP_DAYS days on every core, on the
// scenario's own seed: the search is deterministic, and rerunning it gives the same document. 250,000 citizens list
// about 1,000: the share's sampling error (about 3% of it) is inside the tolerance (5%), and a run takes about two
// minutes on two cores, as `npm test` reruns it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { loadScenario, simulate } from "../dist/index.js";

const CITIZENS = 250_000;
export const WARM_UP_DAYS = 6 * 365;
const LISTED_TARGET = 0.004;
const LISTED_TOLERANCE = 0.0002;
const AIR_TARGET = 1.0;
const AIR_RANGE = [0.6, 1.5];
const LISTING_BEHAVIOURS = ["drunk-driving", "loan-default"];
/**
 * Where the search starts: the values china-2020 had before it was calibrated (hand-set assumptions). Starting from
 * fixed values, not from the file, makes the search the same on every rerun; the file is then checked as it stands.
 */
const START = { rates: { "drunk-driving": 0.005, "loan-default": 0.01 }, airRate: 0.5 };
/** Citizens whose public acts one camera covers: the assumption that turns cameras into coverage. */
const CITIZENS_PER_CAMERA_VIEW = 2.4;
const CAMERAS = 350e6;
const PEOPLE = 1.4e9;

const OUTPUT = fileURLToPath(new URL("../docs/CALIBRATION.md", import.meta.url));

/** The measures the targets are about, from one run of china-2020 with `overrides`. */
export async function measure(overrides, citizens = CITIZENS, days = WARM_UP_DAYS) {
  const scenario = loadScenario("china-2020", [
    `population.size=${citizens}`,
    `run.days=${days}`,
    "measurement.pairedBaseline=false",
    ...overrides,
  ]);
  const { summary } = await simulate(scenario, { threads: os.availableParallelism() });
  const listedPersonYears = summary.listings.personDays / 365;
  return {
    listedShare: summary.listings.current / summary.population,
    airPerListedYear: summary.denied["air-ticket"].denied / listedPersonYears,
    listed: summary.listings.current,
    airDenied: summary.denied["air-ticket"].denied,
    listedPersonYears,
  };
}

/** The overrides that scale the listing behaviours' starting rates by `factor` and set the air-ticket rate. */
function overridesFor(factor, airRate) {
  return [
    ...LISTING_BEHAVIOURS.map((id) => `behaviours.${id}.rate=${round(START.rates[id] * factor)}`),
    `consequences.opportunities.air-ticket.rate=${round(airRate)}`,
  ];
}

function round(value) {
  return Number(value.toPrecision(3));
}

const percent = (value) => `${(value * 100).toFixed(3)}%`;

async function main() {
  const write = process.argv.includes("--write");
  // --cache FILE keeps each evaluation's measures by its overrides, so that rerunning the search after copying the
  // tuned values into the file runs only what changed (the search itself is deterministic).
  const cacheAt = process.argv.indexOf("--cache");
  const cacheFile = cacheAt > 0 ? process.argv[cacheAt + 1] : undefined;
  const cache = cacheFile && existsSync(cacheFile) ? JSON.parse(readFileSync(cacheFile, "utf8")) : {};
  const scenario = loadScenario("china-2020");
  const log = [];
  const evaluate = async (step, overrides) => {
    // Every step of the search sets all three tuned values; the file as it stands (no overrides) is never cached.
    const key = overrides.length > 0 ? JSON.stringify(overrides) : undefined;
    const result = (key && cache[key]) ?? (await measure(overrides));
    if (cacheFile && key) {
      cache[key] = result;
      writeFileSync(cacheFile, JSON.stringify(cache));
    }
    log.push({ step, overrides, ...result });
    console.error(
      `${step} → listed ${percent(result.listedShare)}, ` +
        `${result.airPerListedYear.toFixed(3)} air denials per listed person-year`,
    );
    return result;
  };

  // Both targets at once, by proportional steps: the listed share grows about in proportion to the listing
  // behaviours' rates (their acts are rare, and each lists), and denials per listed person-year in proportion to
  // the air-ticket request rate (which the listing rates hardly change). A step that overshoots is damped.
  let factor = 1;
  let rate = START.airRate;
  let result = await evaluate("the starting values", overridesFor(factor, rate));
  const done = () =>
    Math.abs(result.listedShare - LISTED_TARGET) <= LISTED_TOLERANCE &&
    Math.abs(result.airPerListedYear - AIR_TARGET) <= 0.1;
  for (let iteration = 1; iteration <= 6 && !done(); iteration++) {
    factor = round(factor * (LISTED_TARGET / result.listedShare));
    rate = round(rate * (AIR_TARGET / result.airPerListedYear));
    result = await evaluate(
      `listing rates × ${factor}, air-ticket rate ${rate} (step ${iteration})`,
      overridesFor(factor, rate),
    );
  }
  const tuned = overridesFor(factor, rate);
  // The file as it stands, which should hold the tuned values: then it is the same run as the last step.
  const holds = tuned.every((assignment) => {
    const [path, value] = assignment.split("=");
    return Number(valueAt(scenario, path)) === Number(value);
  });
  if (!holds) {
    console.error(
      `⚠ scenarios/china-2020.yaml does not hold the tuned values ${tuned.join(" ")}: copy them into the file and ` +
        "rerun (with --cache FILE, the search's runs are not run again)",
    );
    process.exitCode = 1;
    return;
  }
  const file = { ...result, step: "scenarios/china-2020.yaml as it stands (the same run as the last step)" };
  log.push({ ...file, overrides: [] });

  const document = report(log, tuned, file, holds, nationalCoverage(scenario));
  console.log(document);
  if (write) {
    writeFileSync(OUTPUT, document);
    console.error(`wrote ${OUTPUT}`);
  }
}

/** The value at a path like `behaviours.loan-default.rate` (list items named by their id). */
function valueAt(scenario, path) {
  let node = scenario;
  for (const segment of path.split(".")) {
    node = Array.isArray(node) ? node.find((item) => item.id === segment) : node?.[segment];
  }
  return node;
}

/** The population-weighted surveillance coverage of the scenario's regions, and what the cameras imply. */
function nationalCoverage(scenario) {
  const regions = scenario.population.regions;
  const average = regions.reduce((sum, region) => sum + region.share * region.surveillance, 0);
  const implied = Math.min(1, (CAMERAS / PEOPLE) * CITIZENS_PER_CAMERA_VIEW);
  return { average, implied, regions };
}

function report(log, tuned, file, holds, coverage) {
  const rows = log.map(
    (entry) =>
      `| ${entry.step} | ${entry.overrides.map((o) => `\`${o}\``).join("<br>") || "—"} | ${percent(entry.listedShare)} | ` +
      `${Math.round(entry.listedPersonYears).toLocaleString("en")} | ${entry.airDenied.toLocaleString("en")} | ` +
      `${entry.airPerListedYear.toFixed(3)} |`,
  );
  const meets =
    Math.abs(file.listedShare - LISTED_TARGET) <= LISTED_TOLERANCE &&
    file.airPerListedYear >= AIR_RANGE[0] &&
    file.airPerListedYear <= AIR_RANGE[1];
  return [
    "# Calibration of china-2020",
    "",
    "Produced by `npm run calibrate -- --write` (scripts/calibrate.js); do not edit by hand. The script runs",
    `scenarios/china-2020.yaml at ${CITIZENS.toLocaleString("en")} citizens for ${WARM_UP_DAYS} days (six years: from`,
    "the scenario's day 0, 1 January 2014, through its roll-out to the end of 2019, when the list's size is reported)",
    "on the scenario's seed, searches the tuned parameters below from the values the scenario had before calibration,",
    "reports every evaluation, and checks the file as it stands. The search is deterministic: rerunning it gives this",
    "document again. `test/calibration.test.ts` checks the file's figures.",
    "",
    "## Targets",
    "",
    "| target | value | source |",
    "| --- | --- | --- |",
    `| share of the population listed at the end of 2019 | ${percent(LISTED_TARGET)} ± ${percent(LISTED_TOLERANCE)} | 5.7M currently listed of 1.4B, early 2020 (Financial Times via asiafinancial) — REPORTED, percentage derived |`,
    `| blocked air-ticket purchases per listed person-year | ${AIR_RANGE[0]}–${AIR_RANGE[1]} (aiming at ${AIR_TARGET}) | ~8M flights blocked in 2018 (9.36M → 17.46M cumulative; Xinhua / China Daily 2018-01-09, SPC white paper 2019) for 5.7–13M listed — REPORTED, ratio derived |`,
    `| camera coverage | consistent with ${CAMERAS / 1e6}M cameras for ${PEOPLE / 1e9}B people | WSJ via The Verge, 2018 — REPORTED |`,
    "",
    "## Tuned parameters",
    "",
    `- **Listing behaviours' rates** (${LISTING_BEHAVIOURS.join(", ")}), scaled by one factor, to the listed share: these`,
    "  two behaviours put citizens on the list by themselves (a severe act; a court record of a refused judgment),",
    "  as the real court blacklist of judgment debtors does.",
    "- **Air-ticket request rate** (`consequences.opportunities.air-ticket.rate`), to the denials per listed",
    "  person-year.",
    "",
    "Both are found together by proportional steps: each step multiplies the factor by target share ÷ measured share",
    "and the air-ticket rate by target denials ÷ measured denials (the listed share grows about in proportion to the",
    "listing rates, whose acts are rare and list by themselves; denials in proportion to requests).",
    "",
    "Everything else keeps the values (and the `provenance` status) it has in the scenario: the rates stay",
    "assumptions, tuned ones included — calibration makes them consistent with the targets, not reported.",
    "",
    "## Evaluations",
    "",
    "| step | overrides | listed on the last day | listed person-years | air tickets denied | per listed person-year |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    `Tuned values: ${tuned.map((o) => `\`${o}\``).join(", ")}; the scenario file ` +
      `${holds ? "holds them" : "**does not hold them**"}.`,
    `The file as it stands ${meets ? "meets both targets" : "**misses a target**"}: ` +
      `${percent(file.listedShare)} listed at the end of 2019, ${file.airPerListedYear.toFixed(3)} air-ticket ` +
      "denials per listed person-year.",
    "",
    "## Camera coverage",
    "",
    "Not simulated: the regions' surveillance coverage (the share of a citizen's public acts that happen in a",
    "camera's view) is checked against the camera count under one stated assumption — a camera covers the public",
    `acts of about ${CITIZENS_PER_CAMERA_VIEW} citizens (ASSUMED: streets and stations are shared, and cameras overlap;`,
    "no source gives this figure, and it is the one that makes the camera count and the coverage agree — so the check",
    "says what the coverage takes, not that it holds).",
    `${CAMERAS / 1e6}M cameras ÷ ${PEOPLE / 1e9}B people × ${CITIZENS_PER_CAMERA_VIEW} = ${coverage.implied.toFixed(2)} national coverage; the scenario's regions give`,
    `${coverage.regions.map((region) => `${region.share} × ${region.surveillance}`).join(" + ")} = ${coverage.average.toFixed(3)}.`,
    "",
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
