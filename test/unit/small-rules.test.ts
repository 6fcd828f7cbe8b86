// Durations, redaction, rollout and fork rules: small pure rules the lifecycle leans on.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../src/core/duration.ts";
import { deployGate } from "../../src/core/policy.ts";
import { redact } from "../../src/core/redact.ts";
import { planRollout } from "../../src/core/rollout.ts";
import { DEFAULT_IMAGE } from "../../src/core/stack-config.ts";
import { type StackOutputs, STACK_OUTPUT_KEYS } from "../../src/core/outputs.ts";

describe("durations", () => {
  it.each([
    ["72h", 259_200_000],
    ["30m", 1_800_000],
    ["1d12h", 129_600_000],
    ["2w", 1_209_600_000],
    ["90S", 90_000],
  ])("parses %s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "72", "h", "1.5h", "-1h", "0h", "1y", "1h 30m", "9999999h"])("refuses %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("formats the largest two units and round-trips whole units", () => {
    expect(formatDuration(259_200_000)).toBe("3d");
    expect(formatDuration(252_000)).toBe("4m 12s");
    expect(formatDuration(0)).toBe("0s");
    expect(formatDuration(90_061_000)).toBe("1d 1h");
    fc.assert(fc.property(fc.integer({ min: 1, max: 999 }), fc.constantFrom("m", "h", "d"), (n, unit) => {
      const ms = parseDuration(`${n}${unit}`)!;
      expect(parseDuration(formatDuration(ms).replace(" ", ""))).toBe(ms);
    }));
  });
});

describe("redact", () => {
  it("masks the secrets it is given, longest first", () => {
    expect(redact("token=abcd1234 and abcd1234-extra", ["abcd1234", "abcd1234-extra"])).toBe("token=*** and ***");
  });

  it("masks credential shapes nobody registered", () => {
    const text = [
      `GITHUB_TOKEN ghp_${"a".repeat(36)}`,
      "aws AKIAIOSFODNN7EXAMPLE",
      "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      'password: "hunter2hunter2"',
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----",
    ].join("\n");
    expect(redact(text, [])).toBe(["GITHUB_TOKEN ***", "aws ***", "AWS_SECRET_ACCESS_KEY=***", 'password: "***"', "***"].join("\n"));
  });

  it("leaves ordinary output alone", () => {
    expect(redact(" +  aws:ec2/vpc:Vpc vpc created", ["s3cr3t-value"])).toBe(" +  aws:ec2/vpc:Vpc vpc created");
  });
});

describe("planRollout", () => {
  const outputs = (blueImage: string, greenImage: string) =>
    ({ ...Object.fromEntries(STACK_OUTPUT_KEYS.map((k) => [k, "x"])), blueImage, greenImage }) as StackOutputs;

  it("puts the first build on both colours", () => {
    expect(planRollout(undefined, undefined, "app:1")).toEqual({ images: { blue: "app:1", green: "app:1" }, active: "blue", target: "both" });
    expect(planRollout(undefined, undefined, undefined).images.blue).toBe(DEFAULT_IMAGE);
  });

  it("puts a new build on the idle colour and leaves the serving one alone", () => {
    expect(planRollout(outputs("app:1", "app:1"), { blue: 100, green: 0 }, "app:2")).toEqual({
      images: { blue: "app:1", green: "app:2" },
      active: "blue",
      target: "green",
    });
  });

  it("follows a promotion: with green serving, the next build goes to blue", () => {
    expect(planRollout(outputs("app:1", "app:2"), { blue: 0, green: 100 }, "app:3")).toEqual({
      images: { blue: "app:3", green: "app:2" },
      active: "green",
      target: "blue",
    });
  });

  it("keeps the idle colour's image when no new one is given", () => {
    expect(planRollout(outputs("app:1", "app:2"), { blue: 100, green: 0 }, undefined).images).toEqual({ blue: "app:1", green: "app:2" });
  });
});

describe("deployGate", () => {
  const pr = { number: 7, state: "open" as const, draft: false, headSha: "b".repeat(40), headRepo: "stranger/shop", fork: true };

  it("lets a PR from the repository itself deploy", () => {
    expect(deployGate({ ...pr, fork: false, headRepo: "acme/shop" }, false, undefined)).toEqual({ allowed: true });
  });

  it("holds a fork PR until its head commit is approved", () => {
    expect(deployGate(pr, false, undefined)).toEqual({ allowed: false, reason: "the PR comes from the fork stranger/shop" });
    expect(deployGate(pr, false, { sha: "b".repeat(40), by: "maintainer", at: "t" })).toEqual({ allowed: true });
  });

  it("wants a new approval after a push", () => {
    expect(deployGate(pr, false, { sha: "a".repeat(40), by: "maintainer", at: "t" })).toEqual({
      allowed: false,
      reason: "commit bbbbbbb is newer than the approved aaaaaaa; a push needs a new approval",
    });
  });

  it("lets forks through when allow-forks is on", () => {
    expect(deployGate(pr, true, undefined)).toEqual({ allowed: true });
  });
});
