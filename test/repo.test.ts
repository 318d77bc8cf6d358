import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
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

  it("has .ci/run install from the lock file and call the README's test command", () => {
    const ci = readFileSync(".ci/run", "utf8");
    expect(ci).toContain("npm ci");
    expect(ci).toContain("npm test");
  });
});
