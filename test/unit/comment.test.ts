// The living comment, rendered exactly as GitHub will show it.
import { describe, expect, it } from "vitest";
import { COMMENT_LIMIT, type CommentView, type EnvironmentState, expiresAt, readState, renderComment } from "../../src/core/comment.ts";

const now = new Date("2026-11-22T10:00:00Z");
const deployed: EnvironmentState = {
  status: "deployed",
  sha: "0123456789abcdef0123456789abcdef01234567",
  deploymentId: 17,
  firstDeployedAt: "2026-11-20T09:00:00.000Z",
  deployedAt: "2026-11-22T09:58:00.000Z",
  lastActivityAt: "2026-11-22T09:58:00.000Z",
  deploys: 3,
  hourlyUsd: 0.1092,
  durationMs: 252_000,
  links: { appUrl: "http://pr42.elb.example", testUrl: "http://pr42.elb.example:8080", dashboardUrl: "https://console.example/dash" },
  images: { blue: "ghcr.io/acme/shop:0123456", green: "ghcr.io/acme/shop:89abcde" },
  weights: { blue: 100, green: 0 },
  simulated: false,
};
const view = (state: EnvironmentState, extra: Partial<CommentView> = {}): CommentView => ({
  pr: 42,
  state,
  now,
  runUrl: "https://github.com/acme/shop/actions/runs/7",
  ttlMs: 72 * 3_600_000,
  approveLabel: "prenv:approve",
  ...extra,
});
const visible = (body: string) => body.split("\n").slice(0, -1).join("\n");

describe("renderComment", () => {
  it("shows a deployed environment: URLs, traffic, images, commit, cost, expiry, next step", () => {
    expect(visible(renderComment(view(deployed)))).toBe(
      [
        "<!-- prenv:pr-42 -->",
        "### ✅ `pr-42` is deployed",
        "",
        "| | |",
        "|---|---|",
        "| App | http://pr42.elb.example |",
        "| Test URL (green, idle) | http://pr42.elb.example:8080 |",
        "| Dashboard | [CloudWatch](https://console.example/dash) |",
        "| Traffic | blue 100% · green 0% |",
        "| Images | blue `ghcr.io/acme/shop:0123456` · green `ghcr.io/acme/shop:89abcde` |",
        "| Commit | `0123456`, deployed in 4m 12s ([run log](https://github.com/acme/shop/actions/runs/7)) |",
        "| Estimated cost | $0.1092/hour (about $2.62/day) |",
        "| Expires | 2026-11-25 09:58 UTC (3d after the last activity) |",
        "",
        "Green is ready: comment `/promote-green` to send it production traffic.",
        "",
      ].join("\n"),
    );
  });

  it("says so when it is simulated, and what a promotion changed", () => {
    const body = renderComment(view({ ...deployed, simulated: true, weights: { blue: 0, green: 100 } }));
    expect(body).toContain("> 🧪 **Simulated** by prenv's sandbox engine: nothing was created in AWS and these URLs do not resolve.");
    expect(body).toContain("| Test URL (blue, idle) |");
    expect(body).toContain("| Traffic | blue 0% · green 100% |");
    expect(body).toContain("Blue is ready: comment `/promote-blue` to send it production traffic.");
  });

  it("shows a deploy in progress, naming the colour it goes to", () => {
    expect(visible(renderComment(view({ ...deployed, status: "deploying" })))).toBe(
      [
        "<!-- prenv:pr-42 -->",
        "### ⏳ Deploying `pr-42`",
        "",
        "Deploying commit `0123456` to **green** while blue keeps serving. [Run log](https://github.com/acme/shop/actions/runs/7)",
        "",
      ].join("\n"),
    );
    expect(renderComment(view({ status: "deploying", deploys: 0, sha: "f".repeat(40) }))).toContain(
      "Deploying commit `fffffff` to both colours (first deploy).",
    );
  });

  it("shows a failure: the step, the message, the last lines of output, and what to do next", () => {
    const body = renderComment(
      view({ ...deployed, status: "failed" }, { failure: { operation: "deploy", step: "pulumi up", message: "exit code 255", logTail: ["error: boom", "  at line 3"] } }),
    );
    expect(visible(body)).toBe(
      [
        "<!-- prenv:pr-42 -->",
        "### ❌ Deploying `pr-42` failed",
        "",
        "**pulumi up** failed: exit code 255. [Run log](https://github.com/acme/shop/actions/runs/7)",
        "",
        "<details><summary>Last 2 lines of the output (secrets redacted)</summary>",
        "",
        "```text",
        "error: boom",
        "  at line 3",
        "```",
        "",
        "</details>",
        "",
        "Push a commit or comment `/redeploy` to try again; closing the PR destroys whatever was created.",
        "",
      ].join("\n"),
    );
    expect(renderComment(view({ ...deployed, status: "failed" }, { failure: { operation: "destroy", step: "pulumi destroy", message: "x", logTail: [] } }))).toContain(
      "### ❌ Destroying `pr-42` failed",
    );
  });

  it("says why a fork PR waits and how to approve it", () => {
    expect(visible(renderComment(view({ status: "waiting", deploys: 0, sha: "a".repeat(40) }, { waitingReason: "the PR comes from the fork stranger/shop" })))).toBe(
      [
        "<!-- prenv:pr-42 -->",
        "### 🔒 `pr-42` is waiting for approval",
        "",
        "Not deployed: the PR comes from the fork stranger/shop. A maintainer can approve commit `aaaaaaa` by commenting `/approve` or adding the `prenv:approve` label; a later push needs a new approval.",
        "",
      ].join("\n"),
    );
  });

  it("ends with how long the environment lived and what it cost", () => {
    expect(visible(renderComment(view({ ...deployed, status: "destroyed" }, { destroyReason: "PR #42 was merged" })))).toBe(
      [
        "<!-- prenv:pr-42 -->",
        "### 🗑️ `pr-42` was destroyed",
        "",
        "PR #42 was merged. Its environment ran for 2d 1h (first deployed 2026-11-20 09:00 UTC, 3 deploys) at an estimated $0.1092/hour: about $5.35 in total.",
        "",
      ].join("\n"),
    );
    expect(renderComment(view({ status: "destroyed", deploys: 0 }, { destroyReason: "PR #42 was closed without merging" }))).toContain(
      "PR #42 was closed without merging. Nothing had been deployed.",
    );
  });

  it("stays under GitHub's 65,536 characters with a huge log, keeping the newest lines", () => {
    const logTail = Array.from({ length: 5000 }, (_, i) => `line ${i} ${"x".repeat(300)}`);
    const body = renderComment(view({ ...deployed, status: "failed" }, { failure: { operation: "deploy", step: "pulumi up", message: "boom", logTail } }));
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain("line 4999 ");
    expect(body).not.toContain("line 0 ");
    expect(readState(body)).toEqual({ ...deployed, status: "failed" });
  });

  it("cuts even a pathological message down, keeping both markers", () => {
    const body = renderComment(view({ ...deployed, status: "failed" }, { failure: { operation: "deploy", step: "x", message: "m".repeat(100_000), logTail: [] } }));
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.startsWith("<!-- prenv:pr-42 -->")).toBe(true);
    expect(readState(body)?.status).toBe("failed");
  });
});

describe("readState", () => {
  it("reads back what renderComment wrote", () => {
    expect(readState(renderComment(view(deployed)))).toEqual(deployed);
  });

  it("keeps a value that looks like the end of an HTML comment inside the state", () => {
    const tricky = { ...deployed, links: { ...deployed.links!, appUrl: "http://x/--><script>" } };
    expect(readState(renderComment(view(tricky)))).toEqual(tricky);
  });

  it("treats a missing, mangled or foreign state block as none", () => {
    expect(readState(undefined)).toBeUndefined();
    expect(readState("just a comment")).toBeUndefined();
    expect(readState("<!-- prenv:state {not json} -->")).toBeUndefined();
    expect(readState('<!-- prenv:state {"status":"exploded"} -->')).toBeUndefined();
  });
});

describe("expiresAt", () => {
  it("counts the TTL from the last activity, plus any extension", () => {
    expect(expiresAt(deployed, 3_600_000)?.toISOString()).toBe("2026-11-22T10:58:00.000Z");
    expect(expiresAt({ ...deployed, extendedMs: 3_600_000 }, 3_600_000)?.toISOString()).toBe("2026-11-22T11:58:00.000Z");
    expect(expiresAt({}, 3_600_000)).toBeUndefined();
  });
});
