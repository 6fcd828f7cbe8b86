// The lifecycle end to end in-process: real Octokit against the GitHub stand-in, the sandbox
// engine, every request checked.
import { afterEach, describe, expect, it } from "vitest";
import { marker, readState, renderComment } from "../../src/core/comment.ts";
import type { Engine } from "../../src/ports.ts";
import { virtualClock } from "../helpers/clock.ts";
import { deploy, destroy, RUN_URL, sha, TOKEN, world, type World } from "../helpers/lifecycle.ts";

let w: World;
afterEach(async () => w?.stop());

const comments = (pr: number) => w.github.commentsOn(pr).filter((c) => c.body.startsWith(marker(pr)));
const state = (pr: number) => readState(comments(pr)[0]?.body);

describe("deploy", () => {
  it("opens with one comment, a transient deployment and its statuses, then reports its checks: 11 requests", async () => {
    w = await world({ image: "ghcr.io/acme/shop:{sha}" });
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    const result = await w.run(deploy(42, sha("1")));

    expect(result).toMatchObject({ operation: "deploy", stack: "pr-42" });
    expect(result.failure).toBeUndefined();
    expect(w.requests()).toEqual([
      "GET /repos/acme/shop/pulls/42",
      "GET /repos/acme/shop/issues/42/comments",
      "POST /repos/acme/shop/issues/42/comments",
      // Read back: another run may have posted one at the same time (it keeps the first).
      "GET /repos/acme/shop/issues/42/comments",
      "POST /repos/acme/shop/deployments",
      "POST /repos/acme/shop/deployments/1001/statuses",
      "POST /repos/acme/shop/deployments/1001/statuses",
      "PATCH /repos/acme/shop/issues/comments/1000",
      "POST /repos/acme/shop/check-runs",
      `PATCH /repos/acme/shop/check-runs/${w.github.checkRuns[0]!.id}`,
      "PATCH /repos/acme/shop/issues/comments/1000",
    ]);
    expect(w.github.checkRuns).toEqual([
      expect.objectContaining({ name: "prenv / integration", head_sha: sha("1"), status: "completed", conclusion: "success" }),
    ]);
    const bodies = w.github.requests.filter((r) => r.method === "POST" && r.path.includes("deployments")).map((r) => r.body);
    expect(bodies).toEqual([
      {
        ref: sha("1"),
        environment: "pr-42",
        description: "prenv: 1111111 to both colours",
        transient_environment: true,
        production_environment: false,
        auto_merge: false,
        required_contexts: [],
      },
      { state: "in_progress", log_url: RUN_URL },
      { state: "success", log_url: RUN_URL, environment_url: result.outputs!.appUrl, description: "simulated by the prenv sandbox" },
    ]);
    expect(comments(42)).toHaveLength(1);
    expect(state(42)).toMatchObject({
      status: "deployed",
      sha: sha("1"),
      deploymentId: 1001,
      deploys: 1,
      images: { blue: `ghcr.io/acme/shop:${sha("1")}`, green: `ghcr.io/acme/shop:${sha("1")}` },
      weights: { blue: 100, green: 0 },
      simulated: true,
    });
    expect(comments(42)[0]!.body).toContain(`| App | ${result.outputs!.appUrl} |`);
  });

  it("on a push, puts the new build on the idle colour, retires the previous deployment, edits the same comment", async () => {
    w = await world({ image: "ghcr.io/acme/shop:{sha}" });
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    await w.run(deploy(42, sha("1")));
    w.requests();
    w.github.addPullRequest({ number: 42, headSha: sha("2") });
    const result = await w.run(deploy(42, sha("2")));

    expect(w.requests()).toEqual([
      "GET /repos/acme/shop/pulls/42",
      "GET /repos/acme/shop/issues/42/comments",
      "PATCH /repos/acme/shop/issues/comments/1000",
      "POST /repos/acme/shop/deployments",
      "POST /repos/acme/shop/deployments/1005/statuses",
      "POST /repos/acme/shop/deployments/1005/statuses",
      "POST /repos/acme/shop/deployments/1001/statuses",
      "PATCH /repos/acme/shop/issues/comments/1000",
      "POST /repos/acme/shop/check-runs",
      `PATCH /repos/acme/shop/check-runs/${w.github.checkRuns[1]!.id}`,
      "PATCH /repos/acme/shop/issues/comments/1000",
    ]);
    expect(w.github.deployments.find((d) => d.id === 1001)!.statuses.at(-1)).toEqual({ state: "inactive" });
    expect(w.github.checkRuns.map((c) => [c.head_sha, c.conclusion])).toEqual([
      [sha("1"), "success"],
      [sha("2"), "success"],
    ]);
    expect(result.outputs).toMatchObject({ blueImage: `ghcr.io/acme/shop:${sha("1")}`, greenImage: `ghcr.io/acme/shop:${sha("2")}` });
    expect(comments(42)).toHaveLength(1);
    expect(state(42)).toMatchObject({ deploys: 2, deploymentId: 1005, sha: sha("2") });
    expect(comments(42)[0]!.body).toContain("Green is ready: comment `/promote-green` to send it production traffic.");
  });

  it("finds its comment on the first page of a PR with 500 comments", async () => {
    w = await world();
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    await w.run(deploy(42, sha("1")));
    for (let i = 0; i < 500; i++) w.github.addComment(42, `comment ${i}`);
    w.requests();
    await w.run(deploy(42, sha("1")));
    expect(w.requests()).toHaveLength(11);
    await w.run(destroy(42));
    expect(w.requests()).toHaveLength(5);
  });

  it("finds its comment from the last page back when it came after 500 others", async () => {
    w = await world();
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    for (let i = 0; i < 500; i++) w.github.addComment(42, `comment ${i}`);
    const pages = () => w.github.requests.filter((r) => r.path === "/repos/acme/shop/issues/42/comments" && r.method === "GET").map((r) => r.query["page"]);
    await w.run(deploy(42, sha("1")));
    // Not found, then read back after posting: the new comment is alone on page 6.
    expect(pages()).toEqual(["1", "5", "4", "3", "2", "1", "6"]);
    w.github.requests.length = 0;
    for (let i = 0; i < 30; i++) w.github.addComment(42, `later comment ${i}`);
    await w.run(deploy(42, sha("1")));
    expect(pages()).toEqual(["1", "6"]);
    expect(comments(42)).toHaveLength(1);
  });

  it("does nothing for a closed PR, or for a commit that is no longer the head: close wins, the newest push deploys", async () => {
    w = await world();
    w.github.addPullRequest({ number: 42, headSha: sha("2") });
    expect(await w.run(deploy(42, sha("1")))).toMatchObject({ operation: "none", steps: [expect.anything(), { step: "skip", detail: "commit 1111111 is no longer the head of PR #42 (now 2222222); that push deploys instead" }] });
    w.github.addPullRequest({ number: 42, headSha: sha("2"), state: "closed" });
    expect(await w.run(deploy(42, sha("2")))).toMatchObject({ operation: "none", steps: [expect.anything(), { step: "skip", detail: "PR #42 is closed; the close event destroys its environment" }] });
    expect(w.requests()).toEqual(["GET /repos/acme/shop/pulls/42", "GET /repos/acme/shop/pulls/42"]);
    expect(await w.ports.engine.outputs("pr-42")).toBeUndefined();
  });

  it("reports a failed deploy with the redacted end of the output, marks the deployment failed, and recovers on the next event", async () => {
    w = await world();
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    const broken: Engine = {
      ...w.ports.engine,
      async deploy(_stack, _config, onOutput) {
        onOutput("creating aws:rds/cluster:Cluster db");
        onOutput(`using token ${TOKEN} and AWS_SECRET_ACCESS_KEY=abcdefghijklmnopqrstuvwxyz`);
        throw new Error("error: 1 resource failed\nwith details");
      },
    };
    const failed = await w.run(deploy(42, sha("1")), { engine: broken });
    expect(failed).toMatchObject({ operation: "deploy", failure: "pulumi up (simulated) failed: error: 1 resource failed" });
    const body = comments(42)[0]!.body;
    expect(body).toContain("### ❌ Deploying `pr-42` failed");
    expect(body).toContain("**pulumi up (simulated)** failed: error: 1 resource failed.");
    expect(body).toContain("creating aws:rds/cluster:Cluster db\nusing token *** and AWS_SECRET_ACCESS_KEY=***\n");
    expect(body).not.toContain(TOKEN);
    expect(w.github.deployments[0]!.statuses.map((s) => s.state)).toEqual(["in_progress", "failure"]);

    const recovered = await w.run(deploy(42, sha("1")));
    expect(recovered.failure).toBeUndefined();
    expect(state(42)).toMatchObject({ status: "deployed", deploys: 1 });
    expect(comments(42)).toHaveLength(1);
  });

  it("recreates the comment if someone deleted it", async () => {
    w = await world();
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    await w.run(deploy(42, sha("1")));
    const id = comments(42)[0]!.id;
    w.github.comments.splice(w.github.comments.findIndex((c) => c.id === id), 1);
    const result = await w.run(deploy(42, sha("1")));
    expect(result.steps.find((s) => s.step === "comment: deploying")?.detail).toMatch(/^created comment \d+$/);
    expect(comments(42)).toHaveLength(1);
  });

  it("posts no comment when comments are off", async () => {
    w = await world({ comment: "false" });
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    await w.run(deploy(42, sha("1")));
    expect(w.requests().filter((r) => r.includes("comments"))).toEqual([]);
  });
});

describe("races", () => {
  it("the same push delivered twice at once: one environment, one comment, deployed at the head", async () => {
    w = await world();
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    const results = await Promise.all([w.run(deploy(42, sha("1"))), w.run(deploy(42, sha("1")))]);

    expect(results.map((r) => r.failure)).toEqual([undefined, undefined]);
    expect(comments(42)).toHaveLength(1);
    expect(state(42)).toMatchObject({ status: "deployed", sha: sha("1") });
    expect((await w.ports.engine.listStacks()).map((s) => s.name)).toEqual(["pr-42"]);
  });

  it("two runs that both found no comment keep the first one posted, and write to it", async () => {
    w = await world();
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    // Hold each run's post until both have found no comment and posted: the race, every time.
    let arrived = 0;
    let release = () => {};
    const bothPosting = new Promise<void>((resolve) => (release = resolve));
    const forge = Object.create(w.ports.forge) as typeof w.ports.forge;
    forge.createComment = async (pr, body) => {
      if (++arrived === 2) release();
      await bothPosting;
      return w.ports.forge.createComment(pr, body);
    };
    const results = await Promise.all([w.run(deploy(42, sha("1")), { forge }), w.run(deploy(42, sha("1")), { forge })]);

    const posted = results.map((r) => r.steps.find((s) => s.step === "comment: deploying")?.detail);
    expect(posted).toContainEqual("created comment 1000");
    expect(posted).toContainEqual(expect.stringMatching(/^wrote to comment 1000, posted at the same time by another run \(deleted \d+\)$/));
    expect(comments(42).map((c) => c.id)).toEqual([1000]);
    expect(state(42)).toMatchObject({ status: "deployed" });
  });

  it("a copy of the comment a race left behind is deleted by the next run that reads it; a reader's paste of it is not", async () => {
    w = await world();
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    await w.run(deploy(42, sha("1")));
    const first = comments(42)[0]!;
    const copy = w.github.addComment(42, first.body, first.user.login, "Bot");
    const pasted = w.github.addComment(42, first.body, "octocat");
    w.requests();
    await w.run(deploy(42, sha("1")));

    expect(w.requests()).toContain(`DELETE /repos/acme/shop/issues/comments/${copy.id}`);
    expect(comments(42).map((c) => c.id)).toEqual([first.id, pasted.id]);
    expect(state(42)).toMatchObject({ status: "deployed", deploys: 2 });
  });

  it("a push delivered right after the close does nothing: the close wins", async () => {
    w = await world();
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    await w.run(deploy(42, sha("1")));
    w.github.addPullRequest({ number: 42, headSha: sha("2"), state: "closed" });
    await w.run(destroy(42));
    const late = await w.run(deploy(42, sha("2")));

    expect(late).toMatchObject({ operation: "none", steps: [expect.anything(), { step: "skip", detail: "PR #42 is closed; the close event destroys its environment" }] });
    expect(await w.ports.engine.listStacks()).toEqual([]);
    expect(state(42)).toMatchObject({ status: "destroyed" });
  });
});

describe("fork PRs", () => {
  it("wait for a maintainer's approval of the exact head commit", async () => {
    w = await world();
    w.github.permissions.set("maintainer", "maintain");
    w.github.addPullRequest({ number: 7, headSha: sha("a"), headRepo: "stranger/shop", labels: ["prenv:approve"] });

    expect(await w.run(deploy(7, sha("a")))).toMatchObject({ operation: "none" });
    expect(comments(7)[0]!.body).toContain("Not deployed: the PR comes from the fork stranger/shop. A maintainer can approve commit `aaaaaaa`");
    expect(await w.ports.engine.outputs("pr-7")).toBeUndefined();

    const approved = await w.run({
      kind: "command",
      pr: 7,
      actor: "maintainer",
      label: "prenv:approve",
      reason: "maintainer added the prenv:approve label",
      parsed: { kind: "command", command: { name: "approve" }, text: "label prenv:approve" },
    });
    expect(approved.operation).toBe("deploy");
    expect(state(7)).toMatchObject({ status: "deployed", approval: { sha: sha("a"), by: "maintainer" } });
    expect(w.github.pulls.get(7)!.labels).toEqual([]);

    w.github.addPullRequest({ number: 7, headSha: sha("b"), headRepo: "stranger/shop" });
    expect(await w.run(deploy(7, sha("b")))).toMatchObject({ operation: "none" });
    expect(comments(7)[0]!.body).toContain("Not deployed: commit bbbbbbb is newer than the approved aaaaaaa; a push needs a new approval.");
    expect((await w.ports.engine.outputs("pr-7"))).toBeDefined();
  });

  it("cannot approve themselves by posting a comment that looks like prenv's, with an approval in its state", async () => {
    w = await world();
    w.github.addPullRequest({ number: 7, headSha: sha("a"), headRepo: "stranger/shop", author: "stranger" });
    const forged = renderComment({
      pr: 7,
      now: new Date(),
      ttlMs: 72 * 3_600_000,
      state: { status: "waiting", deploys: 0, approval: { sha: sha("a"), by: "maintainer", at: new Date().toISOString() } },
    });
    const planted = w.github.addComment(7, forged, "stranger");

    expect(await w.run(deploy(7, sha("a")))).toMatchObject({ operation: "none" });
    expect(await w.ports.engine.outputs("pr-7")).toBeUndefined();
    expect(w.github.comments.find((c) => c.id === planted.id)!.body).toBe(forged);
    // prenv's own comment is a new one, by the bot, saying it waits for a maintainer.
    const own = comments(7).filter((c) => c.user.type === "Bot");
    expect(own).toHaveLength(1);
    expect(own[0]!.body).toContain("Not deployed: the PR comes from the fork stranger/shop.");
  });

  it("ignore an approval from someone without write access", async () => {
    w = await world();
    w.github.addPullRequest({ number: 7, headSha: sha("a"), headRepo: "stranger/shop" });
    const comment = w.github.addComment(7, "/approve", "stranger");
    const result = await w.run({
      kind: "command",
      pr: 7,
      actor: "stranger",
      reason: "stranger commented /approve",
      commentId: comment.id,
      parsed: { kind: "command", command: { name: "approve" }, text: "/approve" },
    });
    expect(result.steps).toContainEqual({ step: "refused", detail: "stranger has read permission; /approve needs write", ok: true });
    expect(w.github.reactions).toEqual([
      { commentId: comment.id, content: "eyes" },
      { commentId: comment.id, content: "-1" },
    ]);
    expect(w.github.commentsOn(7).at(-1)!.body).toBe("@stranger `/approve` needs write permission on this repository; you have read.");
    expect(await w.ports.engine.outputs("pr-7")).toBeUndefined();
  });
});

describe("destroy", () => {
  it("destroys the stack, retires the deployment, and ends the comment with lifetime and cost, in 5 requests", async () => {
    w = await world();
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    await w.run(deploy(42, sha("1")));
    w.requests();
    const result = await w.run(destroy(42));
    expect(result).toMatchObject({ operation: "destroy", stack: "pr-42" });
    expect(w.requests()).toEqual([
      "GET /repos/acme/shop/issues/42/comments",
      "PATCH /repos/acme/shop/issues/comments/1000",
      "GET /repos/acme/shop/deployments",
      "POST /repos/acme/shop/deployments/1001/statuses",
      "PATCH /repos/acme/shop/issues/comments/1000",
    ]);
    expect(w.github.requests.find((r) => r.path === "/repos/acme/shop/deployments" && r.method === "GET")!.query).toEqual({ environment: "pr-42", per_page: "100" });
    expect(w.github.deployments.every((d) => d.statuses.at(-1)?.state === "inactive")).toBe(true);
    expect(await w.ports.engine.outputs("pr-42")).toBeUndefined();
    expect(comments(42)[0]!.body).toMatch(/### 🗑️ `pr-42` was destroyed\n\nPR #42 was merged\. Its environment ran for \d+s \(first deployed .* UTC, 1 deploy\) at an estimated \$0\.1092\/hour: about \$0\.00 in total\./);
  });

  it("succeeds when the leftover check cannot run (the role lacks tag:GetResources), with a warning", async () => {
    w = await world();
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    await w.run(deploy(42, sha("1")));
    const denied = new Error("AccessDeniedException: User is not authorized to perform: tag:GetResources");
    const inventory = { list: () => Promise.reject(denied), remove: () => Promise.reject(denied) };
    const result = await w.run(destroy(42), { inventory });

    expect(result.failure).toBeUndefined();
    expect(state(42)).toMatchObject({ status: "destroyed" });
    expect(w.log).toContain(
      "warning: could not check for leftovers of pr-42: AccessDeniedException: User is not authorized to perform: tag:GetResources; the reaper's sweep finds anything left",
    );
    expect(w.github.deployments[0]!.statuses.at(-1)?.state).toBe("inactive");
  });

  it("succeeds for a PR that never had an environment, and says nothing on it", async () => {
    w = await world();
    w.github.addPullRequest({ number: 9, headSha: sha("1"), state: "closed" });
    expect(await w.run(destroy(9))).toMatchObject({ operation: "destroy" });
    expect(w.github.commentsOn(9)).toEqual([]);
    expect(w.requests()).toEqual(["GET /repos/acme/shop/issues/9/comments", "GET /repos/acme/shop/deployments"]);
  });
});

describe("integration checks after a deploy", () => {
  it("fail the check run, keep the environment up and block auto-promotion when the test command fails", async () => {
    w = await world({ image: "ghcr.io/acme/shop:{sha}", "auto-promote": "true", "test-command": `echo "testing $PREVIEW_URL with ${TOKEN}"; exit 3` });
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    await w.run(deploy(42, sha("1")));
    w.github.addPullRequest({ number: 42, headSha: sha("2") });
    const result = await w.run(deploy(42, sha("2")));

    expect(result.failure).toBe("integration checks failed: test command");
    const run = w.github.checkRuns.at(-1)!;
    expect(run).toMatchObject({ name: "prenv / integration", head_sha: sha("2"), status: "completed", conclusion: "failure" });
    expect(run.output).toMatchObject({ title: "11 passed, 1 failed (test command), 2 skipped" });
    expect(run.output?.summary).toContain("| ❌ | test command | tests | `echo \"testing $PREVIEW_URL with ");
    expect(run.output?.summary).toContain(`testing ${result.outputs!.appUrl} with ***`);
    expect(JSON.stringify(w.github.checkRuns)).not.toContain(TOKEN);
    expect(state(42)).toMatchObject({ status: "deployed", weights: { blue: 100, green: 0 }, verification: { status: "failed", failed: 1, failing: ["test command"], url: `https://github.com/acme/shop/runs/${run.id}` } });
    expect(comments(42)[0]!.body).toContain(`| Integration | ❌ 1 failed: test command; 11 passed, 2 skipped ([check run](https://github.com/acme/shop/runs/${run.id})) |`);
    expect(await w.ports.engine.outputs("pr-42")).toBeDefined();
  });

  it("promote the new build's colour when every check passes and auto-promote is on", async () => {
    w = await world({ image: "ghcr.io/acme/shop:{sha}", "auto-promote": "true", "test-command": 'test -s "$PRENV_OUTPUTS" && test -n "$PREVIEW_TEST_URL"' });
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    const first = await w.run(deploy(42, sha("1")));
    expect(first.steps.map((s) => s.step)).not.toContain("auto-promote blue");
    w.github.addPullRequest({ number: 42, headSha: sha("2") });
    const second = await w.run(deploy(42, sha("2")));

    expect(second.failure).toBeUndefined();
    expect(second.steps).toContainEqual(expect.objectContaining({ step: "auto-promote green", detail: "blue 100% · green 0% -> blue 0% · green 100%" }));
    expect(w.github.checkRuns.map((c) => c.conclusion)).toEqual(["success", "success"]);
    expect(state(42)).toMatchObject({ weights: { blue: 0, green: 100 }, previousActive: "blue", verification: { status: "passed", failed: 0 } });
  });

  it("that cannot finish (GitHub fails the check run) leave the deploy deployed, close the check run, and say so", async () => {
    w = await world({}, { resilience: { sleep: async () => {} } });
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    // The first finish fails past its retries; the closing one goes through.
    w.github.faults.push({ method: "PATCH", path: /\/check-runs\/\d+$/, status: 502, times: 4 });
    const result = await w.run(deploy(42, sha("1")));

    expect(result.failure).toBe("check run: finished failed: injected fault 502");
    expect(w.github.checkRuns[0]).toMatchObject({ status: "completed", conclusion: "failure", output: { title: "The checks could not finish", summary: "injected fault 502" } });
    expect(w.github.deployments[0]!.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    expect(state(42)).toMatchObject({ status: "deployed", verification: { status: "error", error: "check run: finished failed: injected fault 502" } });
    expect(comments(42)[0]!.body).toContain("| Integration | ⚠️ could not finish: check run: finished failed: injected fault 502 |");
  });

  it("that pass keep their success when the auto-promotion after them fails, and say how to promote", async () => {
    w = await world({ "auto-promote": "true" });
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    await w.run(deploy(42, sha("1")));
    w.github.addPullRequest({ number: 42, headSha: sha("2") });
    const traffic = Object.create(w.ports.traffic) as typeof w.ports.traffic;
    traffic.forward = () => Promise.reject(new Error("Throttling: Rate exceeded"));
    const result = await w.run(deploy(42, sha("2")), { traffic });

    expect(result.failure).toBe("auto-promote green failed: Throttling: Rate exceeded; comment /promote-green to promote it");
    expect(w.github.checkRuns.map((c) => c.conclusion)).toEqual(["success", "success"]);
    expect(state(42)).toMatchObject({ status: "deployed", weights: { blue: 100, green: 0 }, verification: { status: "passed" } });
    expect(w.github.deployments.at(-1)!.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
  });

  it("that pass and promote are not forgotten when the comment saying so fails: the retry shows the live traffic", async () => {
    w = await world({ "auto-promote": "true" });
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    await w.run(deploy(42, sha("1")));
    w.github.addPullRequest({ number: 42, headSha: sha("2") });
    // The third comment update of this deploy ("comment: checked") fails; the retry goes through.
    const forge = Object.create(w.ports.forge) as typeof w.ports.forge;
    let updates = 0;
    forge.updateComment = (id, body) => ((updates += 1) === 3 ? Promise.reject(new Error("Bad Gateway")) : w.ports.forge.updateComment(id, body));
    const result = await w.run(deploy(42, sha("2")), { forge });

    expect(result.failure).toBe("comment: checked failed: Bad Gateway");
    expect(state(42)).toMatchObject({ status: "deployed", weights: { blue: 0, green: 100 }, previousActive: "blue", verification: { status: "passed" } });
    expect(w.github.checkRuns.map((c) => c.conclusion)).toEqual(["success", "success"]);
  });

  it("never turn a deploy into a failed one for a step after the stack is up (writing the outputs file fails)", async () => {
    w = await world();
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    const full = { write: () => Promise.reject(new Error("ENOSPC: no space left on device")) };
    const result = await w.run(deploy(42, sha("1")), { outputs: full });

    expect(result.failure).toBe("write the outputs failed: ENOSPC: no space left on device");
    expect(w.github.deployments[0]!.statuses.map((s) => s.state)).toEqual(["in_progress", "success"]);
    expect(state(42)).toMatchObject({ status: "deployed", verification: { status: "error", error: "write the outputs failed: ENOSPC: no space left on device" } });
  });

  it("fail readiness within the verify timeout when a colour's targets stay unhealthy", async () => {
    const clock = virtualClock();
    w = await world({ "verify-timeout": "1m" }, { clock });
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    const broken: Engine = {
      ...w.ports.engine,
      async deploy(stack, config, onOutput) {
        const result = await w.ports.engine.deploy(stack, config, onOutput);
        const { SandboxStore } = await import("../../src/pulumi/sandbox-store.ts");
        const store = new SandboxStore(`${w.root}/.prenv/sandbox`);
        const saved = (await store.list())[0]!;
        await store.write({ ...saved, health: { [result.outputs.greenTargetGroupArn]: { healthy: 0, unhealthy: 2, other: 0 } } });
        return result;
      },
    };
    const result = await w.run(deploy(42, sha("1")), { engine: broken });
    expect(result.failure).toBe("integration checks failed: green targets healthy");
    expect(w.github.checkRuns[0]!.output?.summary).toContain("| ❌ | green targets healthy | readiness | 0 healthy, 2 unhealthy |");
    expect(clock.slept).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 10_000]);
    expect(w.log).toContain("waiting for the environment (50s): blue 1/1 running, targets 1 healthy, 0 unhealthy; green 1/1 running, targets 0 healthy, 2 unhealthy");
  });
});
