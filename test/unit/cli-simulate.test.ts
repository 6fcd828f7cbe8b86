// `prenv simulate`: the main job on its embedded default, and one real payload at a time.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.ts";
import { example, prComment } from "../helpers/webhooks.ts";

async function prenv(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: {} });
  return { code, stdout, stderr };
}

let dir: string;
const file = async (name: string, content: string) => {
  await writeFile(join(dir, name), content);
  return join(dir, name);
};
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "prenv-payloads-"));
});

describe("prenv simulate", () => {
  it("replays open, push and merge of PR 42, printing each comment version and deployment status", async () => {
    const result = await prenv("simulate");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("prenv simulate · PR #42 of example/app: opened, pushed to, merged · SIMULATED");
    expect(result.stdout).toContain("▶ pull_request.opened\n  decision: deploy PR #42: PR #42 was opened\n");
    expect(result.stdout).toContain("  ⇢ deployment 1001: success\n");
    expect(result.stdout).toContain("    │ ### ✅ `pr-42` is deployed\n");
    expect(result.stdout).toContain("    │ Deploying commit `2222222` to **green** while blue keeps serving.");
    expect(result.stdout).toContain("    │ ### 🗑️ `pr-42` was destroyed\n");
    expect(result.stdout).toContain("    │ | Integration | ✅ 11 passed, 2 skipped ([check run](https://github.com/example/app/runs/");
    expect(result.stdout).toContain("27 requests to the GitHub stand-in; one living comment on PR #42.");
  }, 30_000);

  it("--json prints the decision and every step of each event", async () => {
    const result = await prenv("simulate", "--pr", "7", "--repo", "acme/shop", "--json");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { pr: number; repo: string; simulated: boolean; runs: { event: string; intent: { kind: string; pr: number; reason: string }; steps: { step: string }[] }[] };
    expect(report).toMatchObject({ pr: 7, repo: "acme/shop", simulated: true });
    expect(report.runs.map((run) => [run.event, run.intent.kind, run.intent.pr, run.intent.reason])).toEqual([
      ["pull_request.opened", "deploy", 7, "PR #7 was opened"],
      ["pull_request.synchronize", "deploy", 7, "PR #7 was pushed to"],
      ["pull_request.closed", "destroy", 7, "PR #7 was merged"],
    ]);
    expect(report.runs[0]!.steps.map((s) => s.step)).toEqual([
      "check the PR",
      "find the comment",
      "read the previous deployment",
      "comment: deploying",
      "create the GitHub deployment",
      "deployment: in progress",
      "pulumi up (simulated)",
      "deployment: success",
      "comment: deployed",
      "write the outputs",
      "check run: started",
      "integration checks",
      "check run: finished",
      "comment: checked",
    ]);
  }, 30_000);

  it("runs one real payload through the same path", async () => {
    const payload = example("pull_request", "opened");
    payload["pull_request"].draft = false;
    const result = await prenv("simulate", "--event", "pull_request", "--payload", await file("opened.json", JSON.stringify(payload)), "--json");
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout) as { intent: { kind: string; pr: number }; steps: { step: string; ok: boolean }[] };
    expect(run.intent).toMatchObject({ kind: "deploy", pr: 2 });
    expect(run.steps.every((s) => s.ok)).toBe(true);
    expect(run.steps.map((s) => s.step)).toContain("pulumi up (simulated)");
  }, 30_000);

  it("decides ignore, with the reason, for a payload without a PR number or a comment that is not a command", async () => {
    const payload = example("pull_request", "opened");
    delete payload["number"];
    delete payload["pull_request"].number;
    const numberless = await prenv("simulate", "--event", "pull_request", "--payload", await file("numberless.json", JSON.stringify(payload)), "--json");
    expect(numberless.code).toBe(0);
    expect(JSON.parse(numberless.stdout)).toMatchObject({ intent: { kind: "ignore", reason: "the payload has no pull request number" } });
    const chatter = await prenv("simulate", "--event", "issue_comment", "--payload", await file("chatter.json", JSON.stringify(prComment("nice work"))), "--json");
    expect(JSON.parse(chatter.stdout)).toMatchObject({ intent: { kind: "ignore", reason: "the comment is not a command (its first line does not start with /)" } });
  }, 30_000);

  it.each([
    ["a missing file", ["--event", "pull_request", "--payload", "/nonexistent/payload.json"], "cannot read the payload file /nonexistent/payload.json: no such file"],
    ["a file that is not JSON", ["--event", "pull_request", "--payload", "NOTJSON"], "the payload file is not JSON: "],
    ["a payload of another event", ["--event", "pull_request", "--payload", "COMMENT"], "the payload is not a pull_request event: pull_request: Invalid input: expected object, received undefined"],
    ["--event without --payload", ["--event", "pull_request"], "--event and --payload go together"],
    ["--pr with --event", ["--pr", "1", "--event", "pull_request", "--payload", "COMMENT"], "--pr replays a whole PR; with --event the payload names the PR"],
    ["a bad PR number", ["--pr", "x"], '--pr must be a positive whole number of at most 10 digits (got "x")'],
  ])("exits 2 with a clear message for %s", async (_case, args, message) => {
    const paths: Record<string, string> = {
      NOTJSON: await file("not-json.json", "{ this is not json"),
      COMMENT: await file("comment.json", JSON.stringify(prComment("/status"))),
    };
    const result = await prenv("simulate", ...args.map((a) => paths[a] ?? a));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain("Usage: prenv simulate");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
