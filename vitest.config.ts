import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Pulumi's runtime is a per-process global: each test file gets its own process.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
