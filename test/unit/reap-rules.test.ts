// The reaper's rules: what happens to each environment, which resources are orphans, which
// destroy errors are worth another try, and how ARNs and prenv's names are read.
import { describe, expect, it } from "vitest";
import { parseArn } from "../../src/core/arn.ts";
import type { EnvironmentState } from "../../src/core/comment.ts";
import { checkedNames, prOfName } from "../../src/core/naming.ts";
import { type FoundResource, orphanAction, orphansByStack, prOfStack, type ReapFacts, reapDecision } from "../../src/core/reap.ts";
import { isDependencyError } from "../../src/core/teardown.ts";

const HOUR = 3_600_000;
const rules = { ttlMs: 72 * HOUR, warnBeforeMs: 12 * HOUR, keepLabel: "prenv:keep" };
const t0 = "2026-11-20T10:00:00.000Z";
const at = (hours: number) => new Date(Date.parse(t0) + hours * HOUR);
const deployed: EnvironmentState = { status: "deployed", deploys: 1, deployedAt: t0, lastActivityAt: t0 };
const open = { state: "open" as const, labels: [] };
const facts = (over: Partial<ReapFacts>): ReapFacts => ({ pr: 42, pull: open, state: deployed, hasStack: true, now: at(1), ...over });

describe("reapDecision", () => {
  it.each<[string, Partial<ReapFacts>, ReturnType<typeof reapDecision>]>([
    ["a closed PR with a stack", { pull: { state: "closed", labels: ["prenv:keep"] } }, { action: "destroy", reason: "PR #42 is closed" }],
    ["a closed PR whose comment still shows an environment", { pull: { state: "closed", labels: [] }, hasStack: false }, { action: "destroy", reason: "PR #42 is closed" }],
    [
      "a closed PR with leftovers",
      { pull: { state: "closed", labels: [] }, hasStack: false, state: { status: "destroyed", deploys: 1, leftovers: ["arn:aws:ec2:us-east-1:1:vpc/vpc-1"] } },
      { action: "destroy", reason: "PR #42 is closed" },
    ],
    [
      "a closed PR, all gone",
      { pull: { state: "closed", labels: [] }, hasStack: false, state: { status: "destroyed", deploys: 1 } },
      { action: "keep", reason: "PR #42 is closed and its environment is gone" },
    ],
    [
      "a PR GitHub does not show",
      { pull: undefined },
      { action: "keep", reason: "GitHub does not show PR #42 to this token; destroy it by hand (prenv destroy --pr 42) if it is not needed" },
    ],
    ["an open PR, recently active", { now: at(1) }, { action: "keep", reason: "expires in 2d 23h" }],
    ["an open PR entering the warning window", { now: at(60) }, { action: "warn", expiresAt: at(72), reason: "expires in 12h" }],
    ["an open PR already warned for this expiry", { now: at(61), state: { ...deployed, warnedAt: at(60).toISOString() } }, { action: "keep", reason: "expires in 11h" }],
    [
      "an open PR warned before an /extend moved its expiry",
      { now: at(84), state: { ...deployed, extendedMs: 24 * HOUR, warnedAt: at(60).toISOString() } },
      { action: "warn", expiresAt: at(96), reason: "expires in 12h" },
    ],
    ["an open PR idle past its TTL", { now: at(72) }, { action: "destroy", reason: "PR #42 was idle for 3d, past its time to live of 3d" }],
    [
      "an open PR idle past TTL plus extension",
      { now: at(100), state: { ...deployed, extendedMs: 24 * HOUR } },
      { action: "destroy", reason: "PR #42 was idle for 4d 4h, past its time to live of 4d" },
    ],
    ["an open PR with the keep label", { now: at(500), pull: { state: "open", labels: ["prenv:keep"] } }, { action: "keep", reason: "labelled prenv:keep" }],
    [
      "an open PR with no comment: the stack's last update counts",
      { now: at(80), state: undefined, stackUpdatedAt: at(10).toISOString() },
      { action: "keep", reason: "expires in 2h" },
    ],
    ["an open PR with no comment and no times", { state: undefined }, { action: "keep", reason: "no deploy or command recorded: idle time unknown" }],
    ["an open PR without a stack whose deploy failed", { hasStack: false, state: { ...deployed, status: "failed" } }, { action: "keep", reason: "no stack" }],
    [
      "an open PR whose comment says deployed, without a stack: the comment is set right",
      { hasStack: false },
      { action: "settle", status: "destroyed", reason: "its comment shows an environment the backend does not have" },
    ],
    [
      "an open PR whose comment says destroyed, with a stack untouched for hours",
      { now: at(3), state: { ...deployed, status: "destroyed" }, stackUpdatedAt: at(0).toISOString() },
      { action: "settle", status: "deployed", reason: "its comment says destroyed, and the backend has its stack (a deploy that did not report)" },
    ],
    [
      "a closed PR whose close run is destroying right now",
      { now: at(1), pull: { state: "closed", labels: [] }, state: { ...deployed, status: "destroying" } },
      { action: "keep", reason: "its destroy is running" },
    ],
    [
      "a deploy that stopped reporting hours ago",
      { now: at(3), state: { ...deployed, status: "deploying" } },
      { action: "settle", status: "failed", reason: "its deploy stopped reporting 3h ago (a cancelled or timed-out run)" },
    ],
    [
      "a destroy that stopped reporting hours ago: it is finished",
      { now: at(3), state: { ...deployed, status: "destroying" } },
      { action: "destroy", reason: "its destroy stopped reporting 3h ago (a cancelled or timed-out run): finishing it" },
    ],
    ["a deploy running right now", { now: at(1), state: { ...deployed, status: "deploying" } }, { action: "keep", reason: "its deploy is running" }],
  ])("%s", (_name, over, expected) => {
    expect(reapDecision(facts(over), rules)).toEqual(expected);
  });

  it("never destroys an open PR before its expiry, and always destroys it after (any activity, extension, time)", () => {
    for (let hours = 0; hours < 200; hours += 7) {
      for (const extension of [0, 24, 48]) {
        const decision = reapDecision(facts({ now: at(hours), state: { ...deployed, extendedMs: extension * HOUR } }), rules);
        expect(decision.action === "destroy", `${hours}h, +${extension}h`).toBe(hours >= 72 + extension);
      }
    }
  });
});

describe("orphansByStack", () => {
  const r = (id: string, stack?: string): FoundResource => ({ id, kind: "ec2:vpc", ...(stack ? { stack } : {}) });

  it("groups the resources of stacks that are gone, except those handled elsewhere", () => {
    const groups = orphansByStack([r("a", "pr-1"), r("b", "pr-2"), r("c", "pr-2"), r("d", "pr-3"), r("e")], new Set(["pr-1"]), new Set(["pr-3"]));
    expect([...groups]).toEqual([
      ["pr-2", [r("b", "pr-2"), r("c", "pr-2")]],
      ["(no prenv:stack tag)", [r("e")]],
    ]);
  });
});

describe("orphanAction", () => {
  it.each([
    [true, false, "retry the destroy"],
    [true, true, "retry the destroy"],
    [false, true, "delete"],
    [false, false, "report"],
  ] as const)("leftovers named in the comment: %s, delete-orphans: %s -> %s", (named, deleteOrphans, expected) => {
    expect(orphanAction(named, deleteOrphans)).toBe(expected);
  });
});

describe("names", () => {
  it("reads a PR's stack name, and nothing else", () => {
    expect(["pr-42", "pr-0", "pr-042", "staging", "pr-42-old"].map(prOfStack)).toEqual([42, undefined, undefined, undefined, undefined]);
  });

  it("reads the PR from the names prenv gives, for this repo only", () => {
    const id = { repo: "acme/shop", pr: 42 };
    expect(prOfName("acme/shop", checkedNames.iamRole(id, "execution"))).toBe(42);
    expect(prOfName("acme/shop", checkedNames.dashboard({ repo: "acme/shop", pr: 7 }))).toBe(7);
    expect(prOfName("acme/other", checkedNames.iamRole(id, "task"))).toBeUndefined();
    expect(prOfName("acme/shop", "pr42-admin")).toBeUndefined();
    const long = { repo: "acme/a-very-long-repository-name-that-will-not-fit-in-sixty-four", pr: 123456 };
    expect(prOfName(long.repo, checkedNames.iamRole(long, "execution"))).toBe(123456);
  });

  it("reads the kind of resource from an ARN", () => {
    expect(
      [
        "arn:aws:ec2:us-east-1:111122223333:vpc/vpc-0abc",
        "arn:aws:rds:us-east-1:111122223333:cluster:pr42-shop-db",
        "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/pr42-blue/0123",
        "arn:aws:wafv2:us-east-1:111122223333:regional/webacl/pr42-waf/1234-5678",
        "arn:aws:logs:us-east-1:111122223333:log-group:/prenv/pr42-app",
        "arn:aws:iam::111122223333:role/pr42-shop-d21b2cdf-task",
        "arn:aws-cn:ssm:cn-north-1:111122223333:parameter/prenv/x",
      ].map((arn) => parseArn(arn)?.kind),
    ).toEqual(["ec2:vpc", "rds:cluster", "elasticloadbalancing:targetgroup", "wafv2:webacl", "logs:log-group", "iam:role", "ssm:parameter"]);
    expect(parseArn("vpc-0abc")).toBeUndefined();
  });
});

describe("isDependencyError", () => {
  it.each([
    ["DependencyViolation: The subnet 'subnet-1' has dependencies and cannot be deleted.", true],
    ["ResourceInUse: Target group 'arn:…' is currently in use by a listener or a rule", true],
    ["InvalidDBClusterStateFault: Cluster is not in available state", true],
    ["WAFAssociatedItemException: AWS WAF couldn't perform the operation", true],
    ["AccessDenied: User is not authorized to perform: ec2:DeleteSubnet", false],
    ["error: the stack is locked", false],
  ])("%s -> %s", (message, expected) => {
    expect(isDependencyError(message)).toBe(expected);
  });
});
