import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  NAME_LIMITS,
  type NameKind,
  parameterPath,
  projectName,
  repoHash,
  resourceName,
  stackName,
  stackTags,
} from "../../src/core/naming.ts";

// The (role, kind) pairs the stack program names, with the longest role of each family.
const NAMED: readonly (readonly [string, NameKind])[] = [
  ["alb", "loadBalancer"],
  ["blue", "targetGroup"],
  ["green", "targetGroup"],
  ["db", "dbCluster"],
  ["db-writer", "dbInstance"],
  ["db-reader-9", "dbInstance"],
  ["db", "dbSubnetGroup"],
  ["execution", "iamRole"],
  ["task", "iamRole"],
  ["alb", "securityGroup"],
  ["cluster", "ecsCluster"],
  ["green", "ecsService"],
  ["green", "taskFamily"],
  ["app", "logGroup"],
  ["app", "secret"],
  ["waf", "wafAcl"],
  ["dashboard", "dashboard"],
  ["green-unhealthy-hosts", "alarm"],
  ["green-cpu", "scalingPolicy"],
  ["images", "ecrRepository"],
  ["private-routes-2", "tagName"],
];

const ownerChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";
const nameChars = `${ownerChars}._`;
const ownerArb = fc
  .tuple(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789"), fc.string({ unit: fc.constantFrom(...ownerChars), maxLength: 38 }))
  .map(([first, rest]) => first + rest);
const repoNameArb = fc.string({ unit: fc.constantFrom(...nameChars), minLength: 1, maxLength: 100 });
const repoArb = fc.tuple(ownerArb, repoNameArb).map(([owner, name]) => `${owner}/${name}`);
/** PR numbers from 1 to 10 digits. */
const prArb = fc.integer({ min: 1, max: 9_999_999_999 });

describe("resourceName", () => {
  it("reads pr<N>-<repo>-<hash>-<role>", () => {
    expect(resourceName({ repo: "acme/shop", pr: 42 }, "blue", "targetGroup")).toBe(`pr42-shop-${repoHash("acme/shop")}-blue`);
  });

  it("shortens the repo part, never the PR, hash or role, to fit 32 characters", () => {
    const name = resourceName({ repo: "acme/a-very-long-repository-name-indeed", pr: 1234567890 }, "green", "targetGroup");
    expect(name).toBe(`pr1234567890-a-ve-${repoHash("acme/a-very-long-repository-name-indeed")}-green`);
    expect(name.length).toBeLessThanOrEqual(32);
  });

  it("fits every kind's AWS limit and stays within [a-z0-9-], starting with a letter", () => {
    fc.assert(
      fc.property(repoArb, prArb, fc.constantFrom(...NAMED), (repo, pr, [role, kind]) => {
        const name = resourceName({ repo, pr }, role, kind);
        expect(name.length).toBeLessThanOrEqual(NAME_LIMITS[kind]);
        expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      }),
      { numRuns: 2000 },
    );
  });

  it("is deterministic", () => {
    fc.assert(
      fc.property(repoArb, prArb, fc.constantFrom(...NAMED), (repo, pr, [role, kind]) => {
        expect(resourceName({ repo, pr }, role, kind)).toBe(resourceName({ repo, pr }, role, kind));
      }),
    );
  });

  it("differs for different (repo, PR, role), even where AWS allows only 32 characters", () => {
    fc.assert(
      fc.property(
        fc.tuple(repoArb, prArb, fc.constantFrom("blue", "green")),
        fc.tuple(repoArb, prArb, fc.constantFrom("blue", "green")),
        ([repoA, prA, roleA], [repoB, prB, roleB]) => {
          fc.pre(repoA.toLowerCase() !== repoB.toLowerCase() || prA !== prB || roleA !== roleB);
          expect(resourceName({ repo: repoA, pr: prA }, roleA, "targetGroup")).not.toBe(
            resourceName({ repo: repoB, pr: prB }, roleB, "targetGroup"),
          );
        },
      ),
      { numRuns: 5000 },
    );
  });

  it("keeps two repos that share a name apart (the owner is in the hash)", () => {
    expect(resourceName({ repo: "acme/shop", pr: 1 }, "alb", "loadBalancer")).not.toBe(
      resourceName({ repo: "other/shop", pr: 1 }, "alb", "loadBalancer"),
    );
  });

  it("treats repo names case-insensitively, as GitHub does", () => {
    expect(resourceName({ repo: "Acme/Shop", pr: 7 }, "alb", "loadBalancer")).toBe(resourceName({ repo: "acme/shop", pr: 7 }, "alb", "loadBalancer"));
  });

  it("refuses a role that would not be a valid name part, or could not fit with a 10-digit PR", () => {
    expect(() => resourceName({ repo: "acme/shop", pr: 1 }, "Blue_TG", "targetGroup")).toThrow(/role/);
    expect(() => resourceName({ repo: "acme/shop", pr: 1 }, "much-too-long-role", "targetGroup")).toThrow(/no room in a targetGroup name/);
  });
});

describe("stack, project and parameter names", () => {
  it("names the stack after the PR", () => {
    expect(stackName(42)).toBe("pr-42");
  });

  it("names the Pulumi project after the repo, within Pulumi's 100 characters", () => {
    expect(projectName("acme/shop")).toBe(`prenv-shop-${repoHash("acme/shop")}`);
    fc.assert(
      fc.property(repoArb, (repo) => {
        expect(projectName(repo)).toMatch(/^prenv-[a-z0-9-]*[a-z0-9]$/);
        expect(projectName(repo).length).toBeLessThanOrEqual(100);
      }),
    );
  });

  it("keeps a PR's parameters in their own folder", () => {
    expect(parameterPath({ repo: "acme/shop", pr: 42 })).toBe(`/prenv/shop-${repoHash("acme/shop")}/pr-42`);
  });
});

describe("stackTags", () => {
  it("tags repo, PR and stack, and the colour where one applies", () => {
    expect(stackTags({ repo: "acme/shop", pr: 42 })).toEqual({ "prenv:repo": "acme/shop", "prenv:pr": "42", "prenv:stack": "pr-42" });
    expect(stackTags({ repo: "acme/shop", pr: 42 }, "green")).toEqual({
      "prenv:repo": "acme/shop",
      "prenv:pr": "42",
      "prenv:stack": "pr-42",
      "prenv:color": "green",
    });
  });
});
