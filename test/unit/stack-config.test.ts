import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BadInputError } from "../../src/core/errors.ts";
import { DEFAULT_IMAGE, parseStackConfig, toPulumiConfig } from "../../src/core/stack-config.ts";

const problems = (raw: Parameters<typeof parseStackConfig>[0]) => {
  try {
    parseStackConfig(raw);
  } catch (error) {
    if (error instanceof BadInputError) return error.problems;
    throw error;
  }
  return [];
};

describe("parseStackConfig", () => {
  it("fills in the defaults of DESIGN.md", () => {
    expect(parseStackConfig({ pr: "42", repo: "acme/shop", region: "eu-west-1" })).toEqual({
      identity: { repo: "acme/shop", pr: 42 },
      profile: "preview",
      images: { blue: DEFAULT_IMAGE, green: DEFAULT_IMAGE },
      containerPort: 80,
      healthPath: "/",
      database: "serverless",
      waf: true,
      region: "eu-west-1",
    });
  });

  it("defaults the database to the profile's: provisioned in production", () => {
    expect(parseStackConfig({ pr: "1", repo: "a/b", region: "us-east-1", profile: "production" }).database).toBe("provisioned");
  });

  it("runs green on blue's image unless told otherwise, and lower-cases the repo", () => {
    const config = parseStackConfig({ pr: "7", repo: "Acme/Shop", region: "us-east-1", blueImage: "ghcr.io/acme/shop:1" });
    expect(config.images).toEqual({ blue: "ghcr.io/acme/shop:1", green: "ghcr.io/acme/shop:1" });
    expect(config.identity.repo).toBe("acme/shop");
  });

  it("treats empty strings as unset", () => {
    expect(parseStackConfig({ pr: "7", repo: "a/b", region: "us-east-1", profile: "", greenImage: "" }).profile).toBe("preview");
  });

  it("names every problem at once, each with what was given", () => {
    expect(
      problems({
        pr: "0",
        repo: "no-slash",
        profile: "huge",
        blueImage: "Bad Image",
        containerPort: "70000",
        healthPath: "health",
        database: "postgres",
        waf: "maybe",
        region: "mars-1",
      }),
    ).toEqual([
      'pr must be a positive whole number of at most 10 digits (got "0")',
      'repo must be a GitHub repository as owner/name (got "no-slash")',
      'profile must be one of preview, production (got "huge")',
      'blueImage must be a container image reference like "ghcr.io/acme/shop:1.2.3" (got "Bad Image")',
      'containerPort must be a TCP port from 1 to 65535 (got "70000")',
      `healthPath must start with "/" and use only letters, digits and _-.$/~"'@:+& (got "health")`,
      'database must be one of serverless, provisioned, none (got "postgres")',
      'waf must be one of true, false (got "maybe")',
      'aws:region must be an AWS region like us-east-1 (got "mars-1")',
    ]);
  });

  it("says which required keys are missing", () => {
    expect(problems({})).toEqual(["pr is required", "repo is required", "aws:region is required (e.g. us-east-1)"]);
  });

  it.each(["-1", "1.5", "abc", "12345678901", "4e2", " 42"])("refuses pr %j", (pr) => {
    expect(problems({ pr, repo: "a/b", region: "us-east-1" })).toHaveLength(1);
  });

  it.each(["acme/..", "acme/.", "-acme/shop", "acme/shop/extra", "acme/sh op"])("refuses repo %j", (repo) => {
    expect(problems({ pr: "1", repo, region: "us-east-1" })).toHaveLength(1);
  });

  it("round-trips through the Pulumi config it would be read from", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9_999_999_999 }),
        fc.constantFrom("preview", "production"),
        fc.constantFrom("serverless", "provisioned", "none"),
        fc.boolean(),
        fc.integer({ min: 1, max: 65535 }),
        (pr, profile, database, waf, port) => {
          const config = parseStackConfig({
            pr: String(pr),
            repo: "acme/shop",
            region: "ap-southeast-2",
            profile,
            database,
            waf: String(waf),
            containerPort: String(port),
          });
          const pulumiConfig = toPulumiConfig(config);
          const raw = Object.fromEntries(
            Object.entries(pulumiConfig).map(([key, value]) => [key === "aws:region" ? "region" : key.replace("prenv:", ""), value]),
          );
          expect(parseStackConfig(raw)).toEqual(config);
        },
      ),
    );
  });
});
