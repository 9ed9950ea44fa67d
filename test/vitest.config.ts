import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", "./test/support/summary-reporter.ts"],
    globalSetup: ["./test/support/global-setup.ts"],
    testTimeout: 60_000,
    // The commands tests start must never write to the user's own cache directory: tests
    // of gotidy-ts's cache name a scratch GOTIDYCACHE of their own.
    env: { GOTIDYCACHE: "off" },
  },
});
