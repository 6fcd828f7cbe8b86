// The decision table: real payloads (and our variants of them) in, one Intent out, with its reason.
import { describe, expect, it } from "vitest";
import { decide, payloadProblem } from "../../src/core/event.ts";
import { example, prComment } from "../helpers/webhooks.ts";

const options = { deployDrafts: false, approveLabel: "prenv:approve", maxExtendMs: 7 * 86_400_000 };

describe("pull_request", () => {
  it.each([
    ["opened", "PR #2 was opened"],
    ["reopened", "PR #2 was reopened"],
    ["synchronize", "PR #2 was pushed to"],
    ["ready_for_review", "PR #2 was marked ready for review"],
  ])("%s deploys the head commit", (action, reason) => {
    const payload = example("pull_request", action);
    payload["pull_request"].draft = false;
    payload["number"] = payload["pull_request"].number = 2;
    expect(decide("pull_request", payload, options)).toEqual({
      kind: "deploy",
      pr: 2,
      sha: payload["pull_request"].head.sha,
      actor: payload["sender"].login,
      reason,
    });
  });

  it("treats pull_request_target the same way", () => {
    expect(decide("pull_request_target", example("pull_request", "opened"), options)).toMatchObject({ kind: "deploy", pr: 2 });
  });

  it("destroys on close, merged or not, and says which", () => {
    const merged = example("pull_request", "closed");
    merged["pull_request"].merged = true;
    const abandoned = example("pull_request", "closed");
    abandoned["pull_request"].merged = false;
    expect(decide("pull_request", merged, options)).toMatchObject({ kind: "destroy", pr: merged["number"], reason: `PR #${merged["number"]} was merged` });
    expect(decide("pull_request", abandoned, options)).toMatchObject({ kind: "destroy", reason: `PR #${abandoned["number"]} was closed without merging` });
  });

  it("waits for a draft until it is ready for review, unless drafts deploy too", () => {
    const draft = example("pull_request", "opened");
    draft["pull_request"].draft = true;
    expect(decide("pull_request", draft, options)).toEqual({
      kind: "ignore",
      pr: 2,
      reason: "PR #2 is a draft; prenv deploys it once it is ready for review (or set deploy-drafts: true)",
    });
    expect(decide("pull_request", draft, { ...options, deployDrafts: true })).toMatchObject({ kind: "deploy" });
  });

  it("decides a fork PR's deploy like any other: the policy makes it wait", () => {
    const fork = example("pull_request", "opened");
    fork["pull_request"].head.repo.full_name = "stranger/Hello-World";
    expect(decide("pull_request", fork, options)).toMatchObject({ kind: "deploy", pr: 2 });
  });

  it("turns the approval label into an /approve by whoever added it", () => {
    const labeled = example("pull_request", "labeled");
    labeled["label"].name = "prenv:approve";
    expect(decide("pull_request", labeled, options)).toMatchObject({
      kind: "command",
      pr: labeled["number"],
      actor: labeled["sender"].login,
      label: "prenv:approve",
      parsed: { kind: "command", command: { name: "approve" } },
    });
    const other = example("pull_request", "labeled");
    expect(decide("pull_request", other, options)).toMatchObject({ kind: "ignore", reason: "prenv does not act on pull_request.labeled" });
  });

  it.each(["assigned", "converted_to_draft", "locked", "review_requested", "unlabeled"])("ignores %s, saying so", (action) => {
    expect(decide("pull_request", example("pull_request", action), options)).toMatchObject({
      kind: "ignore",
      reason: `prenv does not act on pull_request.${action}`,
    });
  });

  it("ignores a payload without a PR number", () => {
    const payload = example("pull_request", "opened");
    delete payload["number"];
    delete payload["pull_request"].number;
    expect(decide("pull_request", payload, options)).toEqual({ kind: "ignore", reason: "the payload has no pull request number" });
  });
});

describe("issue_comment", () => {
  it("parses a command on a pull request", () => {
    const payload = prComment("/promote-green");
    expect(decide("issue_comment", payload, options)).toEqual({
      kind: "command",
      pr: payload["issue"].number,
      actor: "octocat",
      commentId: payload["comment"].id,
      parsed: { kind: "command", command: { name: "promote", color: "green", force: false }, text: "/promote-green" },
      reason: "octocat commented /promote-green",
    });
  });

  it("passes a malformed command on, so the reply can say the right form", () => {
    expect(decide("issue_comment", prComment("/shift green 250"), options)).toMatchObject({
      kind: "command",
      parsed: { kind: "invalid", message: 'percentage must be a whole number from 0 to 100, not "250": /shift green 25' },
    });
  });

  it("ignores a comment that is not a command", () => {
    expect(decide("issue_comment", prComment("Looks good to me!"), options)).toMatchObject({
      kind: "ignore",
      reason: "the comment is not a command (its first line does not start with /)",
    });
  });

  it("ignores comments on issues that are not pull requests (GitHub's own example is one)", () => {
    const payload = example("issue_comment", "created");
    payload["comment"].body = "/promote-green";
    expect(decide("issue_comment", payload, options)).toEqual({
      kind: "ignore",
      pr: payload["issue"].number,
      reason: `#${payload["issue"].number} is an issue, not a pull request`,
    });
  });

  it.each(["edited", "deleted"])("ignores %s comments", (action) => {
    expect(decide("issue_comment", prComment("/destroy", { action }), options)).toMatchObject({
      kind: "ignore",
      reason: `comment ${action}: only new comments can carry commands`,
    });
  });

  it("ignores bots, the bot itself included", () => {
    expect(decide("issue_comment", prComment("/destroy", { login: "github-actions[bot]", type: "Bot" }), options)).toMatchObject({
      kind: "ignore",
      reason: "the comment is by a bot (github-actions[bot]); bots cannot run commands",
    });
    expect(decide("issue_comment", prComment("/destroy", { login: "renovate[bot]", type: "User" }), options)).toMatchObject({ kind: "ignore" });
  });
});

describe("workflow_dispatch", () => {
  const dispatch = (inputs: Record<string, unknown>) => ({ ...example("workflow_dispatch"), inputs });

  it.each([
    [{ pr: "7", operation: "deploy" }, { kind: "deploy", pr: 7 }],
    [{ pr: "7", operation: "redeploy", sha: "a".repeat(40) }, { kind: "deploy", pr: 7, sha: "a".repeat(40) }],
    [{ pr: "7", operation: "destroy", "requested-by": "alice" }, { kind: "destroy", pr: 7, actor: "alice" }],
    [{ pr: "7", operation: "approve", sha: "b".repeat(40), "requested-by": "alice" }, { kind: "command", pr: 7, actor: "alice", sha: "b".repeat(40) }],
    [{ pr: "7" }, { kind: "deploy", pr: 7 }],
  ])("%j -> %j", (inputs, intent) => {
    expect(decide("workflow_dispatch", dispatch(inputs), options)).toMatchObject(intent);
  });

  it.each([
    [{ operation: "deploy" }, "workflow_dispatch has no pr input"],
    [{ pr: "7; rm -rf /" }, 'workflow_dispatch input pr must be a PR number, not "7; rm -rf /"'],
    [{ pr: "7", operation: "explode" }, 'workflow_dispatch operation must be one of deploy, redeploy, destroy, approve, not "explode"'],
  ])("refuses %j", (inputs, reason) => {
    expect(decide("workflow_dispatch", dispatch(inputs), options)).toMatchObject({ kind: "ignore", reason });
  });
});

describe("anything else", () => {
  it("ignores events prenv does not read", () => {
    expect(decide("push", { ref: "refs/heads/main" }, options)).toEqual({ kind: "ignore", reason: "prenv does not act on push events" });
  });

  it("says when a payload is not the event it claims to be", () => {
    expect(payloadProblem("pull_request", example("issue_comment", "created"))).toBe(
      "the payload is not a pull_request event: pull_request: Invalid input: expected object, received undefined",
    );
    expect(payloadProblem("issue_comment", example("pull_request", "opened"))).toMatch(/^the payload is not an issue_comment event: /);
    expect(payloadProblem("pull_request", example("pull_request", "opened"))).toBeUndefined();
    expect(decide("pull_request", { hello: "world" }, options)).toMatchObject({ kind: "ignore" });
  });
});
