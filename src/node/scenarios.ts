import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  closest,
  type Override,
  type ParseResult,
  parseScenario,
  problemCount,
  type Scenario,
  ScenarioError,
  type ScenarioText,
} from "../core/scenario/index.js";
import { UsageError } from "./errors.js";

/** The folder of built-in scenarios shipped with the package. */
export const builtinDirectory = fileURLToPath(new URL("../../scenarios/", import.meta.url));

/** The default scenario of `run` and `npm start`: the article's system. */
export const DEFAULT_SCENARIO = "china-2020";

/** Names of the built-in scenarios, sorted. */
export function builtinNames(): string[] {
  return readdirSync(builtinDirectory)
    .filter((file) => file.endsWith(".yaml"))
    .map((file) => basename(file, ".yaml"))
    .sort();
}

/** Where a scenario's text comes from: its path on disk and the name errors show. */
export interface ScenarioSource {
  path: string;
  /** The path as the user should read it in messages: relative to the working directory when inside it. */
  display: string;
  builtin: boolean;
}

/** What a path that exists but is not a regular file is, in a few words. */
function notAFile(path: string): string | undefined {
  const stats = statSync(path);
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return "a directory";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isFIFO()) return "a pipe";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/** Resolves a scenario argument: an existing file path, or the name of a built-in scenario. */
export function resolveScenario(nameOrPath: string): ScenarioSource {
  if (existsSync(nameOrPath)) {
    const what = notAFile(nameOrPath);
    if (what === undefined) return { path: nameOrPath, display: nameOrPath, builtin: false };
    if (!builtinNames().includes(nameOrPath)) {
      throw new UsageError(
        `${nameOrPath} is ${what}, not a scenario file: give a YAML file or a built-in name`,
      );
    }
  }
  const names = builtinNames();
  if (names.includes(nameOrPath)) {
    const path = join(builtinDirectory, `${nameOrPath}.yaml`);
    const display = relative(process.cwd(), path);
    return {
      path,
      display: display.startsWith("..") ? `scenarios/${nameOrPath}.yaml` : display,
      builtin: true,
    };
  }
  const looksLikePath = /[/\\]|\.ya?ml$/.test(nameOrPath);
  const suggestion = closest(nameOrPath, names);
  const hint = suggestion ? `did you mean "${suggestion}"? ` : "";
  throw new UsageError(
    looksLikePath
      ? `no scenario file at ${nameOrPath}`
      : `no scenario named "${nameOrPath}" and no such file; ${hint}built-in scenarios: ${names.join(", ")}`,
  );
}

function readText(path: string, display: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${display}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
}

/**
 * Finds the scenario an `extends` names: a path relative to the extending file, or a built-in name; when there
 * is none, the paths it tried.
 */
function resolveExtends(name: string, from: string | undefined): ScenarioText | { tried: string[] } {
  const relativePath = from ? join(dirname(from), name) : name;
  const candidates = /\.ya?ml$/.test(relativePath) ? [relativePath] : [relativePath, `${relativePath}.yaml`];
  for (const candidate of candidates) {
    if (existsSync(candidate) && statSync(candidate).isFile())
      return { text: readText(candidate, candidate), file: candidate };
  }
  if (builtinNames().includes(name)) {
    const source = resolveScenario(name);
    return { text: readText(source.path, source.display), file: source.display };
  }
  return { tried: candidates };
}

/** Reads and validates a scenario, following `extends`; the result carries every issue, located. */
export function parseScenarioSource(
  source: ScenarioSource,
  overrides: readonly Override[] = [],
): ParseResult {
  const text = readText(source.path, source.display);
  return parseScenario(text, {
    file: source.display,
    overrides,
    resolve: resolveExtends,
    known: builtinNames(),
  });
}

/** Reads and validates a scenario; throws a ScenarioError carrying every located issue when it is invalid. */
export function loadScenarioFrom(source: ScenarioSource, overrides: readonly Override[] = []): Scenario {
  const result = parseScenarioSource(source, overrides);
  if (!result.ok) {
    const count = result.issues.length;
    const problems = problemCount(result.issues);
    const fromOverrides = result.issues.filter((issue) => issue.at?.override !== undefined).length;
    // Problems of values given on the command line are theirs, not the file's.
    const heading =
      fromOverrides === count
        ? `invalid values on the command line (${problems})`
        : fromOverrides > 0
          ? `${source.display} with the values given on the command line is not a valid scenario (${problems})`
          : `${source.display} is not a valid scenario (${problems})`;
    throw new ScenarioError(heading, result.issues);
  }
  return result.scenario;
}

/**
 * Loads a scenario by built-in name or file path, with `PATH=VALUE` overrides validated like the file.
 * Throws a ScenarioError (with every problem, located) when the scenario is invalid, and a UsageError when there
 * is no such scenario or it cannot be read.
 */
export function loadScenario(
  nameOrPath: string = DEFAULT_SCENARIO,
  overrides: readonly Override[] = [],
): Scenario {
  return loadScenarioFrom(resolveScenario(nameOrPath), overrides);
}
