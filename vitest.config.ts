import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/setup/build.ts"],
    reporters: ["default", "./test/setup/plainSummary.ts"],
    // Two test files at once, whatever the cores (vitest's default is one fewer than the cores: one on the 2-core
    // machines CI uses, where most of the suite waits on the processes it spawns).
    maxWorkers: 2,
    // A guard, not a measure: on 2 shared cores a test that runs the CLI a few times can take minutes of wall time.
    testTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: "suite",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/web/responsive.test.ts"],
        },
      },
      // That the explorable's page never blocks for 100 ms is a wall-clock measure: it runs after the rest of the
      // suite, alone, so that no other test's processes take the page's core.
      {
        extends: true,
        test: {
          name: "responsive",
          include: ["test/web/responsive.test.ts"],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
