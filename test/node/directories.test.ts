import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../src/node/errors.js";
import { fileSystemError } from "../../src/node/fsErrors.js";
import {
  commitDirectory,
  MARKER,
  stageDefaultDirectory,
  stageDirectory,
  temporaryOf,
} from "../../src/node/output/directoryLifecycle.js";
import { cli, root } from "./cliHarness.js";

const sandbox = mkdtempSync(join(tmpdir(), "controlocracy-directories-"));
afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

const small = ["-n", "500", "--days", "3", "--threads", "1"];

/** Every entry under `directory`, sorted, with the staging directories a failed run might leave. */
const entries = (directory: string) => readdirSync(directory).sort();

describe("run --force", () => {
  it("refuses a folder controlocracy did not write, and the folder's files survive", async () => {
    const thesis = join(sandbox, "thesis");
    mkdirSync(thesis);
    writeFileSync(join(thesis, "chapter-1.tex"), "years of work");
    const result = await cli(["run", ...small, "--out", thesis, "--force"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `✖ ${thesis} was not written by controlocracy (it has no .controlocracy file); --force replaces only run, ` +
        "comparison and sweep directories controlocracy wrote: choose another --out\n",
    );
    expect(entries(thesis)).toEqual(["chapter-1.tex"]);
    expect(readFileSync(join(thesis, "chapter-1.tex"), "utf8")).toBe("years of work");
    expect(existsSync(temporaryOf(thesis))).toBe(false);
  });

  it("without --force, suggests --force only for a directory it could replace", async () => {
    const mine = join(sandbox, "mine");
    mkdirSync(mine);
    const result = await cli(["run", ...small, "--out", mine]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `✖ ${mine} exists already and was not written by controlocracy; choose another --out\n`,
    );
  });

  it("refuses a file, and the working directory", async () => {
    const file = join(sandbox, "notes.txt");
    writeFileSync(file, "mine");
    const onFile = await cli(["run", ...small, "--out", file, "--force"]);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toContain("exists and is not a directory");
    expect(readFileSync(file, "utf8")).toBe("mine");
    const here = await cli(["run", ...small, "--out", ".", "--force"]);
    expect(here.code).toBe(2);
    expect(here.stderr).toContain(". was not written by controlocracy");
  });

  it("replaces a run directory controlocracy wrote, which carries its marker", async () => {
    const directory = join(sandbox, "rerun");
    expect((await cli(["run", ...small, "--out", directory])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(directory, MARKER), "utf8"))).toMatchObject({
      writtenBy: "controlocracy",
      kind: "run",
    });
    writeFileSync(join(directory, "stale.txt"), "from the first run");
    expect((await cli(["run", ...small, "--days", "4", "--out", directory, "--force"])).code).toBe(0);
    expect(entries(directory)).not.toContain("stale.txt");
    expect(JSON.parse(readFileSync(join(directory, "summary.json"), "utf8")).days).toBe(4);
    expect(entries(sandbox).filter((name) => name.startsWith(".rerun"))).toEqual([]);
  });

  it("compare --force refuses a folder it did not write, and replaces a comparison directory it wrote", async () => {
    const folder = join(sandbox, "data");
    mkdirSync(folder);
    writeFileSync(join(folder, "survey.csv"), "a,b\n");
    const args = ["compare", "china-2020", "no-system", "-r", "1", ...small];
    const refused = await cli([...args, "--out", folder, "--force"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("was not written by controlocracy");
    expect(entries(folder)).toEqual(["survey.csv"]);
    const comparison = join(sandbox, "comparison");
    expect((await cli([...args, "--out", comparison])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(comparison, MARKER), "utf8")).kind).toBe("comparison");
    expect((await cli([...args, "--out", comparison, "--force"])).code).toBe(0);
  });
});

describe("file-system failures are the user's situation: exit 2, the path, the reason, nothing left", () => {
  it("--out under a file", async () => {
    const file = join(sandbox, "plain-file");
    writeFileSync(file, "");
    const result = await cli(["run", ...small, "--out", join(file, "run")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `✖ cannot use ${join(file, "run")}: a part of the path is a file, not a directory (ENOTDIR)\n`,
    );
  });

  it("--out in a place that cannot be created", async () => {
    const result = await cli(["run", ...small, "--out", "/proc/controlocracy-run"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^✖ cannot write into \/proc: .+ \(E[A-Z]+\)\n$/);
  });

  it("a failure while writing the files removes the staging directory", () => {
    const directory = join(sandbox, "half");
    const staging = stageDirectory(directory, "run", false);
    expect(existsSync(staging.temporary)).toBe(true);
    expect(() => commitDirectory(staging, { "summary.json": "{}", "missing/listings.csv": "" })).toThrow(
      `cannot write ${join(directory, "missing/listings.csv")}: no such file or directory (ENOENT)`,
    );
    expect(existsSync(staging.temporary)).toBe(false);
    expect(existsSync(directory)).toBe(false);
  });

  it("a full disk or a read-only file system reads as such", () => {
    const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    const readOnly = Object.assign(new Error("EROFS: read-only file system"), { code: "EROFS" });
    const bug = new TypeError("x is undefined");
    expect(fileSystemError(full, "cannot write", "runs/a/series.csv")).toEqual(
      new UsageError("cannot write runs/a/series.csv: no space left on the device (ENOSPC)"),
    );
    expect((fileSystemError(readOnly, "cannot write into", "/mnt") as Error).message).toBe(
      "cannot write into /mnt: the file system is read-only (EROFS)",
    );
    expect(fileSystemError(bug, "cannot write", "x")).toBe(bug);
  });

  it("an allocation refused under a memory limit (ulimit -v) says out of memory, not a bug", () => {
    const out = join(sandbox, "limited");
    const command =
      "ulimit -v 3000000; exec node bin/controlocracy.js run -n 2e8 --days 1 --threads 1 --max-memory 100G " +
      `--out ${out}`;
    const result = spawnSync("bash", ["-c", command], { cwd: root, encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^✖ out of memory: .*ulimit -v/m);
    expect(result.stderr).not.toContain("bug");
    expect(existsSync(temporaryOf(out))).toBe(false);
  });
});

describe("the output is checked before anything is simulated", () => {
  it("an unwritable --out fails at once, not after a long run", async () => {
    // Ten million citizens for ten years would take hours: the test's own time-out fails it if the run starts.
    const blocked = join(sandbox, "blocked");
    writeFileSync(blocked, "");
    const result = await cli(["run", "-n", "1e7", "--days", "3650", "--out", join(blocked, "run")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("not a directory");
  }, 20_000);
});

describe("default run directories", () => {
  it("never collide, even for runs started in the same second", () => {
    const cwd = process.cwd();
    const here = mkdtempSync(join(sandbox, "cwd-"));
    process.chdir(here);
    try {
      const now = new Date(2026, 10, 29, 10, 17, 0);
      const first = stageDefaultDirectory("china-2020", "run", now);
      const second = stageDefaultDirectory("china-2020", "run", now);
      expect(first.directory).toBe(join("runs", "china-2020-20261129-101700"));
      expect(second.directory).toBe(join("runs", "china-2020-20261129-101700-2"));
      commitDirectory(first, { "summary.json": "{}" });
      commitDirectory(second, { "summary.json": "{}" });
      expect(stageDefaultDirectory("china-2020", "run", now).directory).toBe(
        join("runs", "china-2020-20261129-101700-3"),
      );
    } finally {
      process.chdir(cwd);
    }
  });

  it("two runs into the same --out cannot overlap: the second is refused while the first writes", () => {
    const directory = join(sandbox, "shared");
    const first = stageDirectory(directory, "run", false);
    expect(() => stageDirectory(directory, "run", true)).toThrow(`another run is writing ${directory}`);
    commitDirectory(first, { "summary.json": "{}" });
    expect(entries(directory)).toEqual([MARKER, "summary.json"]);
  });
});

describe("an interrupted run", () => {
  it("SIGINT exits 130 with one line saying nothing was written, and leaves nothing", async () => {
    const out = join(sandbox, "interrupted");
    const child = spawn(
      process.execPath,
      ["bin/controlocracy.js", "run", "-n", "2e6", "--days", "3650", "--threads", "1", "--out", out],
      { cwd: root, env: { PATH: process.env.PATH } },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    // The staging directory appears before the simulation starts.
    while (!existsSync(temporaryOf(out))) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(stderr).toBe(`interrupted: nothing was written (${out})\n`);
    expect(existsSync(temporaryOf(out))).toBe(false);
    expect(existsSync(out)).toBe(false);
  });
});
