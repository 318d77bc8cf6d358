import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/build.ts"],
    reporters: ["default", "./test/setup/plainSummary.ts"],
    // A guard, not a measure: on 2 shared cores a test that runs the CLI a few times can take minutes of wall time.
    testTimeout: 180_000,
  },
});
