import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The core's layers, bottom to top (docs/ARCHITECTURE.md): each imports only from layers below it (and itself).
 * `world` (the truth) and `apparatus` (the record) share a rank: neither imports the other.
 */
const LAYERS: Record<string, number> = {
  rng: 0,
  scenario: 1,
  // Global sensitivity analysis: imports only rng; the engine's layers never import it.
  sensitivity: 1,
  model: 2,
  population: 3,
  state: 4,
  world: 5,
  apparatus: 5,
  metrics: 6,
  engine: 7,
  // Sweeps: their designs and indices, over scenarios (imports sensitivity, scenario and metrics).
  sweep: 8,
};

const CORE = resolve("src/core");

/** Every relative import of every file of a layer, as `file -> layer it lands in`. */
function importsOf(layer: string): { file: string; target: string }[] {
  const directory = join(CORE, layer);
  return readdirSync(directory, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) => {
      const path = join(directory, file);
      const text = readFileSync(path, "utf8");
      return [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((match) => ({
        file: `${layer}/${file}`,
        target: relative(CORE, resolve(dirname(path), match[1])).split("/")[0],
      }));
    });
}

describe("the core's layers", () => {
  it("are the folders of src/core, and nothing else but its index", () => {
    const entries = readdirSync(CORE, { withFileTypes: true });
    const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(folders.sort()).toEqual(Object.keys(LAYERS).sort());
    const files = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
    expect(files.sort()).toEqual(["index.ts", "tsconfig.json"]);
  });

  it("each import only from the layers below them", () => {
    const upward = Object.keys(LAYERS).flatMap((layer) =>
      importsOf(layer)
        .filter(({ target }) => target !== layer && !(LAYERS[target] < LAYERS[layer]))
        .map(({ file, target }) => `${file} imports ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it("would catch an upward import (the check reads real imports)", () => {
    // The engine imports the layers below it; were the check blind, this would find nothing.
    const targets = new Set(importsOf("engine").map(({ target }) => target));
    expect([...targets].filter((target) => target !== "engine").sort()).toEqual(
      expect.arrayContaining(["apparatus", "metrics", "model", "population", "state", "world"]),
    );
  });
});
