// `controlocracy/core` as a browser gets it: bundled by Vite from the package's own export (dist/core/index.js, built
// by the tests' global setup), loaded in a real headless Chromium, offline. A small china-2020 run there gives a
// summary.json byte-identical to the CLI's for the same seed. Chromium is the Debian package (`npm test` installs it
// when it can), or CHROMIUM_PATH.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { build, createLogger, type Rolldown } from "vite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type * as Core from "../../src/core/index.js";
import { CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM } from "../helpers/chromium.js";
import { bin, root } from "../node/cliHarness.js";

/** The run both sides make: the CLI's `-n 2000 -d 60 -s 7`. */
const POPULATION = 2000;
const DAYS = 60;
const SEED = 7;

let browser: Browser | undefined;
let directory: string;
let bundle: string;
let warnings: string[];

/**
 * Bundles `import * as core from "controlocracy/core"` for the browser, as a user's project would: the package is
 * found in the project's node_modules (a link to this checkout) and resolved through its `exports`.
 */
async function bundleCore(): Promise<{ code: string; warnings: string[] }> {
  const project = join(directory, "project");
  mkdirSync(join(project, "node_modules"), { recursive: true });
  symlinkSync(root, join(project, "node_modules", "controlocracy"), "dir");
  writeFileSync(
    join(project, "entry.js"),
    'import * as core from "controlocracy/core";\nglobalThis.controlocracy = core;\n',
  );
  const logged: string[] = [];
  const logger = createLogger("warn");
  logger.warn = (message) => logged.push(message);
  logger.warnOnce = (message) => logged.push(message);
  const output = await build({
    configFile: false,
    root: project,
    logLevel: "warn",
    customLogger: logger,
    build: {
      write: false,
      minify: false,
      lib: { entry: join(project, "entry.js"), formats: ["iife"], name: "bundle", fileName: "core" },
      rolldownOptions: { onwarn: (warning) => logged.push(warning.message) },
    },
  });
  const outputs = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  const chunks = outputs.flatMap((result) => result.output).filter((item) => item.type === "chunk");
  return { code: chunks.map((chunk) => chunk.code).join("\n"), warnings: logged };
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), "controlocracy-core-browser-"));
  ({ code: bundle, warnings } = await bundleCore());
  // Without Chromium every test that needs it fails (not skips) with MISSING_CHROMIUM.
  if (existsSync(CHROMIUM))
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("controlocracy/core bundled by Vite", () => {
  test("builds without a warning and with no node: module in it", () => {
    expect(warnings).toEqual([]);
    expect(bundle).not.toMatch(/["']node:[a-z_/]+["']/);
    expect(bundle).not.toMatch(/__vite-browser-external|\brequire\(/);
    // It is the whole engine, not a stub: the simulation and the scenario schema are in it.
    expect(bundle).toContain("summaryJson");
    expect(bundle).toContain("pairedBaseline");
  });

  test("runs china-2020 in Chromium to the same summary.json as the CLI, byte for byte", async () => {
    if (!browser) throw new Error(MISSING_CHROMIUM);
    const out = join(directory, "run");
    const cliRun = bin([
      "run",
      "china-2020",
      "-n",
      String(POPULATION),
      "-d",
      String(DAYS),
      "-s",
      String(SEED),
      "--threads",
      "2",
      "-o",
      out,
    ]);
    expect(cliRun.stderr).toBe("");
    expect(cliRun.code).toBe(0);
    const expected = readFileSync(join(out, "summary.json"), "utf8");

    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("request", (request) => requests.push(request.url()));
    try {
      await page.setContent("<!doctype html><title>controlocracy/core</title>");
      await page.addScriptTag({ content: bundle });
      const text = readFileSync(join(root, "scenarios", "china-2020.yaml"), "utf8");
      const overrides = [`population.size=${POPULATION}`, `run.days=${DAYS}`, `run.seed=${SEED}`];
      const inPage = await page.evaluate(
        ({ text, overrides }) => {
          const core = (globalThis as unknown as { controlocracy: typeof Core }).controlocracy;
          const scenario = core.readScenario(text, { file: "china-2020.yaml", overrides });
          const days: number[] = [];
          const { summary } = core.simulate(scenario, { onDay: (report) => days.push(report.day) });
          return { json: core.summaryJson(summary), days: days.length, node: typeof process };
        },
        { text, overrides },
      );
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      expect(inPage.node).toBe("undefined");
      expect(inPage.days).toBeGreaterThanOrEqual(DAYS);
      expect(inPage.json).toBe(expected);
    } finally {
      await page.close();
    }
  });

  test("throws a ScenarioError carrying the issues, in the page", async () => {
    if (!browser) throw new Error(MISSING_CHROMIUM);
    const page = await browser.newPage();
    try {
      await page.addScriptTag({ content: bundle });
      const caught = await page.evaluate(() => {
        const core = (globalThis as unknown as { controlocracy: typeof Core }).controlocracy;
        try {
          core.readScenario("name: tiny\nbehaviours: [{ id: walking, rate: -1 }]\n", { file: "tiny.yaml" });
          return undefined;
        } catch (error) {
          if (!(error instanceof core.ScenarioError)) return { other: String(error) };
          return { name: error.name, message: error.message, issues: error.issues.map((i) => i.code) };
        }
      });
      expect(caught).toEqual({
        name: "ScenarioError",
        message: "tiny.yaml is not a valid scenario (1 problem)",
        issues: ["out_of_range"],
      });
    } finally {
      await page.close();
    }
  });
});
