import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { describe, expect, it } from "vitest";

/** The project's own documents: what they cite must be in the repository, as it is laid out now. */
const DOCUMENTS = ["README.md", "CONTRIBUTING.md", "docs/ARCHITECTURE.md", "docs/MODEL.md", "docs/SWEEPS.md"];

/** Folders of the repository a document may cite a path in. */
const CITED_ROOTS = ["src", "test", "scripts", "bench", "docs"];

/**
 * Paths into the repository's folders cited by `text` (`src/core/state/citizens.ts`, `test/helpers/stats.ts`,
 * `src/core/world/`), without the sentence's trailing punctuation; a path's own parts are not cited again.
 */
function citedPaths(text: string): string[] {
  const pattern = new RegExp(`(?<![\\w./-])(?:${CITED_ROOTS.join("|")})/[\\w./-]*`, "g");
  return [...text.matchAll(pattern)].map((match) => match[0].replace(/[.,]+$/, ""));
}

function missingPaths(document: string): string[] {
  return citedPaths(readFileSync(document, "utf8"))
    .filter((path) => !existsSync(path))
    .map((path) => `${document} cites ${path}`);
}

/**
 * Notes kept outside the repository, which a contributor with only the repository cannot read. The names are
 * assembled so that this file does not cite them itself.
 */
const OUTSIDE_NOTES = ["DESIGN", "STYLE", "FACTS"];
/** A citation of one: the file name, or a section of it (`NAME §5`); a constant named `STYLE` is not one. */
const OUTSIDE_CITATION = new RegExp(`\\b(?:${OUTSIDE_NOTES.join("|")})(?:\\.md\\b|\\s*§)`);

const TEXT_FILES = new Set([
  ".ts",
  ".js",
  ".md",
  ".json",
  ".yaml",
  ".yml",
  ".cpp",
  ".sh",
  ".html",
  ".csv",
  ".svg",
]);

/** Text files under `directory`, hidden folders (build outputs) left out. */
function textFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".")) return [];
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return textFiles(path);
    return entry.isFile() && TEXT_FILES.has(extname(entry.name)) ? [path] : [];
  });
}

function outsideCitations(files: readonly string[]): string[] {
  return files.flatMap((file) =>
    readFileSync(file, "utf8")
      .split("\n")
      .flatMap((line, i) => (OUTSIDE_CITATION.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe("the project's documents", () => {
  it("cite only paths that exist (README.md, CONTRIBUTING.md, docs/ARCHITECTURE.md, docs/MODEL.md, docs/SWEEPS.md)", () => {
    for (const document of DOCUMENTS) expect(existsSync(document), document).toBe(true);
    expect(DOCUMENTS.flatMap(missingPaths)).toEqual([]);
  });

  it("would see a path that does not exist (the check reads real citations)", () => {
    const cited = citedPaths(
      "Dynamic (`src/core/engine/simulation.ts`), the layers (src/core/state/, `test/helpers/stats.ts`).",
    );
    expect(cited).toEqual(["src/core/engine/simulation.ts", "src/core/state/", "test/helpers/stats.ts"]);
    expect(cited.filter((path) => !existsSync(path))).toEqual([]);
    expect(existsSync(citedPaths("the old `src/core/engine/model.ts`.")[0])).toBe(false);
    // Every document cites the core, so the check cannot pass by finding nothing.
    for (const document of DOCUMENTS) {
      expect(citedPaths(readFileSync(document, "utf8")).length, document).toBeGreaterThan(0);
    }
  });

  it("and the code, tests, scripts and docs cite no note kept outside the repository", () => {
    const files = [
      "README.md",
      "CONTRIBUTING.md",
      ...["src", "test", "bench", "scripts", "docs"].flatMap(textFiles),
    ];
    expect(files).toContain("test/docs.test.ts");
    expect(outsideCitations(files)).toEqual([]);
  });

  it("would see such a citation, by name or by section, and not a constant of the same name", () => {
    for (const name of OUTSIDE_NOTES) {
      expect(OUTSIDE_CITATION.test(`see ${name}.md`), name).toBe(true);
      expect(OUTSIDE_CITATION.test(`as ${name} §5 says`), name).toBe(true);
    }
    expect(OUTSIDE_CITATION.test("const STYLE = `body { margin: 0 }`;")).toBe(false);
    expect(OUTSIDE_CITATION.test("the design's 12-byte target")).toBe(false);
  });
});
