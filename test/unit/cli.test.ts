// The `prenv` command as a user meets it: exit codes, messages, and what `plan` prints.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.ts";
import { STACK_OUTPUT_KEYS } from "../../src/core/outputs.ts";

async function prenv(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
  return { code, stdout, stderr };
}

describe("prenv", () => {
  it("prints usage and exits 2 without a command, 0 with --help", async () => {
    expect(await prenv()).toMatchObject({ code: 2, stdout: "" });
    const help = await prenv("--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/\n {2}plan +show a PR's environment, its cost and quota use, offline \(no cloud account\)\n/);
    expect(help.stdout).toMatch(/\n {2}simulate +replay a PR's life/);
  });

  it("rejects an unknown command with exit 2", async () => {
    const result = await prenv("deploi");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('prenv: unknown command "deploi"');
  });
});

describe("prenv plan: bad input", () => {
  it.each([
    [["--pr", "abc"], '--pr must be a positive whole number of at most 10 digits (got "abc")'],
    [["--pr", "0"], '--pr must be a positive whole number of at most 10 digits (got "0")'],
    [[], "--pr is required"],
    [["--pr", "1", "--profile", "huge"], '--profile must be one of preview, production (got "huge")'],
    [["--pr", "1", "--repo", "acme"], '--repo must be a GitHub repository as owner/name (got "acme")'],
    [["--pr", "1", "--image", "nginx:latest; rm -rf /"], '--image must be a container image reference like "ghcr.io/acme/shop:1.2.3" (got "nginx:latest; rm -rf /")'],
    [["--pr", "1", "--bogus"], "Unknown option '--bogus'"],
    [["--pr"], "Option '--pr <value>' argument missing"],
  ])("prenv plan %j exits 2: %s", async (args, message) => {
    const result = await prenv("plan", ...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("Usage: prenv plan --pr N");
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe("prenv plan", () => {
  it("--json prints one object with the stack, its resources, outputs, cost and quotas", async () => {
    const result = await prenv("plan", "--pr", "42", "--repo", "acme/shop", "--json");
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as Record<string, any>;
    expect(plan).toMatchObject({ simulated: true, stack: "pr-42", repo: "acme/shop", profile: "preview", region: "us-east-1" });
    expect(plan.resources).toContainEqual({ type: "aws:lb/loadBalancer:LoadBalancer", name: "alb", component: "edge" });
    expect(Object.keys(plan.outputs).sort()).toEqual([...STACK_OUTPUT_KEYS].sort());
    expect(plan.cost.hourlyUsd).toBeGreaterThan(0.05);
    expect(plan.cost.hourlyUsd).toBeLessThanOrEqual(0.15);
    expect(plan.cost.lines.length).toBeGreaterThan(5);
    expect(plan.quotas.maxConcurrentPrs).toBe(4);
  });

  it("prints the production profile's shape and its much tighter quota", async () => {
    const result = await prenv("plan", "--pr", "42", "--profile", "production");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("prenv plan · pr-42 · example/app · production profile · us-east-1");
    expect(result.stdout).toContain("  NAT gateways               3 × gateway");
    expect(result.stdout).toContain("Quotas: 1 concurrent production PR fits in one region at AWS's default quotas (bound by Elastic IP addresses per region)");
  });

  it("runs as the installed `prenv` command", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["bin/prenv.js", "plan", "--pr", "7", "--json"], {
      env: { ...process.env, GITHUB_REPOSITORY: "acme/shop" },
    });
    expect(JSON.parse(stdout)).toMatchObject({ stack: "pr-7", repo: "acme/shop" });
  });
});
