// The explorable (src/web) in a real headless Chromium: the same summary.json as `controlocracy run`, byte for byte;
// a URL that reproduces the run; the controls; located errors; a phone-sized layout; the story's steps; following
// one citizen. (That the page never blocks is test/web/responsive.test.ts, which runs alone.)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PageState, type Site, serveSite, state, until } from "../helpers/site.js";

const root = new URL("../..", import.meta.url).pathname;

let site: Site;
let folder: string;
let open: Site["open"];

beforeAll(async () => {
  site = await serveSite();
  folder = site.folder;
  open = site.open;
}, 120_000);

afterAll(async () => {
  await site?.close();
});
describe("the explorable in Chromium", () => {
  it("writes the same summary.json as `controlocracy run`, byte for byte, from the URL's scenario and seed", async () => {
    const { page, errors } = await open(
      "scenario=china-2020&seed=3&set=population.size%3D2000&set=run.days%3D90&set=sources.cctv.detection%3D0.4",
    );
    const finished = await until(page, ["finished", "invalid", "failed"]);
    expect(finished.state, finished.problems).toBe("finished");
    expect(finished.days).toHaveLength(90);
    const out = join(folder, "node-run");
    execFileSync(
      process.execPath,
      [
        "bin/controlocracy.js",
        "run",
        "china-2020",
        "-n",
        "2000",
        "-d",
        "90",
        "-s",
        "3",
        "--set",
        "sources.cctv.detection=0.4",
        "--out",
        out,
        "--json",
      ],
      { cwd: root, stdio: ["ignore", "ignore", "pipe"] },
    );
    expect(finished.summaryJson).toBe(readFileSync(join(out, "summary.json"), "utf8"));
    // The URL still names the run (the page writes it back in a canonical order).
    const url = new URL(page.url());
    expect(url.searchParams.get("scenario")).toBe("china-2020");
    expect(url.searchParams.get("seed")).toBe("3");
    expect(url.searchParams.getAll("set")).toContain("sources.cctv.detection=0.4");
    // The series' charts, drawn by the report's specs: both ledgers' mean scores, each group's share listed and the
    // four-fifths ratio, refusals.
    const charts = await page.evaluate(() => {
      const view = globalThis as unknown as {
        controlocracy: { series: Map<string, unknown[]>; groups: { id: string }[] };
        document: {
          querySelectorAll(selector: string): { length: number };
          getElementById(id: string): { textContent: string };
        };
      };
      const lines = (chart: string) =>
        view.document.querySelectorAll(`figure[data-chart="${chart}"] g.mark-line path`).length;
      // The points of each mean-score line: one a day, every day of the run.
      const points = [
        ...(view.document.querySelectorAll('figure[data-chart="scores"] g.mark-line path') as unknown as {
          getAttribute(name: string): string | null;
        }[]),
      ].map((path) => (path.getAttribute("d") ?? "").split(/[ML]/).filter(Boolean).length);
      return {
        points,
        keys: [...view.controlocracy.series.keys()].sort(),
        groups: view.controlocracy.groups.map((group) => group.id),
        scoreLines: lines("scores"),
        groupLines: lines("groups"),
        ratioLines: lines("ratio"),
        listAreas: view.document.querySelectorAll('figure[data-chart="blacklist"] g.mark-area path').length,
        ratio: view.document.getElementById("ratio").textContent,
      };
    });
    expect(charts.groups).toEqual(["majority", "minority"]);
    expect(charts.keys).toEqual(
      expect.arrayContaining(["all meanTrueScore", "all meanRecordedScore", "all denied", "majority listed"]),
    );
    expect(charts.scoreLines).toBe(2);
    expect(charts.points).toEqual([90, 90]);
    expect(charts.groupLines).toBe(2);
    expect(charts.ratioLines).toBe(1);
    expect(charts.listAreas).toBe(2);
    expect(charts.ratio).toMatch(
      /^The \w+ group's share on the list \(.*\) is \d\.\d\d of the \w+ group's .*four fifths \(0\.8\)/,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it("pauses, steps and resets; shows a scenario's located problems; fits a phone's width", async () => {
    const { page } = await open("scenario=china-2020&set=population.size%3D2000&set=run.days%3D30000", 390);
    // Reset starts the run again, paused before its first day.
    await page.getByRole("button", { name: "Reset" }).click();
    const paused = await until(page, ["paused"]);
    const before = paused.days.length;
    await page.getByRole("button", { name: "Step" }).click();
    await page.waitForFunction(
      (count) => (globalThis as unknown as { controlocracy: PageState }).controlocracy.days.length > count,
      before,
      { timeout: 60_000 },
    );
    await page.getByRole("button", { name: "Play" }).click();
    await page.getByRole("button", { name: "Pause" }).click();
    await until(page, ["paused"]);
    const held = (await state(page)).days.length;
    await page.waitForTimeout(300);
    expect((await state(page)).days.length).toBe(held);
    const overflow = await page.evaluate(() => {
      const view = globalThis as unknown as {
        document: { documentElement: { scrollWidth: number } };
        innerWidth: number;
      };
      return view.document.documentElement.scrollWidth - view.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();

    // The sandbox: a parameter changed is a change in the address, and the run follows it.
    const sandbox = await open("scenario=china-2020&set=population.size%3D1000&set=run.days%3D20");
    await until(sandbox.page, ["finished"]);
    expect(await sandbox.page.getByRole("spinbutton", { name: /^Cameras' detection/ }).inputValue()).toBe(
      "0.1",
    );
    await sandbox.page.getByRole("spinbutton", { name: /^Cameras' detection/ }).fill("0.6");
    await sandbox.page.getByRole("spinbutton", { name: /^Cameras' detection/ }).press("Enter");
    await sandbox.page.waitForFunction(() =>
      (globalThis as unknown as { location: { search: string } }).location.search.includes(
        "sources.cctv.detection%3D0.6",
      ),
    );
    await until(sandbox.page, ["finished"]);
    expect(await sandbox.page.getByRole("spinbutton", { name: /^Cameras' detection/ }).inputValue()).toBe(
      "0.6",
    );
    // The charts hold the new run's 20 days alone: nothing of the run before.
    const points = await sandbox.page
      .locator('figure[data-chart="scores"] g.mark-line path')
      .evaluateAll((paths) =>
        paths.map((path) => (path.getAttribute("d") ?? "").split(/[ML]/).filter(Boolean).length),
      );
    expect(points).toEqual([20, 20]);
    await sandbox.page.close();

    // A scenario file of the user's: its problems with their lines; a valid one runs, with its files to download.
    const loaded = await open("scenario=china-2020&set=population.size%3D1000&set=run.days%3D20");
    await until(loaded.page, ["finished"]);
    await loaded.page.setInputFiles("#file", {
      name: "mine.yaml",
      mimeType: "text/yaml",
      buffer: Buffer.from("extends: china-2020\npopulation:\n  size: 1000\nrun:\n  days: 20\n  seed: -4\n"),
    });
    const refused = await until(loaded.page, ["invalid"]);
    expect(refused.problems).toContain("mine.yaml:6:");
    expect(refused.problems).toContain("run.seed");
    await loaded.page.setInputFiles("#file", {
      name: "mine.yaml",
      mimeType: "text/yaml",
      buffer: Buffer.from("extends: china-2020\npopulation:\n  size: 1000\nrun:\n  days: 20\n  seed: 4\n"),
    });
    const ran = await until(loaded.page, ["finished"]);
    expect(ran.days).toHaveLength(20);
    for (const name of ["summary.json", "series.csv", "scenario.json"]) {
      expect(await loaded.page.getByRole("link", { name }).isVisible(), name).toBe(true);
    }
    await loaded.page.close();

    const invalid = await open("scenario=china-2020&set=sources.cctv.detection%3D2");
    const shown = await until(invalid.page, ["invalid"]);
    expect(shown.problems).toContain("sources.cctv.detection");
    expect(shown.problems).toContain("change sources.cctv.detection=2");
    await invalid.page.close();
  });

  it("tells the story in six steps, each with one control that changes its outcome, then opens the sandbox", async () => {
    const { page, errors } = await open("");
    // No address: the story's first step, its run done, its outcome in words.
    const storyDone = (step: number) =>
      page.waitForFunction(
        (wanted) => {
          const view = (globalThis as unknown as { controlocracy: PageState }).controlocracy;
          return view.step === wanted && view.state === "finished" && view.outcome !== undefined;
        },
        step,
        { timeout: 120_000 },
      );
    await storyDone(1);
    let shown = await state(page);
    expect(shown.mode).toBe("story");
    expect(shown.outcome).toMatch(
      /^With cameras recording 10% of what they could see: people did [\d,]+ acts; the system recorded [\d,]+\./,
    );
    expect(await page.getByRole("heading", { level: 2 }).first().textContent()).toBe(
      "Step 1 of 6: The cameras",
    );
    // Drawn after the run's end, when the acts are counted.
    await expect
      .poll(() => page.locator('figure[data-chart="records"] g.mark-rect path').count())
      .toBeGreaterThan(10);

    // The control, moved: the run follows, the address keeps the value, the outcome compares both.
    const recorded = Number(
      /the system recorded ([\d,]+)/.exec(shown.outcome ?? "")?.[1].replaceAll(",", ""),
    );
    await page.getByRole("slider", { name: /^Cameras' detection/ }).fill("0.6");
    await page.waitForFunction(() =>
      (globalThis as unknown as { controlocracy: PageState }).controlocracy.outcome?.includes("Before, with"),
    );
    shown = await state(page);
    expect(new URL(page.url()).search).toBe("?step=1&value=0.6");
    expect(shown.outcome).toContain("With cameras recording 60% of what they could see");
    expect(shown.outcome).toContain("Before, with cameras recording 10% of what they could see");
    const more = Number(/the system recorded ([\d,]+)/.exec(shown.outcome ?? "")?.[1].replaceAll(",", ""));
    expect(more).toBeGreaterThan(recorded);

    // Next, step by step to the sixth: each its heading, its address, its charts drawn.
    const charts: Record<number, string[]> = {
      2: ["scores"],
      3: ["blacklist", "refusals"],
      4: ["blacklist"],
      5: ["groups", "ratio"],
      6: ["blacklist"],
    };
    const titles = [
      "The score",
      "The list, and what it takes away",
      "The errors",
      "Who is hit hardest",
      "What due process changes",
    ];
    for (let step = 2; step <= 6; step++) {
      await page.getByRole("link", { name: "Next step" }).click();
      await storyDone(step);
      expect(new URL(page.url()).search).toBe(`?step=${step}`);
      expect(await page.locator("#step-title").textContent()).toBe(`Step ${step} of 6: ${titles[step - 2]}`);
      for (const chart of charts[step]) {
        expect(await page.locator(`figure[data-chart="${chart}"] svg`).count(), chart).toBe(1);
      }
    }
    // The sixth step's control is a choice of rules: due process files appeals and overturns listings.
    expect((await state(page)).outcome).toContain("0 appeals were filed");
    await page.getByRole("combobox", { name: /^The rules/ }).selectOption("due-process");
    await page.waitForFunction(() =>
      (globalThis as unknown as { controlocracy: PageState }).controlocracy.outcome?.includes("Before, with"),
    );
    expect((await state(page)).outcome).toMatch(/^With due process: .* [1-9][\d,]* appeals were filed/);
    // Back (the browser's history), then the story's list of steps.
    await page.goBack();
    await storyDone(5);
    await page.getByRole("link", { name: "The errors" }).click();
    await storyDone(4);
    expect(new URL(page.url()).search).toBe("?step=4");
    // "Open this run in the sandbox": the step's run, as sandbox changes.
    await page.getByRole("link", { name: "Open this run in the sandbox" }).click();
    await page.waitForFunction(() => {
      const view = (globalThis as unknown as { controlocracy: PageState }).controlocracy;
      return view.mode === "sandbox" && view.state === "finished";
    });
    const url = new URL(page.url());
    expect(url.searchParams.get("scenario")).toBe("china-2020");
    expect(url.searchParams.getAll("set")).toEqual([
      "population.size=20000",
      "run.days=365",
      "blacklist.entry.scoreBelow=600",
      "sources.cctv.spurious.rate=0.2",
    ]);
    expect(await page.getByRole("spinbutton", { name: /^Blacklist threshold/ }).inputValue()).toBe("600");
    expect(errors).toEqual([]);
    await page.close();

    // On a phone: a step with two charts, drawn narrow, and nothing wider than the screen.
    const phone = await open("step=5", 390);
    await phone.page.waitForFunction(
      () => (globalThis as unknown as { controlocracy: PageState }).controlocracy.outcome !== undefined,
      undefined,
      { timeout: 120_000 },
    );
    const overflow = await phone.page.evaluate(() => {
      const view = globalThis as unknown as {
        document: { documentElement: { scrollWidth: number } };
        innerWidth: number;
      };
      return view.document.documentElement.scrollWidth - view.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(phone.errors).toEqual([]);
    await phone.page.close();
  });

  it("follows one listed citizen: a pseudonym picked, their story told with the report's words, chart and timeline, the same events as Node's trace", async () => {
    const { page, errors } = await open(
      "scenario=china-2020&set=population.size%3D5000&set=run.days%3D120&set=blacklist.entry.scoreBelow%3D600",
    );
    expect((await until(page, ["finished", "invalid", "failed"])).state).toBe("finished");
    await page.waitForSelector("#citizen-select option", { state: "attached", timeout: 60_000 });
    const options = await page.locator("#citizen-select option").allTextContents();
    expect(options.length).toBeGreaterThan(0);
    expect(await page.locator("#citizen").textContent()).toContain("Synthetic citizens only");
    // One listed wrongfully, where there is one (the list puts them first).
    const picked = Math.max(
      0,
      options.findIndex((text) => text.includes("(wrongfully)")),
    );
    await page.getByLabel("A synthetic citizen on the list").selectOption(String(picked));
    await page.getByRole("button", { name: "Read their story" }).click();
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { controlocracy: { story?: unknown } }).controlocracy.story !== undefined,
      undefined,
      { timeout: 120_000 },
    );
    const shown = await page.evaluate(
      () =>
        (
          globalThis as unknown as {
            controlocracy: {
              story: { citizen: string; day: number; wrongful: boolean; events: number; keyEvents: number };
            };
          }
        ).controlocracy.story,
    );
    expect(options[picked]).toBe(
      `${shown.citizen}, listed on day ${shown.day}${shown.wrongful ? " (wrongfully)" : ""}`,
    );
    expect(shown.citizen).toMatch(/^Citizen [2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
    expect(await page.locator("#citizen-story-heading").textContent()).toContain(shown.citizen);
    const story = page.locator("#citizen-story");
    expect(await story.textContent()).toContain(`${shown.citizen} is a synthetic citizen of the`);
    expect(await story.textContent()).toContain(
      `This page follows them as the citizen you picked from the list, listed on day ${shown.day}`,
    );
    await page.waitForSelector("#citizen-story figure .chart svg", { timeout: 60_000 });
    expect(await story.locator(":scope > div > ol.timeline > li").count()).toBe(shown.keyEvents);
    expect(shown.keyEvents).toBeGreaterThan(0);
    expect(await story.locator("details ol.timeline > li").count()).toBe(shown.events);

    // Node: the same scenario and seed, the same citizen found by its pseudonym among the listed, traced as the
    // report traces its story.
    const { simulate, traceStory } = await import("../../src/core/engine/index.js");
    const { pseudonym } = await import("../../src/core/population/pseudonym.js");
    const { seedKey } = await import("../../src/core/rng/index.js");
    const { loadScenario } = await import("../../src/node/scenarios.js");
    const scenario = loadScenario(
      "china-2020",
      ["population.size=5000", "run.days=120", "blacklist.entry.scoreBelow=600"].map((assignment) => ({
        assignment,
        label: assignment,
      })),
    );
    const { simulation } = simulate(scenario);
    const log = simulation.listings;
    const key = seedKey(simulation.model.seed);
    const warmup = simulation.model.warmupDays;
    let row = -1;
    for (let k = 0; k < log.length && row < 0; k++) {
      if (log.day.data[k] >= warmup && pseudonym(key, log.citizen.data[k]) === shown.citizen) row = k;
    }
    expect(row).toBeGreaterThanOrEqual(0);
    expect(log.day.data[row] - warmup).toBe(shown.day);
    expect(log.wrongful.data[row] === 1).toBe(shown.wrongful);
    const trace = traceStory(scenario, {}, { citizen: log.citizen.data[row], day: shown.day, why: "" });
    expect(shown.events).toBe(trace.events.length);
    expect(errors).toEqual([]);
    await page.close();
  });
});
