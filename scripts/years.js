// `node scripts/years.js RUN_DIR [START_YEAR]`: a run's daily series summed by year for the whole population —
// listed at the year's end (and as a share), listings made, removals by cause, denials — as a Markdown table. Years
// are 365 simulated days counted from the first simulated day, warm-up included (a run with a warm-up starts its
// table in the year its measured days start); with START_YEAR, year 0 is named START_YEAR (china-2020's day 0 is
// 1 January 2014). A year the run covers only in part says how many of its days it holds. Without a list, the list's
// columns are blank.
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
const warmup = summary.warmupDays ?? 0;
const hasList = summary.mechanisms?.blacklist === true;
const years = [];
for (const line of lines) {
  const [day, dimension, , measure, value] = line.split(",");
  if (dimension !== "all") continue;
  const y = Math.floor((warmup + Number(day)) / 365);
  years[y] ??= { listed: 0, newListings: 0, denied: 0, removed: {} };
  const year = years[y];
  if (measure === "listed") year.listed = Number(value);
  else if (measure === "newListings" || measure === "denied") year[measure] += Number(value);
  else if (measure.startsWith("removed")) {
    const cause = measure.slice("removed".length);
    year.removed[cause] = (year.removed[cause] ?? 0) + Number(value);
  }
}
const name = (y) => (startYear ? String(Number(startYear) + y) : `year ${y + 1}`);
const count = (value) => (hasList ? value.toLocaleString("en") : "");
const rows = [];
years.forEach((year, y) => {
  if (!year) return;
  const firstDay = Math.max(y * 365, warmup);
  const lastDay = Math.min((y + 1) * 365, warmup + summary.days) - 1;
  const covered = lastDay - firstDay + 1;
  const label = covered < 365 ? `${name(y)} (${covered} days)` : name(y);
  const removed = CAUSES.map((cause) => year.removed[cause] ?? 0);
  const total = removed.reduce((a, b) => a + b, 0);
  const listed = hasList
    ? `${year.listed.toLocaleString("en")} (${((100 * year.listed) / summary.population).toFixed(3)}%)`
    : "";
  rows.push(
    `| ${label} | ${listed} | ${count(year.newListings)} | ${count(total)} | ${removed.map(count).join(" | ")} | ` +
      `${year.denied.toLocaleString("en")} |`,
  );
});
console.log(
  [
    `${summary.scenario ?? ""} · ${summary.population.toLocaleString("en")} citizens · ${summary.days} days` +
      (warmup > 0 ? ` after a warm-up of ${warmup}` : ""),
    "",
    `| year | listed at its end | listings made | removals | ${CAUSES.map((c) => c.toLowerCase()).join(" | ")} | denials |`,
    `| --- | ---: | ---: | ---: | ${CAUSES.map(() => "---:").join(" | ")} | ---: |`,
    ...rows,
  ].join("\n"),
);
