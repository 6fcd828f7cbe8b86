// Slash commands end to end in-process: the decision from a real comment payload, the reactions,
// the permission read, the replies, the living comment, and the listener (the sandbox's).
import { afterEach, describe, expect, it } from "vitest";
import { marker, readState } from "../../src/core/comment.ts";
import { decide, type Intent } from "../../src/core/event.ts";
import { projectName } from "../../src/core/naming.ts";
import { deploy, sha, world, type World } from "../helpers/lifecycle.ts";
import { prComment, sameRequests } from "../helpers/webhooks.ts";
import { SandboxStore } from "../../src/pulumi/sandbox-store.ts";
import { sandboxDir } from "../../src/wiring.ts";

let w: World;
afterEach(async () => w?.stop());

const options = { deployDrafts: false, approveLabel: "prenv:approve", maxExtendMs: 7 * 86_400_000 };

/** A comment posted on the PR, and the intent prenv decides from its webhook. */
function comment(pr: number, body: string, login = "maintainer"): Intent & { commentId: number } {
  const posted = w.github.addComment(pr, body, login);
  const payload = prComment(body, { login });
  payload["issue"].number = pr;
  payload["comment"].id = posted.id;
  return decide("issue_comment", payload, options) as Intent & { commentId: number };
}

const prenvComment = (pr: number) => w.github.commentsOn(pr).find((c) => c.body.startsWith(marker(pr)))!;
const state = (pr: number) => readState(prenvComment(pr).body)!;
const reactions = (commentId: number) => w.github.reactions.filter((r) => r.commentId === commentId).map((r) => r.content);
const lastReply = (pr: number) => w.github.commentsOn(pr).at(-1)!.body;
const liveWeights = async (pr: number) => (await w.ports.traffic.read({ repo: "acme/shop", pr }))?.production.weights;

/** PR 42 deployed twice: blue runs build 1 and serves, green runs build 2 and is idle. */
async function deployedTwice() {
  w = await world({ image: "ghcr.io/acme/shop:{sha}" });
  w.github.permissions.set("maintainer", "write");
  w.github.addPullRequest({ number: 42, headSha: sha("1") });
  await w.run(deploy(42, sha("1")));
  w.github.addPullRequest({ number: 42, headSha: sha("2") });
  await w.run(deploy(42, sha("2")));
  w.requests();
}

describe("/promote-green", () => {
  it("reacts, reads the permission, shifts the listener, updates the comment, and reacts done", async () => {
    await deployedTwice();
    const intent = comment(42, "/promote-green");
    const result = await w.run(intent);

    expect(result).toMatchObject({ operation: "command", stack: "pr-42" });
    expect(result.failure).toBeUndefined();
    const reaction = `POST /repos/acme/shop/issues/comments/${intent.commentId}/reactions`;
    sameRequests(
      w.requests(),
      [reaction, "GET /repos/acme/shop/collaborators/maintainer/permission", "GET /repos/acme/shop/issues/42/comments", "PATCH /repos/acme/shop/issues/comments/1000", reaction],
      { last: reaction },
    );
    expect(reactions(intent.commentId)).toEqual(["eyes", "rocket"]);
    expect(await liveWeights(42)).toEqual({ blue: 0, green: 100 });
    expect(state(42)).toMatchObject({ weights: { blue: 0, green: 100 }, previousActive: "blue" });
    expect(prenvComment(42).body).toContain("| Traffic | blue 0% · green 100% |");
    expect(prenvComment(42).body).toContain("| Test URL (blue, idle) |");
  });

  it("is not undone by the next push, which deploys to blue, now idle", async () => {
    await deployedTwice();
    await w.run(comment(42, "/promote-green"));
    w.github.addPullRequest({ number: 42, headSha: sha("3") });
    const pushed = await w.run(deploy(42, sha("3")));

    expect(await liveWeights(42)).toEqual({ blue: 0, green: 100 });
    expect(pushed.outputs).toMatchObject({ blueImage: `ghcr.io/acme/shop:${sha("3")}`, greenImage: `ghcr.io/acme/shop:${sha("2")}` });
    expect(prenvComment(42).body).toContain("Blue is ready: comment `/promote-blue` to send it production traffic.");
  });

  it("refuses a reader with 👎 and a one-line reply naming the permission, changing nothing", async () => {
    await deployedTwice();
    w.github.permissions.set("visitor", "read");
    const intent = comment(42, "/promote-green", "visitor");
    await w.run(intent);
    expect(reactions(intent.commentId)).toEqual(["eyes", "-1"]);
    expect(lastReply(42)).toBe("@visitor `/promote-green` needs write permission on this repository; you have read.");
    expect(await liveWeights(42)).toEqual({ blue: 100, green: 0 });
  });

  it("waits for a colour that is being deployed", async () => {
    await deployedTwice();
    const deploying = prenvComment(42).body.replace(/"status":"deployed"/, `"status":"deploying","deployingTo":"green","lastActivityAt":"${new Date().toISOString()}"`);
    w.github.comments.find((c) => c.body.startsWith(marker(42)))!.body = deploying;
    const intent = comment(42, "/promote-green");
    await w.run(intent);
    expect(reactions(intent.commentId)).toEqual(["eyes", "confused"]);
    expect(lastReply(42)).toBe(
      `@maintainer \`/promote-green\` cannot run: commit ${sha("2").slice(0, 7)} is being deployed to green right now; wait for the comment to say it is deployed, then try again.`,
    );
    expect(await liveWeights(42)).toEqual({ blue: 100, green: 0 });
  });

  it("refuses unhealthy targets, and says how to override", async () => {
    await deployedTwice();
    const store = new SandboxStore(sandboxDir(w.root, {}));
    const stack = (await store.read(projectName("acme/shop"), "pr-42"))!;
    await store.write({ ...stack, health: { [stack.outputs.greenTargetGroupArn]: { healthy: 0, unhealthy: 2, other: 0 } } });
    const intent = comment(42, "/promote-green");
    await w.run(intent);
    expect(lastReply(42)).toBe(
      '@maintainer `/promote-green` cannot run: green is not ready for traffic (0 healthy, 2 unhealthy); wait for its targets to pass their health checks, or add "force" to override.',
    );
    await w.run(comment(42, "/promote-green force"));
    expect(await liveWeights(42)).toEqual({ blue: 0, green: 100 });
  });

  it("says a PR without an environment has none, and what to do", async () => {
    w = await world();
    w.github.permissions.set("maintainer", "write");
    w.github.addPullRequest({ number: 43, headSha: sha("1") });
    const intent = comment(43, "/promote-green");
    await w.run(intent);
    expect(reactions(intent.commentId)).toEqual(["eyes", "confused"]);
    expect(lastReply(43)).toBe("@maintainer `/promote-green` cannot run: pr-43 of acme/shop has no environment (no load balancer found); push a commit or comment /redeploy to create it.");
  });
});

describe("/shift and /rollback", () => {
  it("canaries, then rolls back to the colour that served before, then undoes the rollback", async () => {
    await deployedTwice();
    await w.run(comment(42, "/shift green 25"));
    expect(await liveWeights(42)).toEqual({ blue: 75, green: 25 });
    await w.run(comment(42, "/rollback"));
    expect(await liveWeights(42)).toEqual({ blue: 100, green: 0 });

    await w.run(comment(42, "/promote-green"));
    await w.run(comment(42, "/rollback"));
    expect(await liveWeights(42)).toEqual({ blue: 100, green: 0 });
    await w.run(comment(42, "/rollback"));
    expect(await liveWeights(42)).toEqual({ blue: 0, green: 100 });
  });

  it("has nothing to roll back to before any change", async () => {
    await deployedTwice();
    await w.run(comment(42, "/rollback"));
    expect(lastReply(42)).toBe("@maintainer `/rollback` cannot run: there is no earlier traffic change to roll back to.");
  });
});

describe("the other commands", () => {
  it("answers a malformed command with the right form, without asking for permissions", async () => {
    await deployedTwice();
    const intent = comment(42, "/shift green 250");
    await w.run(intent);
    expect(lastReply(42)).toBe('@maintainer `/shift green 250` percentage must be a whole number from 0 to 100, not "250": /shift green 25');
    expect(reactions(intent.commentId)).toEqual(["eyes", "confused"]);
    expect(w.requests().filter((r) => r.includes("permission"))).toEqual([]);
  });

  it("/help replies with every command", async () => {
    await deployedTwice();
    const intent = comment(42, "/help", "anyone");
    await w.run(intent);
    expect(lastReply(42)).toMatch(/^@anyone Commands \(the first line of a new comment\):\n\n- `\/promote-green \[force\]`/);
    expect(reactions(intent.commentId)).toEqual(["eyes", "rocket"]);
  });

  it("/status lets anyone refresh the comment from the live listener", async () => {
    await deployedTwice();
    await w.ports.traffic.forward((await w.ports.traffic.read({ repo: "acme/shop", pr: 42 }))!.production.arn, (await w.ports.traffic.read({ repo: "acme/shop", pr: 42 }))!.targetGroups, { blue: 10, green: 90 });
    await w.run(comment(42, "/status", "anyone"));
    expect(prenvComment(42).body).toContain("| Traffic | blue 10% · green 90% |");
    expect(w.requests().filter((r) => r.includes("permission"))).toEqual([]);
  });

  it("/extend pushes the expiry out, within the maximum", async () => {
    await deployedTwice();
    await w.run(comment(42, "/extend 24h"));
    expect(state(42).extendedMs).toBe(86_400_000);
    expect(prenvComment(42).body).toMatch(/\| Expires \| .* UTC \(4d after the last activity\) \|/);
    await w.run(comment(42, "/extend 30d"));
    expect(lastReply(42)).toBe("@maintainer `/extend 30d` can extend by at most 7d, not 30d");
  });

  it("/redeploy deploys the head commit again, and /destroy destroys the environment", async () => {
    await deployedTwice();
    const redeploy = comment(42, "/redeploy");
    expect(await w.run(redeploy)).toMatchObject({ operation: "deploy" });
    expect(reactions(redeploy.commentId)).toEqual(["eyes", "rocket"]);
    expect(state(42).deploys).toBe(3);
    const destroy = comment(42, "/destroy");
    expect(await w.run(destroy)).toMatchObject({ operation: "destroy" });
    expect(state(42).status).toBe("destroyed");
    expect(await w.ports.engine.outputs("pr-42")).toBeUndefined();
  });
});
