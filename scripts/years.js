// `node scripts/years.js RUN_DIR [START_YEAR]`: a run's daily series summed by year (365 days each) for the whole
// population — listed at the year's end (and as a share), listings made, removals by cause, denials — as a Markdown
// table. With START_YEAR, years are named from it (china-2020's day 0 is 1 January 2014).
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [directory, startYear] = process.argv.slice(2);
if (!directory) {
  console.error("usage: node scripts/years.js RUN_DIR [START_YEAR]");
  process.exit(2);
}
const summary = JSON.parse(readFileSync(join(directory, "summary.json"), "utf8"));
const lines = readFileSync(join(directory, "series.csv"), "utf8").trimEnd().split("\n").slice(1);
const CAUSES = ["Compliance", "Score", "Maximum", "Minimum", "Overturned"];
const years = [];
for (const line of lines) {
  const [day, dimension, , measure, value] = line.split(",");
  if (dimension !== "all") continue;
  const y = Math.floor(Number(day) / 365);
  years[y] ??= {
    listed: 0,
    newListings: 0,
    denied: 0,
    removed: Object.fromEntries(CAUSES.map((c) => [c, 0])),
  };
  const year = years[y];
  if (measure === "listed") year.listed = Number(value);
  else if (measure === "newListings" || measure === "denied") year[measure] += Number(value);
  else if (measure.startsWith("removed")) year.removed[measure.slice("removed".length)] += Number(value);
}
const name = (y) => (startYear ? String(Number(startYear) + y) : `year ${y + 1}`);
const rows = years.map((year, y) => {
  const removed = CAUSES.map((c) => year.removed[c]);
  const total = removed.reduce((a, b) => a + b, 0);
  return `| ${name(y)} | ${year.listed.toLocaleString("en")} (${((100 * year.listed) / summary.population).toFixed(3)}%) | ${year.newListings.toLocaleString("en")} | ${total.toLocaleString("en")} | ${removed.map((r) => r.toLocaleString("en")).join(" | ")} | ${year.denied.toLocaleString("en")} |`;
});
console.log(
  [
    `${summary.scenario ?? ""} · ${summary.population.toLocaleString("en")} citizens · ${summary.days} days`,
    "",
    `| year | listed at its end | listings made | removals | ${CAUSES.map((c) => c.toLowerCase()).join(" | ")} | denials |`,
    `| --- | ---: | ---: | ---: | ${CAUSES.map(() => "---:").join(" | ")} | ---: |`,
    ...rows,
  ].join("\n"),
);
