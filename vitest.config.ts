import { defineConfig } from "vitest/config";

// `.ci/run` asks for a JSON report too, to print the runner's own pass/fail counts at the end.
const report = process.env["PRENV_TEST_REPORT"];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Pulumi's runtime is a per-process global: each test file gets its own process.
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    reporters: report ? ["default", "json"] : ["default"],
    ...(report ? { outputFile: { json: report } } : {}),
  },
});
