import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Builds `dist/` once (the CLI tests run the real `bin/controlocracy.js`, which loads it), and gives the test run a
 * temporary directory of its own inside the system's: every test's `os.tmpdir()` points there (TMPDIR), and it is
 * removed when the run ends, so tests leave nothing behind even when one fails half-way.
 */
export default function setup(): () => void {
  // Each vitest project runs its global setup (the suite, then the explorable's tests): the first one builds and
  // makes the directory; the others find them, and leave them to the first's teardown.
  if (process.env.CONTROLOCRACY_TEST_TMPDIR) return () => {};
  const root = fileURLToPath(new URL("../..", import.meta.url));
  execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  const temporary = mkdtempSync(join(tmpdir(), "controlocracy-tests-"));
  process.env.TMPDIR = temporary;
  process.env.CONTROLOCRACY_TEST_TMPDIR = temporary;
  return () => {
    rmSync(temporary, { recursive: true, force: true });
    delete process.env.CONTROLOCRACY_TEST_TMPDIR;
  };
}
