// The bundled Action as GitHub runs it: `node dist/action.js` in a folder with no node_modules,
// the event in GITHUB_EVENT_PATH, GitHub's API at GITHUB_API_URL (the stand-in on 127.0.0.1) and
// the sandbox engine. A PR is opened, pushed to and closed; every request is checked.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { marker, readState, renderComment } from "../../src/core/comment.ts";
import { STACK_OUTPUT_KEYS } from "../../src/core/outputs.ts";
import { GitHubStandin } from "../../src/github/standin.ts";
import { AwsStandin } from "../fixtures/aws-standin.ts";
import { example, prComment, sameRequests } from "../helpers/webhooks.ts";

const run = promisify(execFile);
const TOKEN = "ghs_e2eTokenThatMustNeverBeShown0123456789";
let github: GitHubStandin;
let apiUrl: string;
let dir: string;

beforeEach(async () => {
  github = new GitHubStandin("acme/shop");
  apiUrl = await github.start();
  dir = await mkdtemp(join(tmpdir(), "prenv-action-"));
  // The action's own checkout: the committed bundle and nothing else (no node_modules).
  await cp("dist", join(dir, "action", "dist"), { recursive: true });
  await writeFile(join(dir, "action", "package.json"), '{ "type": "module" }\n');
});
afterEach(async () => github.stop());

function pullRequestEvent(action: string, head: string, merged = false) {
  const payload = example("pull_request", action === "synchronize" ? "synchronize" : action === "closed" ? "closed" : "opened");
  payload["number"] = payload["pull_request"].number = 42;
  payload["pull_request"].draft = false;
  payload["pull_request"].merged = merged;
  payload["pull_request"].head.sha = head;
  payload["repository"].full_name = "acme/shop";
  return payload;
}

interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

async function action(name: string, payload: unknown, inputs: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> {
  const tag = `${Date.now()}-${Math.random()}`;
  const eventPath = join(dir, `event-${tag}.json`);
  const outputPath = join(dir, `output-${tag}.txt`);
  await writeFile(eventPath, JSON.stringify(payload));
  await writeFile(outputPath, "");
  const allInputs = { "github-token": TOKEN, "aws-region": "us-east-1", engine: "sandbox", image: "ghcr.io/acme/shop:{sha}", ...inputs };
  let result: { stdout: string; stderr: string; code: number };
  try {
    const { stdout, stderr } = await run(process.execPath, [join(dir, "action", "dist", "action.js")], {
      cwd: dir,
      env: {
        PATH: process.env["PATH"],
        GITHUB_EVENT_NAME: name,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: "acme/shop",
        GITHUB_API_URL: apiUrl,
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_RUN_ID: "7",
        GITHUB_RUN_ATTEMPT: "1",
        GITHUB_WORKSPACE: dir,
        GITHUB_OUTPUT: outputPath,
        ...Object.fromEntries(Object.entries(allInputs).map(([key, value]) => [`INPUT_${key.toUpperCase()}`, value])),
        ...env,
      },
    });
    result = { stdout, stderr, code: 0 };
  } catch (error) {
    const failure = error as { stdout: string; stderr: string; code: number };
    result = { stdout: failure.stdout, stderr: failure.stderr, code: failure.code };
  }
  // GITHUB_OUTPUT holds name<<delimiter / value / delimiter blocks.
  const text = await readFile(outputPath, "utf8");
  const outputs = Object.fromEntries([...text.matchAll(/^(.+?)<<(.+)\n([\s\S]*?)\n\2$/gm)].map((m) => [m[1]!, m[3]!]));
  return { ...result, outputs };
}

const requests = (from: number) => github.requests.slice(from).map((r) => `${r.method} ${r.path}`);
const prenvComments = () => github.commentsOn(42).filter((c) => c.body.startsWith(marker(42)));
const sandboxStacks = async () => (await readdir(join(dir, ".prenv", "sandbox"), { recursive: true })).filter((f) => String(f).endsWith(".json"));

describe("the bundled Action", () => {
  it("deploys on open, redeploys on push, destroys on close: one comment, deployments, outputs", async () => {
    github.addPullRequest({ number: 42, headSha: "1".repeat(40) });
    const opened = await action("pull_request", pullRequestEvent("opened", "1".repeat(40)));
    expect(opened.code).toBe(0);
    expect(requests(0)).toEqual([
      "GET /repos/acme/shop/pulls/42",
      "GET /repos/acme/shop/issues/42/comments",
      "POST /repos/acme/shop/issues/42/comments",
      "GET /repos/acme/shop/issues/42/comments",
      "POST /repos/acme/shop/deployments",
      "POST /repos/acme/shop/deployments/1001/statuses",
      "POST /repos/acme/shop/deployments/1001/statuses",
      "PATCH /repos/acme/shop/issues/comments/1000",
      "POST /repos/acme/shop/check-runs",
      `PATCH /repos/acme/shop/check-runs/${github.checkRuns[0]!.id}`,
      "PATCH /repos/acme/shop/issues/comments/1000",
    ]);
    expect(github.checkRuns[0]).toMatchObject({ name: "prenv / integration", conclusion: "success" });
    expect(github.requests.every((r) => r.path.startsWith("/repos/acme/shop/"))).toBe(true);
    const file = join(dir, "cfn-outputs", "flat-outputs.json");
    const written = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
    expect(Object.keys(written)).toEqual([...STACK_OUTPUT_KEYS]);
    expect(opened.outputs).toEqual({
      operation: "deploy",
      "stack-name": "pr-42",
      "app-url": written["appUrl"],
      "test-url": written["testUrl"],
      "dashboard-url": written["dashboardUrl"],
      "outputs-file": file,
    });
    expect(github.deployments[0]!.statuses.at(-1)).toMatchObject({ state: "success", environment_url: written["appUrl"], log_url: "https://github.com/acme/shop/actions/runs/7" });
    // The one place the token appears is the command that tells GitHub to mask it.
    expect(opened.stdout.split("\n").filter((line) => line.includes(TOKEN))).toEqual([`::add-mask::${TOKEN}`]);

    const seen = github.requests.length;
    github.addPullRequest({ number: 42, headSha: "2".repeat(40) });
    const pushed = await action("pull_request", pullRequestEvent("synchronize", "2".repeat(40)));
    expect(pushed.code).toBe(0);
    expect(requests(seen)).toHaveLength(11);
    expect(requests(seen).filter((r) => r.startsWith("POST /repos/acme/shop/issues/42/comments"))).toEqual([]);
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ blueImage: `ghcr.io/acme/shop:${"1".repeat(40)}`, greenImage: `ghcr.io/acme/shop:${"2".repeat(40)}` });

    const beforeClose = github.requests.length;
    github.addPullRequest({ number: 42, headSha: "2".repeat(40), state: "closed", merged: true });
    const closed = await action("pull_request", pullRequestEvent("closed", "2".repeat(40), true));
    expect(closed.code).toBe(0);
    expect(closed.outputs).toEqual({ operation: "destroy", "stack-name": "pr-42" });
    expect(requests(beforeClose)).toEqual([
      "GET /repos/acme/shop/issues/42/comments",
      "PATCH /repos/acme/shop/issues/comments/1000",
      "GET /repos/acme/shop/deployments",
      `POST /repos/acme/shop/deployments/${github.deployments[1]!.id}/statuses`,
      "PATCH /repos/acme/shop/issues/comments/1000",
    ]);
    expect(prenvComments()).toHaveLength(1);
    expect(readState(prenvComments()[0]!.body)).toMatchObject({ status: "destroyed", deploys: 2 });
    expect(github.deployments.map((d) => d.statuses.at(-1)?.state)).toEqual(["inactive", "inactive"]);
    expect(await sandboxStacks()).toEqual([]);
  }, 60_000);

  it("ends with the stack destroyed when the PR closes while a deploy is running", async () => {
    github.addPullRequest({ number: 42, headSha: "1".repeat(40) });
    const slow = { PRENV_SANDBOX_DELAY_MS: "1500" };
    const deploying = action("pull_request", pullRequestEvent("opened", "1".repeat(40)), {}, slow);
    while (!github.deployments[0]?.statuses.some((s) => s.state === "in_progress")) await new Promise((r) => setTimeout(r, 50));
    github.addPullRequest({ number: 42, headSha: "1".repeat(40), state: "closed" });
    const closing = action("pull_request", pullRequestEvent("closed", "1".repeat(40)), {}, slow);
    const [deployed, closed] = await Promise.all([deploying, closing]);

    expect([deployed.code, closed.code]).toEqual([0, 0]);
    expect(closed.outputs["operation"]).toBe("destroy");
    expect(await sandboxStacks()).toEqual([]);
    expect(readState(prenvComments()[0]!.body)?.status).toBe("destroyed");
    expect(github.deployments[0].statuses.at(-1)?.state).toBe("inactive");
  }, 60_000);

  it("reaps on its schedule: the environment of a PR closed without its close run is destroyed", async () => {
    github.addPullRequest({ number: 42, headSha: "1".repeat(40) });
    expect((await action("pull_request", pullRequestEvent("opened", "1".repeat(40)))).code).toBe(0);
    github.addPullRequest({ number: 42, headSha: "1".repeat(40), state: "closed" });
    const reaped = await action("schedule", { schedule: "17 * * * *" });

    expect(reaped.code).toBe(0);
    expect(reaped.outputs["operation"]).toBe("reap");
    expect(reaped.stdout).toContain("prenv: reap: the schedule (17 * * * *) started the reaper");
    expect(reaped.stdout).toContain("PR #42: destroyed: PR #42 is closed");
    expect(await sandboxStacks()).toEqual([]);
    expect(readState(prenvComments()[0]!.body)?.status).toBe("destroyed");
  }, 60_000);

  it("fails with the input's name, before any request, on bad input", async () => {
    github.addPullRequest({ number: 42, headSha: "1".repeat(40) });
    const result = await action("pull_request", pullRequestEvent("opened", "1".repeat(40)), { "aws-region": "", ttl: "soon" });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error::prenv: ttl must be a duration like 72h or 3d (got "soon"); aws-region is required (e.g. us-east-1)');
    expect(result.stdout).not.toMatch(/\n\s+at /);
    expect(github.requests).toEqual([]);
  });

  it("ignores an event it does not act on, with the reason in the log", async () => {
    const result = await action("issue_comment", example("issue_comment", "created"));
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({ operation: "none" });
    expect(result.stdout).toContain("is an issue, not a pull request");
    expect(github.requests).toEqual([]);
  });
});

describe("the bundled Action on /promote-green", () => {
  it("reacts, reads the permission, shifts the listeners over ELBv2, updates the comment: no Pulumi anywhere", async () => {
    const aws = new AwsStandin();
    const env = aws.addEnvironment("acme/shop", 42);
    const endpoint = await aws.start();
    try {
      github.addPullRequest({ number: 42, headSha: "2".repeat(40) });
      github.permissions.set("maintainer", "write");
      const deployed = renderComment({
        pr: 42,
        now: new Date(),
        ttlMs: 72 * 3_600_000,
        state: {
          status: "deployed",
          deploys: 2,
          sha: "2".repeat(40),
          deployedAt: new Date().toISOString(),
          weights: { blue: 100, green: 0 },
          links: { appUrl: "http://pr42.example", testUrl: "http://pr42.example:8080", dashboardUrl: "https://console.example" },
          images: { blue: "ghcr.io/acme/shop:1", green: "ghcr.io/acme/shop:2" },
        },
      });
      github.addComment(42, deployed, "github-actions[bot]", "Bot");
      const command = github.addComment(42, "/promote-green", "maintainer");
      const payload = prComment("/promote-green", { login: "maintainer" });
      payload["issue"].number = 42;
      payload["comment"].id = command.id;
      payload["repository"].full_name = "acme/shop";
      // Show that this path never loads Pulumi: take its code out of the bundle altogether.
      for (const chunk of await readdir(join(dir, "action", "dist", "chunks"))) {
        const file = join(dir, "action", "dist", "chunks", chunk);
        if ((await readFile(file, "utf8")).includes("node_modules/@pulumi/")) await rm(file);
      }

      const result = await action("issue_comment", payload, { engine: "pulumi" }, { AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret" });

      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.outputs).toMatchObject({ operation: "command", "stack-name": "pr-42" });
      expect(github.reactions).toEqual([
        { commentId: command.id, content: "eyes" },
        { commentId: command.id, content: "rocket" },
      ]);
      const reaction = `POST /repos/acme/shop/issues/comments/${command.id}/reactions`;
      sameRequests(
        requests(0),
        [reaction, "GET /repos/acme/shop/collaborators/maintainer/permission", "GET /repos/acme/shop/issues/42/comments", `PATCH /repos/acme/shop/issues/comments/${prenvComments()[0]!.id}`, reaction],
        { last: reaction },
      );
      expect(aws.requests.map((r) => `${r.service} ${r.action}`)).toEqual([
        "tagging GetResources",
        "elbv2 DescribeListeners",
        "elbv2 DescribeTargetHealth",
        "elbv2 ModifyListener",
        "elbv2 ModifyListener",
      ]);
      expect(aws.requests[3]!.params).toMatchObject({
        Action: "ModifyListener",
        ListenerArn: env.listener,
        "DefaultActions.member.1.Type": "forward",
        "DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn": env.blue,
        "DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.Weight": "0",
        "DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.TargetGroupArn": env.green,
        "DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.Weight": "100",
        "DefaultActions.member.1.ForwardConfig.TargetGroupStickinessConfig.Enabled": "false",
      });
      expect(aws.weights(env.listener)).toEqual({ blue: 0, green: 100 });
      expect(aws.weights(env.testListener)).toEqual({ blue: 100, green: 0 });
      expect(prenvComments()[0]!.body).toContain("| Traffic | blue 0% · green 100% |");
      expect(readState(prenvComments()[0]!.body)).toMatchObject({ weights: { blue: 0, green: 100 }, previousActive: "blue" });
    } finally {
      await aws.stop();
    }
  }, 60_000);
});
