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

  const nodeOrDom =
    /from ["']node:|require\(|\bdocument\.|\bwindow\.|from ["'](fs|path|os|worker_threads)["']/;

  it("keeps src/core free of node: imports and the DOM, so the engine runs in a browser worker", () => {
    expect(offendingLines(sourceFiles("src/core"), nodeOrDom)).toEqual([]);
  });

  it("keeps src/report free of node: imports, Node-only packages and the DOM, so a browser can build reports", () => {
    // The page's own script (a string in page.ts) uses the DOM; the code does not, as its type check (no DOM) shows.
    const nodeImports = /from ["']node:|require\(|from ["'](fs|path|os|worker_threads)["']/;
    expect(offendingLines(sourceFiles("src/report"), nodeImports)).toEqual([]);
    // Beside the core, only packages that run in a browser: the chart libraries and the schema library.
    const packages = offendingLines(sourceFiles("src/report"), /^(import|export|\}).* from ["'][^.]/).filter(
      (line) => !/from ["'](vega|vega-lite|vega-lite\/[\w/.-]+|zod)["']/.test(line),
    );
    expect(packages).toEqual([]);
  });

  it("type-checks src/core and src/report without Node's types or the DOM", () => {
    const typecheck = JSON.parse(readFileSync("package.json", "utf8")).scripts.typecheck as string;
    expect(typecheck).toContain("tsc -p src/core/tsconfig.json --noEmit");
    expect(typecheck).toContain("tsc -p src/report/tsconfig.json --noEmit");
    for (const project of ["src/core/tsconfig.json", "src/report/tsconfig.json"]) {
      const options = JSON.parse(readFileSync(project, "utf8")).compilerOptions;
      expect(options.types).toEqual([]);
      expect(options.lib).toEqual(["ES2023"]);
    }
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

  it("has npm test get Chromium and redis-server first, or stop with one line saying what to install", () => {
    const test = JSON.parse(readFileSync("package.json", "utf8")).scripts.test as string;
    expect(test.startsWith("bash scripts/ensure-test-tools.sh && ")).toBe(true);
    const missing = spawnSync("bash", ["scripts/ensure-test-tools.sh"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, CHROMIUM_PATH: "/nonexistent/chromium" },
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(
      "npm test: CHROMIUM_PATH=/nonexistent/chromium is not an executable Chromium\n",
    );
    const noRedis = spawnSync("bash", ["scripts/ensure-test-tools.sh"], {
      encoding: "utf8",
      env: {
        PATH: process.env.PATH,
        CHROMIUM_PATH: process.execPath,
        REDIS_SERVER_PATH: "/nonexistent/redis",
      },
    });
    expect(noRedis.status).toBe(1);
    expect(noRedis.stderr).toBe(
      "npm test: REDIS_SERVER_PATH=/nonexistent/redis is not an executable redis-server\n",
    );
    const present = spawnSync("bash", ["scripts/ensure-test-tools.sh"], {
      encoding: "utf8",
      env: { PATH: process.env.PATH, CHROMIUM_PATH: process.execPath, REDIS_SERVER_PATH: process.execPath },
    });
    expect(present.status).toBe(0);
  });

  it("has .ci/run install from the lock file and call the README's test command", () => {
    const ci = readFileSync(".ci/run", "utf8");
    expect(ci).toContain("npm ci");
    expect(ci).toContain("npm test");
  });
});
