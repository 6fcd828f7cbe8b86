// The App as `npm run app` runs it (src/app/main.ts in its own process) on 127.0.0.1, receiving
// signed real payloads, with GitHub's API and AWS served by loopback stand-ins.
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { marker, readState, renderComment } from "../../src/core/comment.ts";
import { GitHubStandin } from "../../src/github/standin.ts";
import { AwsStandin } from "../fixtures/aws-standin.ts";
import { APP_ID, deliveryHeaders, fromRepo, PRIVATE_KEY, WEBHOOK_SECRET } from "../helpers/app.ts";
import { example, prComment, sameRequests } from "../helpers/webhooks.ts";

let github: GitHubStandin;
let aws: AwsStandin;
let app: ChildProcess;
let url: string;
let lb: ReturnType<AwsStandin["addEnvironment"]>;

beforeAll(async () => {
  github = new GitHubStandin("acme/shop");
  aws = new AwsStandin();
  lb = aws.addEnvironment("acme/shop", 42);
  const [githubUrl, awsUrl] = await Promise.all([github.start(), aws.start()]);
  app = spawn(process.execPath, ["src/app/main.ts"], {
    env: {
      PATH: process.env["PATH"],
      APP_ID,
      PRIVATE_KEY,
      WEBHOOK_SECRET,
      GITHUB_API_URL: githubUrl,
      PORT: "0",
      AWS_ENDPOINT_URL: awsUrl,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "secret",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  url = await new Promise<string>((resolve, reject) => {
    let output = "";
    app.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const found = /prenv App listening: (\S+)/.exec(output);
      if (found) resolve(found[1]!);
    });
    app.on("exit", (code) => reject(new Error(`the App exited (${code}): ${output}`)));
  });
});

afterAll(async () => {
  app.kill("SIGTERM");
  await Promise.all([github.stop(), aws.stop()]);
});

let before: { github: number; aws: number };
beforeEach(() => {
  before = { github: github.requests.length, aws: aws.requests.length };
});
const githubRequests = () => github.requests.slice(before.github);
const awsRequests = () => aws.requests.slice(before.aws).map((r) => `${r.service} ${r.action}`);

async function deliver(event: string, payload: unknown, options: Parameters<typeof deliveryHeaders>[2] = {}, raw?: string) {
  const body = raw ?? JSON.stringify(payload);
  const response = await fetch(url, { method: "POST", headers: deliveryHeaders(event, body, options), body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A PR comment by `login`, posted on the stand-in and delivered to the App. */
function commentPayload(body: string, login: string, pr = 42) {
  const posted = github.addComment(pr, body, login);
  const payload = fromRepo(prComment(body, { login }));
  payload["issue"].number = pr;
  payload["comment"].id = posted.id;
  return { payload, id: posted.id };
}

describe("the App in its own process", () => {
  beforeAll(() => {
    github.addPullRequest({ number: 42, headSha: "a".repeat(40) });
    github.permissions.set("maintainer", "write");
    github.addComment(
      42,
      renderComment({
        pr: 42,
        now: new Date(),
        ttlMs: 72 * 3_600_000,
        state: { status: "deployed", deploys: 1, sha: "a".repeat(40), deployedAt: new Date().toISOString(), weights: { blue: 100, green: 0 } },
      }),
      "prenv[bot]", "Bot",
    );
  });

  it("/promote-green: 👀, the permission read, the listener found by tags and shifted, the comment updated, 🚀", async () => {
    const { payload, id } = commentPayload("/promote-green", "maintainer");
    expect(await deliver("issue_comment", payload)).toEqual({ status: 200, body: { ok: true, message: "received" } });

    const living = github.commentsOn(42).find((c) => c.body.startsWith(marker(42)))!;
    const reaction = `POST /repos/acme/shop/issues/comments/${id}/reactions`;
    sameRequests(
      githubRequests().map((r) => `${r.method} ${r.path}`),
      [
        "POST /app/installations/42/access_tokens",
        reaction,
        "GET /repos/acme/shop/collaborators/maintainer/permission",
        "GET /repos/acme/shop/issues/42/comments",
        `PATCH /repos/acme/shop/issues/comments/${living.id}`,
        reaction,
      ],
      { last: reaction },
    );
    expect(github.reactions.filter((r) => r.commentId === id).map((r) => r.content)).toEqual(["eyes", "rocket"]);
    expect(awsRequests()).toEqual(["tagging GetResources", "elbv2 DescribeListeners", "elbv2 DescribeTargetHealth", "elbv2 ModifyListener", "elbv2 ModifyListener"]);
    expect(aws.weights(lb.listener)).toEqual({ blue: 0, green: 100 });
    expect(readState(github.commentsOn(42).find((c) => c.body.startsWith(marker(42)))!.body)).toMatchObject({ weights: { blue: 0, green: 100 }, previousActive: "blue" });
  });

  it("hands a PR's deploy to the preview workflow with workflow_dispatch", async () => {
    const payload = fromRepo(example("pull_request", "synchronize"));
    payload["number"] = payload["pull_request"].number = 42;
    payload["pull_request"].head.sha = "b".repeat(40);
    expect((await deliver("pull_request", payload)).status).toBe(200);
    expect(githubRequests().map((r) => `${r.method} ${r.path}`)).toEqual(["POST /repos/acme/shop/actions/workflows/preview.yml/dispatches"]);
    expect(githubRequests()[0]!.body).toEqual({ ref: "main", inputs: { pr: "42", operation: "deploy", sha: "b".repeat(40), "requested-by": "" } });
    expect(awsRequests()).toEqual([]);
  });

  it("hands /redeploy, /destroy and /approve (pinned to the head commit) to the workflow", async () => {
    github.dispatches.length = 0;
    for (const command of ["/redeploy", "/destroy", "/approve"]) {
      const { id } = commentPayload(command, "maintainer");
      const payload = fromRepo(prComment(command, { login: "maintainer" }));
      payload["issue"].number = 42;
      payload["comment"].id = id;
      expect((await deliver("issue_comment", payload)).status).toBe(200);
      expect(github.reactions.filter((r) => r.commentId === id).map((r) => r.content)).toEqual(["eyes", "rocket"]);
    }
    expect(github.dispatches.map((d) => d.inputs)).toEqual([
      { pr: "42", operation: "redeploy", sha: "", "requested-by": "" },
      { pr: "42", operation: "destroy", sha: "", "requested-by": "" },
      { pr: "42", operation: "approve", sha: "a".repeat(40), "requested-by": "maintainer" },
    ]);
  });

  it("says so, and how to fix it, when the workflow is missing", async () => {
    github.workflows.delete("preview.yml");
    try {
      const { payload, id } = commentPayload("/redeploy", "maintainer");
      await deliver("issue_comment", payload);
      expect(github.reactions.filter((r) => r.commentId === id).map((r) => r.content)).toEqual(["eyes", "confused"]);
      expect(github.commentsOn(42).at(-1)!.body).toBe(
        "@maintainer `/redeploy` failed: the workflow .github/workflows/preview.yml was not found on main; add it (prenv's README has one to copy) or set PRENV_WORKFLOW to the workflow that runs the prenv Action. See the comment above and the run log.",
      );
    } finally {
      github.workflows.add("preview.yml");
    }
  });

  it("refuses a command from someone without write access exactly as the Action does", async () => {
    const { payload, id } = commentPayload("/destroy", "visitor");
    await deliver("issue_comment", payload);
    expect(github.reactions.filter((r) => r.commentId === id).map((r) => r.content)).toEqual(["eyes", "-1"]);
    expect(github.commentsOn(42).at(-1)!.body).toBe("@visitor `/destroy` needs write permission on this repository; you have read.");
    expect(githubRequests().some((r) => r.path.includes("dispatches"))).toBe(false);
  });
});

describe("bad deliveries get a 4xx and reach neither GitHub nor AWS", () => {
  const valid = () => fromRepo(prComment("/status", { login: "anyone" }));

  it.each([
    ["no signature", { signature: null }, 401, "x-hub-signature-256 is required: set a webhook secret on the GitHub App"],
    ["a wrong signature", { secret: "not-the-secret" }, 401, "the signature does not match: check the App's webhook secret"],
    ["a malformed signature", { signature: "sha1=abc" }, 401, "x-hub-signature-256 is not a sha256= HMAC"],
    ["the wrong content type", { contentType: "application/x-www-form-urlencoded" }, 415, "set the webhook's content type to application/json"],
  ] as const)("%s", async (_case, options, status, error) => {
    expect(await deliver("issue_comment", valid(), options)).toEqual({ status, body: { error } });
    expect(githubRequests()).toEqual([]);
    expect(awsRequests()).toEqual([]);
  });

  it("a body that is not JSON", async () => {
    expect(await deliver("issue_comment", undefined, {}, "{not json")).toEqual({ status: 400, body: { error: "the body is not JSON" } });
    expect(await deliver("issue_comment", undefined, {}, "[1,2]")).toEqual({ status: 400, body: { error: "the body is not a JSON object" } });
    expect(githubRequests()).toEqual([]);
  });

  it("a body over 25 MB", async () => {
    const huge = `{"padding":"${"x".repeat(25 * 1024 * 1024)}"}`;
    expect(await deliver("issue_comment", undefined, { signature: `sha256=${"0".repeat(64)}` }, huge)).toEqual({
      status: 413,
      body: { error: "the body is larger than any GitHub webhook (25 MB)" },
    });
    expect(githubRequests()).toEqual([]);
  });

  it("a body over 25 MB sent in chunks, without a length", async () => {
    const chunk = new TextEncoder().encode("x".repeat(1024 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull: (controller) => (sent++ < 26 ? controller.enqueue(chunk) : controller.close()),
    });
    const headers = deliveryHeaders("issue_comment", "", { signature: `sha256=${"0".repeat(64)}` });
    const response = await fetch(url, { method: "POST", headers, body, duplex: "half" });
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 413, body: { error: "the body is larger than any GitHub webhook (25 MB)" } });
    expect(githubRequests()).toEqual([]);
  });

  it("an event prenv does not act on is a 200 'ignored'", async () => {
    expect(await deliver("star", { action: "created", repository: { full_name: "acme/shop" } })).toEqual({
      status: 200,
      body: { ok: true, message: "ignored: prenv does not act on star events" },
    });
    expect(githubRequests()).toEqual([]);
  });
});
