// `prenv verify` on the sandbox: the outputs file must be the PR's own, and the test command's
// output is redacted like every other command's.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli.ts";

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "prenv-cli-verify-"));
});

async function prenv(env: Record<string, string>, ...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { GITHUB_REPOSITORY: "acme/shop", ...env }, cwd });
  return { code, stdout, stderr };
}

describe("prenv verify", () => {
  it("refuses an outputs file of another PR (exit 2)", async () => {
    expect((await prenv({}, "deploy", "--pr", "42", "--sandbox")).code).toBe(0);
    const result = await prenv({}, "verify", "--pr", "43", "--sandbox", "--outputs", join(cwd, "cfn-outputs", "flat-outputs.json"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^prenv verify: the listener arn:aws:elasticloadbalancing:\S+ belongs to acme\/shop PR 42, not pr-43 of acme\/shop; refusing to change it\n/);
  }, 30_000);

  it("refuses an outputs file of another repo (exit 2)", async () => {
    expect((await prenv({}, "deploy", "--pr", "42", "--sandbox")).code).toBe(0);
    const result = await prenv({}, "verify", "--pr", "42", "--repo", "acme/other", "--sandbox", "--outputs", join(cwd, "cfn-outputs", "flat-outputs.json"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^prenv verify: the listener \S+ belongs to acme\/shop PR 42, not pr-42 of acme\/other;/);
  }, 30_000);

  it("runs the checks on the PR's own outputs file, redacting the secrets the other commands redact", async () => {
    expect((await prenv({}, "deploy", "--pr", "42", "--sandbox")).code).toBe(0);
    const env = { PULUMI_CONFIG_PASSPHRASE: "correct-horse-battery", GITHUB_TOKEN: "gho-style-terminal-token" };
    const result = await prenv(
      env,
      "verify", "--pr", "42", "--sandbox", "--json",
      "--outputs", join(cwd, "cfn-outputs", "flat-outputs.json"),
      "--test-command", "echo phrase correct-horse-battery; echo gh gho-style-terminal-token",
    );
    const report = JSON.parse(result.stdout) as { testOutput: string; checks: { name: string; status: string }[] };
    expect(report.checks.find((c) => c.name === "test command")).toMatchObject({ status: "pass" });
    expect(report.testOutput).toBe("phrase ***\ngh ***");
  }, 30_000);
});
