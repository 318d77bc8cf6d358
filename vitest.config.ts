import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/build.ts"],
    reporters: ["default", "./test/setup/plainSummary.ts"],
    // Two test files at once, whatever the cores (vitest's default is one fewer than the cores: one on the 2-core
    // machines CI uses, where most of the suite waits on the processes it spawns).
    maxWorkers: 2,
    // A guard, not a measure: on 2 shared cores a test that runs the CLI a few times can take minutes of wall time.
    testTimeout: 180_000,
  },
});
