// `npm run bench:sweep [-- --write] [--runs N] [--population N] [--days D]`: how many sweep runs an hour this machine
// does with the local pool (`controlocracy sweep --jobs <cores>`) against the same runs one after another
// (`--jobs 1`), on china-2020 at 200,000 citizens × one year by default. Both sweeps run in this one invocation, on
// the same design; the ratio is what is kept. With --write, the table replaces the "Sweeps" section of
// bench/RESULTS.md, with the machine's description.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describeThisMachine, writeSection } from "./results.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const SECTION = "## Sweeps";

function parseArguments(argv) {
  const options = { write: false, runs: 4, population: 200000, days: 365 };
  for (let k = 0; k < argv.length; k++) {
    const argument = argv[k];
    if (argument === "--write") options.write = true;
    else if (["--runs", "--population", "--days"].includes(argument))
      options[argument.slice(2)] = Number(argv[++k]);
    else throw new Error(`unknown option ${argument}; known: --runs N, --population N, --days D, --write`);
  }
  for (const name of ["runs", "population", "days"]) {
    if (!Number.isInteger(options[name]) || options[name] < 1)
      throw new Error(`--${name} expects a whole number ≥ 1`);
  }
  return options;
}

/** A Latin hypercube of `runs` points over one parameter: `runs` runs of china-2020, one replicate each. */
function sweepText({ runs, population, days }) {
  return `scenario: china-2020
population: ${population}
days: ${days}
parameters:
  - { path: sources.cctv.misattribution.rate, name: misattribution, range: [0.001, 0.004] }
design: { kind: lhs, samples: ${runs} }
measures: [listedShare]
`;
}

/** Runs the sweep with `jobs` runs at once; returns the wall seconds the sweep reports. */
function timeSweep(file, out, jobs) {
  const text = execFileSync(
    process.execPath,
    ["bin/controlocracy.js", "sweep", file, "--out", out, "--jobs", String(jobs), "--json"],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  return JSON.parse(text).wallSeconds;
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const cores = os.availableParallelism();
  const folder = mkdtempSync(join(os.tmpdir(), "controlocracy-bench-sweep-"));
  try {
    const file = join(folder, "bench.yaml");
    writeFileSync(file, sweepText(options));
    const rows = [];
    for (const jobs of [1, cores]) {
      console.error(`  sweep of ${options.runs} runs, ${jobs} at once …`);
      const seconds = timeSweep(file, join(folder, `jobs-${jobs}`), jobs);
      rows.push({ jobs, seconds, perHour: (3600 * options.runs) / seconds });
      console.error(`    ${seconds.toFixed(1)} s`);
    }
    const same = ["results.parquet", "indices.json"].every((name) =>
      readFileSync(join(folder, "jobs-1", name)).equals(readFileSync(join(folder, `jobs-${cores}`, name))),
    );
    const machine = describeThisMachine();
    const [sequential, pooled] = rows;
    const table = [
      SECTION,
      "",
      `Measured by \`npm run bench:sweep -- --write\` on ${new Date().toISOString().slice(0, 10)}: ${machine}. ` +
        `china-2020 at ${options.population.toLocaleString("en-US")} citizens × ${options.days} days, a Latin hypercube of ${options.runs} points, one replicate; both sweeps in this one ` +
        "invocation.",
      "",
      "| executor | runs at once | runs | wall s | runs per hour | ratio |",
      "| --- | ---: | ---: | ---: | ---: | ---: |",
      ...rows.map(
        (row) =>
          `| ${row.jobs === 1 ? "one after another (`--jobs 1`)" : `local pool (\`--jobs ${row.jobs}\`)`} | ${row.jobs} | ` +
          `${options.runs} | ${row.seconds.toFixed(1)} | ${row.perHour.toFixed(0)} | ` +
          `${(row.perHour / sequential.perHour).toFixed(2)}× |`,
      ),
      "",
      `The pool does ${(pooled.perHour / sequential.perHour).toFixed(2)}× the runs an hour of runs one after another; ` +
        `their results are ${same ? "byte-identical" : "NOT byte-identical (a bug)"}.`,
      "",
    ].join("\n");
    console.log(table);
    if (options.write) {
      writeSection(SECTION, table);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main();
