// `npm run scenarios-doc [-- --population N] [--replicates R]`: writes docs/SCENARIOS.md and its charts
// (docs/scenarios/*.svg) from the built-in scenarios' own descriptions and one `controlocracy compare` of
// china-2020, due-process, health-pass and no-system, and one of lending against lending-group-aware on measures
// chosen for it — generated, never edited by hand.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as vega from "vega";
import { compile } from "vega-lite";
import { parse } from "yaml";
import { builtinNames } from "../dist/index.js";
import { resolveScenario } from "../dist/node/scenarios.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const COMPARED = ["china-2020", "due-process", "health-pass", "no-system"];
/** One horizon for all (health-pass's own run is the 49 days the vaccine pass lasted). */
const DAYS = 365;
/** The measures charted (all are in the table). */
const CHARTED = ["listedShare", "wrongfulPersonDays", "denied", "deniedWrongfully", "harm", "legitimateActs"];
/** The lending comparison: its scenarios, population and the summary fields it reports (`compare --measure`). */
const LENDING = ["lending", "lending-group-aware"];
const LENDING_POPULATION = "100000";
const LENDING_MEASURES = [
  "groups.group-a.meanRecordedScoreChange",
  "groups.group-b.meanRecordedScoreChange",
  "denied.loan.byGroup.group-a.denied",
  "denied.loan.byGroup.group-b.denied",
  "outcomes.loan.granted.byGroup.group-b.byBehaviour.repayment",
  "outcomes.loan.granted.byGroup.group-b.byBehaviour.default",
];

function parseArguments(argv) {
  const options = { population: "1000000", replicates: "5" };
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === "--population") options.population = argv[++k];
    else if (argv[k] === "--replicates") options.replicates = argv[++k];
    else throw new Error(`unknown option ${argv[k]}; known: --population N, --replicates R`);
  }
  return options;
}

const SHARES = new Set(["listedShare", "wrongfulShare", "precision", "recall"]);

function formatValue(measure, value) {
  if (value === null || value === undefined) return "—";
  if (SHARES.has(measure)) return `${(value * 100).toFixed(Math.abs(value) < 0.01 ? 3 : 1)}%`;
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString("en");
  return value.toFixed(Math.abs(value) < 1 ? 3 : 2);
}

/** One chart: each scenario's mean with its 95% interval, as an SVG string. */
async function chart(row) {
  const values = row.values.map((entry) => ({ scenario: entry.scenario, ...entry }));
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: row.label, fontSize: 13 },
    width: 360,
    height: 140,
    data: { values },
    encoding: { y: { field: "scenario", type: "nominal", sort: COMPARED, title: null } },
    layer: [
      {
        mark: { type: "bar", color: "#4c78a8" },
        encoding: {
          x: { field: "mean", type: "quantitative", title: "mean over replicates (95% interval)" },
        },
      },
      {
        mark: { type: "rule", color: "#222" },
        encoding: { x: { field: "low", type: "quantitative" }, x2: { field: "high" } },
      },
    ],
    config: { font: "sans-serif" },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  return view.toSVG();
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const scenarios = builtinNames().map((name) => {
    const document = parse(readFileSync(resolveScenario(name).path, "utf8"));
    return {
      name,
      title: document.title ?? "",
      description: (document.description ?? "").trim(),
      extends: document.extends,
    };
  });

  const report = compare([
    ...COMPARED,
    "--population",
    options.population,
    "--replicates",
    options.replicates,
    "--days",
    String(DAYS),
  ]);
  const lending = compare([
    ...LENDING,
    "--population",
    LENDING_POPULATION,
    "--replicates",
    options.replicates,
    ...LENDING_MEASURES.flatMap((measure) => ["--measure", measure]),
  ]);

  mkdirSync(join(root, "docs/scenarios"), { recursive: true });
  const charts = [];
  for (const row of report.rows.filter((entry) => CHARTED.includes(entry.measure))) {
    const file = `scenarios/${row.measure}.svg`;
    writeFileSync(join(root, "docs", file), await chart(row));
    charts.push(`![${row.label}](${file})`);
  }

  const header = ["measure", ...report.scenarios];
  const rows = report.rows.map((row) => [
    row.label,
    ...report.scenarios.map((scenario) => {
      const value = row.values.find((entry) => entry.scenario === scenario);
      return value
        ? `${formatValue(row.measure, value.mean)} [${formatValue(row.measure, value.low)}, ${formatValue(row.measure, value.high)}]`
        : "—";
    }),
  ]);
  const table = [
    `| ${header.join(" | ")} |`,
    `| --- | ${report.scenarios.map(() => "---:").join(" | ")} |`,
    ...rows.map((cells) => `| ${cells.join(" | ")} |`),
  ].join("\n");
  const lendingTable = [
    `| measure | ${lending.scenarios.join(" | ")} | difference |`,
    `| --- | ${lending.scenarios.map(() => "---:").join(" | ")} | ---: |`,
    ...lending.rows.map((row) => {
      const cells = lending.scenarios.map((scenario) => {
        const value = row.values.find((entry) => entry.scenario === scenario);
        return value
          ? `${formatValue(row.measure, value.mean)} [${formatValue(row.measure, value.low)}, ${formatValue(row.measure, value.high)}]`
          : "—";
      });
      const difference = row.differences?.find((entry) => entry.scenario === lending.scenarios[1]);
      const cell = difference
        ? `${formatValue(row.measure, difference.mean)} [${formatValue(row.measure, difference.low)}, ${formatValue(row.measure, difference.high)}]`
        : "—";
      return `| \`${row.measure}\` | ${cells.join(" | ")} | ${cell} |`;
    }),
  ].join("\n");

  const document = [
    "# The built-in scenarios",
    "",
    "Generated by `npm run scenarios-doc` (scripts/scenarios-doc.js) from the scenario files and one",
    "`controlocracy compare`; do not edit by hand. Each scenario file says in its header what it represents, and in",
    "its `provenance` which parameters are reported (with the source) and which are assumed. `controlocracy",
    "scenarios` lists them; `controlocracy run NAME` runs one.",
    "",
    ...scenarios.flatMap((scenario) => [
      `## ${scenario.name}`,
      "",
      `**${scenario.title}**${scenario.extends ? ` (extends ${scenario.extends})` : ""}`,
      "",
      scenario.description.replace(/\s+/g, " "),
      "",
    ]),
    "## A comparison at national-survey scale",
    "",
    `\`controlocracy compare ${COMPARED.join(" ")} --population ${options.population} --replicates ${options.replicates} --days ${DAYS}\`:`,
    `${Number(options.population).toLocaleString("en")} citizens for ${DAYS} days (health-pass too, as if the pass had lasted a year), each scenario run on the same`,
    `${report.replicates} replicate seeds (${report.seeds.join(", ")}), so the differences are paired. Each cell is the`,
    "mean over replicates with its 95% confidence interval (Student's t; with few replicates an interval can cross",
    "zero even for a share). Measures a scenario does not define (no list, no score) are blank.",
    "",
    "due-process and no-system keep china-2020's population and behaviours (they `extends` it), so their differences",
    "from china-2020 are what appeals, privacy and forgiveness — or the absence of any apparatus — change: the",
    "comparison's `comparison.json` holds the paired differences and their intervals. health-pass has its own",
    "population (French adults) and acts (vaccination, showing a pass), so compare its list and its refusals, not its",
    "harm or legitimate acts, which count different things.",
    "",
    table,
    "",
    ...charts.flatMap((line) => [line, ""]),
    "## Lending: a profit-maximising threshold against a group-aware one",
    "",
    `\`controlocracy compare ${LENDING.join(" ")} --population ${LENDING_POPULATION} --replicates ${options.replicates} ${LENDING_MEASURES.map((measure) => `--measure ${measure}`).join(" ")}\`:`,
    `${Number(LENDING_POPULATION).toLocaleString("en")} applicants for the scenarios' five years, on ${lending.replicates} paired replicate seeds. lending grants`,
    "loans from a score of 650, which maximises the lender's expected profit under its repayment curve;",
    "lending-group-aware grants them to group B from 600. A loan raises its holder's score in expectation only",
    "above a true score of about 622 (75p > 150(1 − p)), so group B's extra loans between 600 and 650 are some that",
    "help and some that hurt: the change of each group's mean score over the five years (on the record, which here",
    "sees every outcome and so equals the truth) says which wins. Each cell is the mean with its 95% interval; the",
    "last column is the paired difference.",
    "",
    lendingTable,
    "",
  ].join("\n");
  writeFileSync(join(root, "docs/SCENARIOS.md"), document);
  console.error("wrote docs/SCENARIOS.md and docs/scenarios/*.svg");
}

/** One `controlocracy compare` with `args`, its JSON report. */
function compare(args) {
  const scratch = mkdtempSync(join(os.tmpdir(), "controlocracy-scenarios-doc-"));
  console.error(`compare ${args.join(" ")}…`);
  try {
    const output = execFileSync(
      process.execPath,
      [join(root, "bin/controlocracy.js"), "compare", ...args, "--out", join(scratch, "compare"), "--json"],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 * 1024 * 1024 },
    );
    return JSON.parse(output);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
