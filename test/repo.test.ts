import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

function offendingLines(files: string[], pattern: RegExp): string[] {
  return files.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe("the source tree", () => {
  it("draws no randomness from Math.random anywhere in src/ (all draws are counter-based)", () => {
    expect(offendingLines(sourceFiles("src"), /Math\.random\s*\(/)).toEqual([]);
  });

  it("keeps src/core free of node: imports and the DOM, so the engine runs in a browser worker", () => {
    const pattern =
      /from ["']node:|require\(|\bdocument\.|\bwindow\.|from ["'](fs|path|os|worker_threads)["']/;
    expect(offendingLines(sourceFiles("src/core"), pattern)).toEqual([]);
  });

  it("gives the README the two commands for a fresh machine", () => {
    const readme = readFileSync("README.md", "utf8");
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test");
  });

  it("writes test files only under the system's temporary directory, never a hard-coded /tmp", () => {
    expect(offendingLines(sourceFiles("test"), /["'`]\/tmp\b/)).toEqual([]);
  });

  it("gives every test run a temporary directory of its own, removed at the end", () => {
    expect(basename(tmpdir())).toMatch(/^controlocracy-tests-/);
    const source = readFileSync("test/setup/build.ts", "utf8");
    expect(source).toContain("process.env.TMPDIR = temporary");
    expect(source).toContain("rmSync(temporary, { recursive: true, force: true })");
  });

  it("has npm test get Chromium for the browser tests first, or stop with one line saying what to install", () => {
    const test = JSON.parse(readFileSync("package.json", "utf8")).scripts.test as string;
    expect(test.startsWith("bash scripts/ensure-chromium.sh && ")).toBe(true);
    const missing = spawnSync("bash", ["scripts/ensure-chromium.sh"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, CHROMIUM_PATH: "/nonexistent/chromium" },
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(
      "npm test: CHROMIUM_PATH=/nonexistent/chromium is not an executable Chromium\n",
    );
    const present = spawnSync("bash", ["scripts/ensure-chromium.sh"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, CHROMIUM_PATH: process.execPath },
    });
    expect(present.status).toBe(0);
  });

  it("has .ci/run install from the lock file and call the README's test command", () => {
    const ci = readFileSync(".ci/run", "utf8");
    expect(ci).toContain("npm ci");
    expect(ci).toContain("npm test");
  });
});
