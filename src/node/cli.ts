import { availableParallelism } from "node:os";
import { Command, CommanderError } from "commander";
import { formatIssues, ScenarioError } from "../core/scenario/index.js";
import { EXIT, UsageError } from "./errors.js";
import { describeFileSystemError, isFileSystemError } from "./fsErrors.js";
import { type Io, processIo } from "./io.js";
import { createStyle, wantsColor } from "./style.js";
import { VERSION } from "./version.js";

/**
 * Each command's code, loaded when the command runs: `controlocracy validate` or `--version` need not load the
 * queue's client or the charts' libraries (about a second of a process's start).
 */
const commands = {
  compare: () => import("./commands/compare.js"),
  report: () => import("./commands/report.js"),
  resume: () => import("./commands/resume.js"),
  run: () => import("./commands/run.js"),
  scenarios: () => import("./commands/scenarios.js"),
  schema: () => import("./commands/schema.js"),
  sweep: () => import("./commands/sweep.js"),
  sweepQueue: () => import("./commands/sweepQueue.js"),
  validate: () => import("./commands/validate.js"),
  worker: () => import("./commands/worker.js"),
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

const ABOUT =
  "controlocracy simulates social-scoring systems over synthetic populations and measures what they do to " +
  "people. It simulates; it never operates: citizens are synthetic, there are no identity fields, and nothing " +
  'answers "may this person travel?".';

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command("controlocracy")
    .description(ABOUT)
    .version(VERSION, "-v, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(createStyle(wantsColor(io.env, io.stderr.isTTY)).red(text)),
    });

  program
    .command("run")
    .description("simulate a scenario (a built-in name or a YAML file; default: china-2020)")
    .argument("[scenario]", "built-in scenario name or path to a YAML file", "china-2020")
    .option("-n, --population <N>", "number of citizens (e.g. 1000000, 1e6, 68M); overrides population.size")
    .option("-d, --days <D>", "simulated days; overrides run.days")
    .option("-s, --seed <S>", "random seed; overrides run.seed")
    .option("-t, --threads <K>", "worker threads (default: the number of cores)")
    .option("-o, --out <DIR>", "run directory to write (default: runs/<scenario>-<date>-<time>)")
    .option("-f, --force", "replace the run directory if it exists")
    .option(
      "--set <PATH=VALUE>",
      "override one scenario field, validated like the file (repeatable)",
      collect,
    )
    .option(
      "--max-memory <SIZE>",
      "refuse runs estimated to need more than this (e.g. 8G; default: free memory)",
    )
    .option(
      "--max-events <N>",
      "refuse runs estimated to draw more events than this (default: 1e10, at most 10,000 a citizen-year)",
    )
    .option(
      "--checkpoint-every <DAYS>",
      "save the run's state every DAYS days, so that `resume` can continue it if it is stopped",
    )
    .option("--json", "print the summary as JSON on stdout")
    .action(async (scenario: string, options) =>
      setExit(await (await commands.run()).runCommand(scenario, options, io, availableParallelism())),
    );

  program
    .command("resume")
    .description(
      "continue a run stopped after a checkpoint (run --checkpoint-every) and write its run directory",
    )
    .argument("<run-dir>", "the run directory the run was writing (its --out), or its .<name>.partial folder")
    .option("-t, --threads <K>", "worker threads (default: the number of cores), whatever the run had")
    .option("--max-memory <SIZE>", "refuse runs estimated to need more than this")
    .option("--json", "print the summary as JSON on stdout")
    .action(async (directory: string, options) =>
      setExit(await (await commands.resume()).resumeCommand(directory, options, io, availableParallelism())),
    );

  program
    .command("compare")
    .description("compare scenarios on paired replicates: means, 95% intervals and paired differences")
    .argument("<scenarios...>", "two or more built-in scenario names or YAML files")
    .option("-r, --replicates <R>", "replicates per scenario, on the same seeds for every scenario", "5")
    .option("-n, --population <N>", "number of citizens, for every scenario")
    .option("-d, --days <D>", "simulated days, for every scenario")
    .option("-s, --seed <S>", "base seed; replicate seeds are derived from it")
    .option("-t, --threads <K>", "worker threads (default: the number of cores)")
    .option(
      "-o, --out <DIR>",
      "comparison directory to write (default: runs/compare-<a>-vs-<b>-<date>-<time>)",
    )
    .option("-f, --force", "replace the directory if it exists")
    .option("--set <PATH=VALUE>", "override one field in every scenario (repeatable)", collect)
    .option(
      "--measure <PATH>",
      "compare this measure instead of the main ones: a main measure's id or a numeric field of summary.json, " +
        "e.g. groups.minority.meanRecordedScoreChange (repeatable)",
      collect,
    )
    .option("--max-memory <SIZE>", "refuse runs estimated to need more than this")
    .option(
      "--max-events <N>",
      "refuse comparisons estimated to draw more events than this (default: 1e10, at most 10,000 a citizen-year)",
    )
    .option("--json", "print the comparison as JSON on stdout")
    .action(async (scenarios: string[], options) =>
      setExit(
        await (await commands.compare()).compareCommand(scenarios, options, io, availableParallelism()),
      ),
    );

  program
    .command("sweep")
    .description(
      "run a scenario over a design of its parameters (grid, Latin hypercube, Sobol, Morris) and estimate which " +
        "parameters drive its measures; running the same sweep again continues it",
    )
    .usage("[options] <sweep-file>\n       controlocracy sweep status|collect <dir> [--queue URL] [--json]")
    .argument("<sweep-file>", "a sweep file (YAML; see docs/SWEEPS.md and `controlocracy schema --sweep`)")
    .argument("[dir]", "with `status` or `collect`: the sweep directory of a sweep submitted with --queue")
    .option("-j, --jobs <K>", "runs at once, each on one thread (default: the number of cores)")
    .option("-o, --out <DIR>", "sweep directory to write (default: runs/sweep-<name>)")
    .option(
      "-f, --force",
      "replace a finished sweep's directory, or discard an interrupted sweep of another design",
    )
    .option("--max-memory <SIZE>", "refuse sweeps whose runs at once are estimated to need more than this")
    .option(
      "--max-events <N>",
      "refuse sweeps whose runs are each estimated to draw more events than this (default: 1e10, at most 10,000 a citizen-year)",
    )
    .option(
      "--queue <URL>",
      "run the runs as jobs of a queue on this Redis server (redis://HOST:PORT), taken by `controlocracy worker`s",
    )
    .option(
      "--detach",
      "with --queue: submit the runs and return; then `sweep status DIR`, `sweep collect DIR`",
    )
    .option(
      "--outputs",
      "with --queue: workers also write each run's full directory under their --results DIR, named by job id",
    )
    .option("--json", "print the indices as JSON on stdout")
    .addHelpText(
      "after",
      "\nA sweep submitted with --queue is followed, and gathered into its directory, by:\n" +
        "  controlocracy sweep status DIR    where its runs stand (reads only)\n" +
        "  controlocracy sweep collect DIR   waits for its runs, then writes the indices and report",
    )
    .action(async (file: string, directory: string | undefined, options) => {
      if ((file === "status" || file === "collect") && directory !== undefined) {
        setExit(
          file === "status"
            ? await (await commands.sweepQueue()).sweepStatusCommand(directory, options, io)
            : await (await commands.sweepQueue()).sweepCollectCommand(
                directory,
                options,
                io,
                availableParallelism(),
              ),
        );
        return;
      }
      if (directory !== undefined) {
        throw new UsageError(
          `sweep takes one sweep file, received "${file}" and "${directory}"; did you mean \`sweep status|collect DIR\`?`,
        );
      }
      if (file === "status" || file === "collect") {
        throw new UsageError(`sweep ${file} needs the sweep's directory: controlocracy sweep ${file} DIR`);
      }
      setExit(await (await commands.sweep()).sweepCommand(file, options, io, availableParallelism()));
    });

  program
    .command("worker")
    .description(
      "take runs from a sweep queue on a Redis server and run them, each in a child process, until stopped",
    )
    .argument("<redis-url>", "the queue's Redis server, redis://HOST:PORT (rediss:// for TLS)")
    .option("-c, --concurrency <K>", "runs at once, each in its own process (default: the number of cores)")
    .option(
      "--results <DIR>",
      "where to write each run's full directory when a sweep asks for them (--outputs): a shared directory",
    )
    .option(
      "--lock-duration <SECONDS>",
      "how long a run's lock lasts without renewal before another worker takes the run again (default: 30)",
    )
    .action(async (url: string, options) =>
      setExit(await (await commands.worker()).workerCommand(url, options, io, availableParallelism())),
    );

  program
    .command("report")
    .description("rebuild report.html from a run or comparison directory")
    .argument("<dir>", "a directory written by controlocracy run or compare")
    .option("--json", "print the report's path as JSON")
    .action(async (directory: string, options) =>
      setExit(await (await commands.report()).reportCommand(directory, options, io)),
    );

  program
    .command("validate")
    .description("check scenario and sweep files and report every problem with its line and column")
    .argument("<files...>", "scenario files or built-in names")
    .option("--set <PATH=VALUE>", "apply an override before validating (repeatable)", collect)
    .option("--json", "print the problems as JSON on stdout")
    .action(async (files: string[], options) =>
      setExit((await commands.validate()).validateCommand(files, options, io)),
    );

  program
    .command("schema")
    .description("print the JSON Schema of scenario files (for editors), of summary.json, or of sweep files")
    .option("--summary", "the schema of summary.json instead")
    .option("--sweep", "the schema of sweep files instead")
    .action(async (options) => setExit((await commands.schema()).schemaCommand(io, options)));

  program
    .command("scenarios")
    .description("list the built-in scenarios")
    .option("--json", "print the list as JSON")
    .action(async (options) => setExit((await commands.scenarios()).scenariosCommand(options, io)));

  program.addHelpText(
    "after",
    "\nExit codes: 0 success, 1 internal failure, 2 bad input.\nColours are off when NO_COLOR is set or output is not a terminal.",
  );
  return program;
}

/** Runs the CLI on `argv` (without the node and script paths) and returns the exit code; never exits itself. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  const style = createStyle(wantsColor(io.env, io.stderr.isTTY));
  // --debug (anywhere) shows stack traces of internal errors; it is not advertised in the help.
  const debug = argv.includes("--debug") || Boolean(io.env.CONTROLOCRACY_DEBUG);
  const args = argv.filter((argument) => argument !== "--debug");
  if (args.length === 0) {
    program.outputHelp();
    return EXIT.ok;
  }
  try {
    await program.parseAsync(args, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end parsing "with an error" whose code is 0; everything else is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    // A run that outgrew its cost estimate (its error may come from a worker thread, which keeps only its name).
    if (error instanceof Error && error.name === "CostError") {
      io.stderr.write(`${style.red("✖")} ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`${style.red("✖")} ${error.message}\n`);
      if (error.report) io.stderr.write(`${error.report}\n`);
      return EXIT.usage;
    }
    if (error instanceof ScenarioError) {
      io.stderr.write(
        `${style.red("✖")} ${error.message}\n${formatIssues(error.issues, { color: style.color })}\n`,
      );
      return EXIT.usage;
    }
    if (isFileSystemError(error)) {
      io.stderr.write(`${style.red("✖")} ${describeFileSystemError(error)}\n`);
      return EXIT.usage;
    }
    if (isAllocationFailure(error)) {
      io.stderr.write(
        `${style.red("✖")} out of memory: ${(error as Error).message}; the machine, or a limit such as ulimit -v, ` +
          "refused the allocation: run a smaller --population, fewer --threads, or set --max-memory to the limit\n",
      );
      return EXIT.usage;
    }
    const failure = error as Error;
    io.stderr.write(`${style.red("internal error:")} ${failure.message ?? String(error)}\n`);
    if (debug) io.stderr.write(`${failure.stack ?? ""}\n`);
    else
      io.stderr.write(
        "this is a bug in controlocracy; rerun with --debug for the stack trace and report it\n",
      );
    return EXIT.failure;
  }
}

/** An allocation the system refused (a memory limit), as V8 and worker threads report it. */
function isAllocationFailure(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ERR_WORKER_OUT_OF_MEMORY" || code === "ERR_MEMORY_ALLOCATION_FAILED") return true;
  return (
    error instanceof RangeError &&
    /allocation failed|Invalid typed array length|Invalid array buffer length|Array buffer allocation/i.test(
      error.message,
    )
  );
}
