import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/build.ts"],
    reporters: ["default", "./test/setup/plain-summary.ts"],
    testTimeout: 60_000,
  },
});
