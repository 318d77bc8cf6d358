// `node scripts/indices-table.js SWEEP_DIR`: a finished sweep's indices as Markdown tables, one per measure —
// Sobol S1 and ST, Morris μ*, μ and σ, or partial rank correlations, each with its 95% interval, parameters ordered
// by their main index (ST, μ* or |PRCC|), largest first — and each measure's complete cases and noise line. The
// tables of docs/SENSITIVITY.md are its output.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [directory] = process.argv.slice(2);
if (!directory) {
  console.error("usage: node scripts/indices-table.js SWEEP_DIR");
  process.exit(2);
}
const indices = JSON.parse(readFileSync(join(directory, "indices.json"), "utf8"));

/** Three significant digits; powers of ten below 0.001. */
function number(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}
const interval = (row) =>
  row?.low == null || row?.high == null ? "" : ` [${number(row.low)}, ${number(row.high)}]`;

const CASES = { sobol: "base samples", morris: "trajectories", lhs: "samples", grid: "points" };
for (const summary of indices.measures) {
  const rows = indices.rows.filter((row) => row.measure === summary.measure && row.parameter2 === null);
  const find = (parameter, index) => rows.find((row) => row.parameter === parameter && row.index === index);
  const parameters = [...new Set(rows.map((row) => row.parameter))];
  const noise =
    summary.noise === null
      ? "one replicate: noise not measured"
      : `noise ratio ${number(summary.noise.ratio)} (replicate variance ${number(summary.noise.replicateVariance)}, ` +
        `variance between points ${number(summary.noise.pointVariance)})`;
  console.log(
    `**${summary.measure}** — ${summary.used} ${CASES[indices.design]} complete, ${summary.missing} missing; ${noise}\n`,
  );
  if (indices.design === "sobol") {
    parameters.sort((a, b) => (find(b, "ST")?.value ?? -1) - (find(a, "ST")?.value ?? -1));
    console.log("| parameter | S1 [95% CI] | ST [95% CI] |\n| --- | --- | --- |");
    for (const p of parameters) {
      const s1 = find(p, "S1");
      const st = find(p, "ST");
      console.log(`| ${p} | ${number(s1?.value)}${interval(s1)} | ${number(st?.value)}${interval(st)} |`);
    }
  } else if (indices.design === "morris") {
    parameters.sort((a, b) => (find(b, "muStar")?.value ?? -1) - (find(a, "muStar")?.value ?? -1));
    console.log("| parameter | μ* [95% CI] | μ | σ |\n| --- | --- | ---: | ---: |");
    for (const p of parameters) {
      const star = find(p, "muStar");
      console.log(
        `| ${p} | ${number(star?.value)}${interval(star)} | ${number(find(p, "mu")?.value)} | ${number(find(p, "sigma")?.value)} |`,
      );
    }
  } else if (indices.design === "lhs") {
    parameters.sort((a, b) => Math.abs(find(b, "prcc")?.value ?? 0) - Math.abs(find(a, "prcc")?.value ?? 0));
    console.log("| parameter | PRCC [95% CI] |\n| --- | --- |");
    for (const p of parameters)
      console.log(`| ${p} | ${number(find(p, "prcc")?.value)}${interval(find(p, "prcc"))} |`);
  } else {
    console.log("A grid gives no indices.");
  }
  console.log("");
}
