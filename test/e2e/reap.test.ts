// The reaper end to end: the sandbox engine and inventory, the GitHub stand-in, a virtual clock.
// Closed and idle environments go, a warning comes once before expiry, leftovers and orphans are
// found by tag, and a dry run changes nothing.
import { afterEach, describe, expect, it } from "vitest";
import { marker, readState, renderComment } from "../../src/core/comment.ts";
import { projectName } from "../../src/core/naming.ts";
import { SandboxStore } from "../../src/pulumi/sandbox-store.ts";
import { cloudResources } from "../../src/pulumi/sandbox-inventory.ts";
import type { SandboxFault } from "../../src/pulumi/sandbox-engine.ts";
import { virtualClock, type VirtualClock } from "../helpers/clock.ts";
import { deploy, destroy, REPO, sha, world, type World } from "../helpers/lifecycle.ts";

const HOUR = 3_600_000;
let w: World;
let clock: VirtualClock;
afterEach(async () => w?.stop());

const comment = (pr: number) => w.github.commentsOn(pr).find((c) => c.body.startsWith(marker(pr)))!;
const state = (pr: number) => readState(comment(pr).body)!;
const stacks = async () => (await w.ports.engine.listStacks()).map((s) => s.name);
const store = () => new SandboxStore(`${w.root}/.prenv/sandbox`);

/** A world on a virtual clock with ttl 72h and warn-before 12h; `faults` says which fault fires, how many times. */
async function reaperWorld(inputs: Record<string, string> = {}, faults: Partial<Record<SandboxFault, number>> = {}) {
  clock = virtualClock();
  const left = { ...faults };
  const fault = (name: SandboxFault) => (left[name] ?? 0) > 0 && (left[name]! -= 1) >= 0;
  w = await world({ ttl: "72h", "warn-before": "12h", ...inputs }, { clock, sandbox: { fault } });
}

async function deployed(pr: number) {
  w.github.addPullRequest({ number: pr, headSha: sha("1") });
  const result = await w.run(deploy(pr, sha("1")));
  expect(result.failure).toBeUndefined();
}

describe("the reaper", () => {
  it("destroys the environment of a PR that was closed without it (the close run failed), and says why", async () => {
    await reaperWorld();
    await deployed(42);
    w.github.addPullRequest({ number: 42, headSha: sha("1"), state: "closed" });
    const result = await w.reap();

    expect(result.failure).toBeUndefined();
    expect(result.report.environments).toEqual([{ pr: 42, decision: { action: "destroy", reason: "PR #42 is closed" }, outcome: "destroyed", ok: true }]);
    expect(await stacks()).toEqual([]);
    expect(state(42).status).toBe("destroyed");
    expect(comment(42).body).toContain("The reaper: PR #42 is closed. Its environment ran for");
  });

  it("warns once before expiry, then destroys an environment idle past its TTL", async () => {
    await reaperWorld();
    await deployed(42);
    clock.advance(59 * HOUR);
    expect((await w.reap()).report.environments[0]).toMatchObject({ outcome: "kept", decision: { reason: "expires in 13h" } });
    expect(comment(42).body).not.toContain("⏰");

    clock.advance(HOUR);
    expect((await w.reap()).report.environments[0]).toMatchObject({ outcome: "warned", decision: { action: "warn", reason: "expires in 12h" } });
    expect(comment(42).body).toContain(
      "> ⏰ **This environment expires 2026-11-25 10:00 UTC** (in 12h) for lack of activity, and the reaper destroys it then. " +
        "Comment `/extend 24h` to keep it longer, or add the `prenv:keep` label.",
    );
    w.requests();
    clock.advance(HOUR);
    expect((await w.reap()).report.environments[0]).toMatchObject({ outcome: "kept", decision: { reason: "expires in 11h" } });
    expect(w.requests().filter((r) => r.startsWith("PATCH"))).toEqual([]);

    clock.advance(11 * HOUR);
    const result = await w.reap();
    expect(result.report.environments[0]).toMatchObject({
      outcome: "destroyed",
      decision: { action: "destroy", reason: "PR #42 was idle for 3d, past its time to live of 3d" },
    });
    expect(await stacks()).toEqual([]);
    expect(state(42).status).toBe("destroyed");
  });

  it("counts /extend and the keep label, and warns again before a later expiry", async () => {
    await reaperWorld();
    w.github.permissions.set("octocat", "write");
    await deployed(42);
    clock.advance(61 * HOUR);
    await w.reap();
    const extend = w.github.addComment(42, "/extend 1d");
    const extended = await w.run({
      kind: "command",
      pr: 42,
      actor: "octocat",
      reason: "extend",
      commentId: extend.id,
      parsed: { kind: "command", command: { name: "extend", durationMs: 24 * HOUR }, text: "/extend 1d" },
    });
    expect(extended.steps).toContainEqual(expect.objectContaining({ step: "comment: updated" }));
    expect(comment(42).body).not.toContain("⏰");
    // A command is activity, and the extension adds to the TTL: 72h + 24h from now.
    clock.advance(72 * HOUR);
    expect((await w.reap()).report.environments[0]).toMatchObject({ outcome: "kept", decision: { reason: "expires in 1d" } });
    clock.advance(12 * HOUR);
    expect((await w.reap()).report.environments[0]).toMatchObject({ outcome: "warned", decision: { reason: "expires in 12h" } });

    w.github.pulls.get(42)!.labels.push("prenv:keep");
    clock.advance(30 * 24 * HOUR);
    expect((await w.reap()).report.environments[0]).toMatchObject({ outcome: "kept", decision: { reason: "labelled prenv:keep" } });
    expect(await stacks()).toEqual(["pr-42"]);
  });

  it("re-reads a PR before destroying it: one reopened since the list was taken keeps its environment", async () => {
    await reaperWorld();
    await deployed(42);
    // The list says closed (it was, a minute ago); GitHub now says open again.
    const list = w.ports.forge.updatedSince.bind(w.ports.forge);
    w.ports.forge.updatedSince = async (since) => (await list(since)).map((p) => ({ ...p, state: "closed" as const }));
    const result = await w.reap();

    expect(result.report.environments).toEqual([{ pr: 42, decision: { action: "keep", reason: "expires in 3d" }, outcome: "kept", ok: true }]);
    expect(await stacks()).toEqual(["pr-42"]);
  });

  it("changes nothing on a dry run", async () => {
    await reaperWorld();
    await deployed(42);
    await deployed(43);
    w.github.addPullRequest({ number: 43, headSha: sha("1"), state: "closed" });
    // A copy of PR 42's comment, as a race leaves: a real run deletes it, a dry run must not.
    w.github.addComment(42, comment(42).body, comment(42).user.login, "Bot");
    clock.advance(100 * HOUR);
    w.requests();
    const result = await w.reap({ dryRun: true });
    expect(result.report.environments.map((e) => [e.pr, e.outcome])).toEqual([
      [42, "would destroy"],
      [43, "would destroy"],
    ]);
    expect(w.requests().filter((r) => !r.startsWith("GET"))).toEqual([]);
    expect(await stacks()).toEqual(["pr-42", "pr-43"]);
  });

  it("settles a comment a cancelled run left at 'deploying', once the run is clearly gone", async () => {
    await reaperWorld();
    await deployed(42);
    // A push's run is cancelled right after it said "deploying".
    const stuck = { ...state(42), status: "deploying" as const, sha: sha("2"), deployingTo: "green" as const, lastActivityAt: clock.now().toISOString() };
    comment(42).body = renderComment({ pr: 42, state: stuck, now: clock.now(), ttlMs: 72 * HOUR });
    clock.advance(HOUR);
    expect((await w.reap()).report.environments[0]).toMatchObject({ outcome: "kept" });
    expect(state(42).status).toBe("deploying");

    clock.advance(2 * HOUR);
    expect((await w.reap()).report.environments[0]).toMatchObject({
      outcome: "settled the comment: failed",
      decision: { action: "settle", status: "failed", reason: "its deploy stopped reporting 3h ago (a cancelled or timed-out run)" },
    });
    expect(state(42).status).toBe("failed");
    expect(comment(42).body).toContain("**the run** failed: stopped without reporting back (it was cancelled or timed out).");
    expect(await stacks()).toEqual(["pr-42"]);
  });

  it("finishes a /destroy whose run was cancelled halfway: the last thing asked for was a destroy", async () => {
    await reaperWorld();
    await deployed(42);
    const stuck = { ...state(42), status: "destroying" as const, lastActivityAt: clock.now().toISOString() };
    comment(42).body = renderComment({ pr: 42, state: stuck, now: clock.now(), ttlMs: 72 * HOUR });
    clock.advance(3 * HOUR);
    expect((await w.reap()).report.environments).toEqual([
      { pr: 42, decision: { action: "destroy", reason: "its destroy stopped reporting 3h ago (a cancelled or timed-out run): finishing it" }, outcome: "destroyed", ok: true },
    ]);
    expect(await stacks()).toEqual([]);
    expect(state(42).status).toBe("destroyed");
  });

  it("sets right a comment that says deployed when the backend has no stack, but not for a stack made since the list", async () => {
    await reaperWorld();
    await deployed(42);
    await deployed(43);
    await w.ports.engine.destroy("pr-42", () => {}); // by hand, outside prenv
    // PR 43's first deploy "finishes" after the reaper listed the stacks.
    const list = w.ports.engine.listStacks.bind(w.ports.engine);
    let calls = 0;
    w.ports.engine.listStacks = async () => ((calls += 1) === 1 ? [] : list());
    const result = await w.reap();

    expect(result.report.environments).toEqual([
      { pr: 42, decision: { action: "settle", status: "destroyed", reason: "its comment shows an environment the backend does not have" }, outcome: "settled the comment: destroyed", ok: true },
      { pr: 43, decision: { action: "keep", reason: "its stack was created after the list was taken" }, outcome: "kept", ok: true },
    ]);
    expect(state(42).status).toBe("destroyed");
    expect(comment(42).body).toContain("The reaper: its comment shows an environment the backend does not have");
    expect(state(43).status).toBe("deployed");
    expect(await stacks()).toEqual(["pr-43"]);
  });

  it("shows again as deployed a stack whose comment says destroyed (a deploy that did not report), and reaps it by its TTL", async () => {
    await reaperWorld();
    await deployed(42);
    const before = state(42);
    comment(42).body = renderComment({ pr: 42, state: { ...before, status: "destroyed" }, now: clock.now(), ttlMs: 72 * HOUR });
    clock.advance(3 * HOUR);
    const result = await w.reap();

    expect(result.report.environments).toEqual([
      {
        pr: 42,
        decision: { action: "settle", status: "deployed", reason: "its comment says destroyed, and the backend has its stack (a deploy that did not report)" },
        outcome: "settled the comment: deployed",
        ok: true,
      },
    ]);
    expect(state(42)).toMatchObject({ status: "deployed", links: before.links, images: before.images, weights: { blue: 100, green: 0 } });
    expect(await stacks()).toEqual(["pr-42"]);
    clock.advance(70 * HOUR);
    expect((await w.reap()).report.environments[0]).toMatchObject({ outcome: "destroyed", decision: { reason: "PR #42 was idle for 3d 1h, past its time to live of 3d" } });
  });

  it("leaves alone a stack that is not a PR's, and a PR GitHub does not show", async () => {
    await reaperWorld();
    await deployed(42);
    w.github.pulls.delete(42);
    const staging = (await store().list())[0]!;
    await store().write({ ...staging, stack: "staging" });
    const result = await w.reap();
    expect(result.report.environments).toEqual([
      {
        pr: 42,
        decision: { action: "keep", reason: "GitHub does not show PR #42 to this token; destroy it by hand (prenv destroy --pr 42) if it is not needed" },
        outcome: "kept",
        ok: true,
      },
    ]);
    expect(result.steps).toContainEqual({ step: "skip", detail: "stack staging is not a PR's (pr-N): the reaper leaves it alone", ok: true });
    expect((await stacks()).sort()).toEqual(["pr-42", "staging"]);
  });

  it("finishes the destroy of a PR closed lately whose close run never got to it (the stack was destroyed by hand)", async () => {
    await reaperWorld();
    await deployed(42);
    // The stack went (someone ran prenv destroy), the comment still says deployed.
    await w.ports.engine.destroy("pr-42", () => {});
    w.github.addPullRequest({ number: 42, headSha: sha("1"), state: "closed", updatedAt: clock.now().toISOString() });
    clock.advance(HOUR);
    const result = await w.reap();
    expect(w.github.requests.find((r) => r.path === "/repos/acme/shop/pulls" && r.method === "GET")!.query).toEqual({
      state: "all",
      sort: "updated",
      direction: "desc",
      per_page: "100",
    });
    expect(result.report.environments).toEqual([{ pr: 42, decision: { action: "destroy", reason: "PR #42 is closed" }, outcome: "destroyed", ok: true }]);
    expect(state(42).status).toBe("destroyed");
  });
});

describe("teardown that leaves nothing behind", () => {
  it("retries a destroy that hits AWS dependency errors, with backoff", async () => {
    await reaperWorld({}, { "destroy-dependency": 2 });
    await deployed(42);
    const result = await w.run(destroy(42));
    expect(result.failure).toBeUndefined();
    expect(result.steps.filter((s) => s.step === "destroy: retry").map((s) => s.detail)).toEqual([
      expect.stringMatching(/^AWS still holds something \(.*DependencyViolation: The subnet 'subnet-[0-9a-f]+' has dependencies and cannot be deleted\. \(simulated\)\); trying again in 30s$/),
      expect.stringMatching(/trying again in 1m$/),
    ]);
    expect(clock.slept).toEqual([30_000, 60_000]);
    expect(await stacks()).toEqual([]);
  });

  it("reports a destroy that still fails after its retries; the next reap finishes it", async () => {
    await reaperWorld({}, { "destroy-dependency": 4 });
    await deployed(42);
    w.github.addPullRequest({ number: 42, headSha: sha("1"), state: "closed" });
    const result = await w.run(destroy(42));
    expect(result.failure).toMatch(/^pulumi destroy \(simulated\) failed: deleting urn:pulumi:pr-42::.*DependencyViolation/);
    expect(state(42).status).toBe("failed");
    expect(comment(42).body).toContain("### ❌ Destroying `pr-42` failed");
    expect(comment(42).body).toContain("Comment `/destroy` or re-run the workflow to try again; the reaper also retries.");

    const reaped = await w.reap();
    expect(reaped.report.environments[0]).toMatchObject({ outcome: "destroyed" });
    expect(await stacks()).toEqual([]);
    expect(state(42).status).toBe("destroyed");
  });

  it("checks by tag after a destroy, names a leftover in the comment, and the next reap deletes it", async () => {
    await reaperWorld({}, { "destroy-leak": 1 });
    await deployed(42);
    const project = projectName(REPO);
    const leaked = cloudResources("pr-42", (await store().read(project, "pr-42"))!.resources).at(-1)!;
    // Deleting it fails the first time, as AWS would while something still holds it.
    const inventory = w.ports.inventory!;
    let refusals = 1;
    const stubborn = {
      list: inventory.list.bind(inventory),
      remove: async (resources: Parameters<typeof inventory.remove>[0]) =>
        refusals-- > 0 ? resources.map((resource) => ({ resource, error: "DependencyViolation: still in use" })) : inventory.remove(resources),
    };
    // Closed days ago: beyond the reaper's look back at PRs, so the sweep by tag finds the leftover.
    w.github.addPullRequest({ number: 42, headSha: sha("1"), state: "closed", updatedAt: "2026-11-18T00:00:00.000Z" });
    const result = await w.run(destroy(42), { inventory: stubborn });

    expect(result.failure).toBe("1 resource was left after destroying pr-42; the reaper retries them");
    expect(result.steps).toContainEqual({ step: "leftover", detail: `${leaked.id}: DependencyViolation: still in use`, ok: false });
    expect(state(42)).toMatchObject({ status: "destroyed", leftovers: [leaked.id] });
    expect(comment(42).body).toContain(`⚠️ 1 resource was still there after the destroy and could not be deleted yet; the reaper retries it:\n\n- \`${leaked.id}\``);

    const reaped = await w.reap();
    expect(reaped.report.environments).toEqual([]);
    expect(reaped.report.orphans).toEqual([{ stack: "pr-42", resources: [leaked], outcome: "deleted (leftovers of a destroy)", ok: true }]);
    expect(await w.ports.inventory!.list(REPO)).toEqual([]);
    expect(state(42).leftovers).toBeUndefined();
    expect(comment(42).body).not.toContain("⚠️");
  });

  it("reports resources whose stack is gone without a destroy (a lost state file), and deletes them with delete-orphans", async () => {
    await reaperWorld();
    await deployed(42);
    await deployed(43);
    const project = projectName(REPO);
    const lost = (await store().read(project, "pr-43"))!;
    await store().setOrphans(project, cloudResources("pr-43", lost.resources));
    await store().remove(project, "pr-43");
    const count = cloudResources("pr-43", lost.resources).length;

    const reported = await w.reap();
    expect(reported.failure).toBeUndefined();
    expect(reported.report.orphans).toEqual([
      {
        stack: "pr-43",
        resources: expect.arrayContaining([expect.objectContaining({ kind: "ec2:vpc" })]),
        outcome: "left in place: nothing in prenv's state holds them; delete them with delete-orphans (prenv reap --delete-orphans)",
        ok: true,
      },
    ]);
    expect(reported.report.orphans[0]!.resources).toHaveLength(count);
    expect((await w.ports.inventory!.list(REPO, "pr-43")).length).toBe(count);

    const swept = await w.reap({ deleteOrphans: true });
    expect(swept.report.orphans).toEqual([expect.objectContaining({ stack: "pr-43", outcome: "deleted", ok: true })]);
    expect(await w.ports.inventory!.list(REPO, "pr-43")).toEqual([]);
    expect((await w.ports.inventory!.list(REPO)).every((r) => r.stack === "pr-42")).toBe(true);
  });
});

describe("an engine crash in the middle of pulumi up", () => {
  it("shows the failure; the next push redeploys cleanly and a close destroys everything", async () => {
    await reaperWorld({}, { "up-crash": 1 });
    w.github.addPullRequest({ number: 42, headSha: sha("1") });
    const crashed = await w.run(deploy(42, sha("1")));
    expect(crashed.failure).toBe("pulumi up (simulated) failed: pulumi up stopped halfway: the engine process was killed (simulated crash)");
    expect(state(42).status).toBe("failed");
    expect(comment(42).body).toContain("resources created or updated before the crash");

    w.github.addPullRequest({ number: 42, headSha: sha("2") });
    const redeployed = await w.run(deploy(42, sha("2")));
    expect(redeployed.failure).toBeUndefined();
    expect(state(42)).toMatchObject({ status: "deployed", sha: sha("2") });

    w.github.addPullRequest({ number: 42, headSha: sha("2"), state: "closed" });
    expect((await w.run(destroy(42))).failure).toBeUndefined();
    expect(await stacks()).toEqual([]);
    expect(await w.ports.inventory!.list(REPO)).toEqual([]);
  });
});

describe("the PRs updated lately", () => {
  it("are read newest first, page by page, stopping at the first page that reaches the cutoff", async () => {
    await reaperWorld();
    // 250 closed PRs, one closed each hour, and an open one updated just now.
    const at = (hoursAgo: number) => new Date(Date.parse("2026-11-22T10:00:00Z") - hoursAgo * HOUR).toISOString();
    for (let n = 1; n <= 250; n++) w.github.addPullRequest({ number: n, state: "closed", updatedAt: at(n) });
    w.github.addPullRequest({ number: 251, updatedAt: at(0) });
    w.requests();

    const recent = await w.ports.forge.updatedSince(new Date(at(150.5)));
    expect(recent[0]).toEqual({ number: 251, state: "open", labels: [] });
    expect(recent.slice(1)).toEqual(Array.from({ length: 150 }, (_, i) => ({ number: i + 1, state: "closed", labels: [] })));
    expect(w.github.requests.map((r) => `${r.path}?${new URLSearchParams(r.query).toString()}`)).toEqual([
      "/repos/acme/shop/pulls?state=all&sort=updated&direction=desc&per_page=100",
      "/repos/acme/shop/pulls?state=all&sort=updated&direction=desc&per_page=100&page=2",
    ]);
  });
});
