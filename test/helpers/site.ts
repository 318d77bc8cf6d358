// The explorable (src/web) built with Vite as `npm run build:web` builds it, into a temporary folder, served by a
// plain static HTTP server (no special headers, as any static host), and opened in a real headless Chromium
// (Debian's, or CHROMIUM_PATH).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { buildAndServeSite, CHROMIUM, CHROMIUM_ARGS } from "../../scripts/site.js";

/** What the page shows of itself (`window.controlocracy`), as the tests read it. */
export interface PageState {
  mode: "story" | "sandbox";
  step?: number;
  outcome?: string;
  state: string;
  summaryJson?: string;
  days: { day: number; listed: number; trulyListed: number }[];
  problems?: string;
}

/** The built site, served, and a browser to open it in. */
export interface Site {
  /** The temporary folder (the site is in `site/`; a test may write beside it). */
  folder: string;
  base: string;
  browser: Browser;
  /** Opens `?query` in a new page `width` pixels wide, collecting the page's errors. */
  open(query: string, width?: number): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function serveSite(): Promise<Site> {
  const folder = mkdtempSync(join(tmpdir(), "controlocracy-web-"));
  const { server, base } = await buildAndServeSite(join(folder, "site"));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    folder,
    base,
    browser,
    async open(query, width = 1100) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      await page.goto(`${base}?${query}`);
      return { page, errors };
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** The page's state now. */
export const state = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { controlocracy: PageState }).controlocracy);

/** Waits until the page's state is one of `wanted`, and gives it. */
export async function until(page: Page, wanted: string[]): Promise<PageState> {
  await page.waitForFunction(
    (states) => states.includes((globalThis as unknown as { controlocracy: PageState }).controlocracy.state),
    wanted,
    { timeout: 120_000 },
  );
  return state(page);
}
