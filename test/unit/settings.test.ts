import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BadInputError } from "../../src/core/errors.ts";
import { engineProblems, imageFor, INPUT_DEFAULTS, type InputName, parseSettings } from "../../src/core/settings.ts";

const read = (inputs: Partial<Record<InputName, string>>) => (name: InputName) => inputs[name] ?? "";
const problems = (inputs: Partial<Record<InputName, string>>) => {
  try {
    parseSettings(read(inputs), "acme/shop");
    return [];
  } catch (error) {
    if (error instanceof BadInputError) return error.problems;
    throw error;
  }
};
const minimal = { "github-token": "ghs_x", "aws-region": "us-east-1" };

describe("parseSettings", () => {
  it("fills in the documented defaults", () => {
    expect(parseSettings(read(minimal), "acme/shop")).toEqual({
      githubToken: "ghs_x",
      region: "us-east-1",
      stackConfig: { repo: "acme/shop", profile: "preview", containerPort: "80", healthPath: "/", database: undefined, waf: "true" },
      profile: "preview",
      ttlMs: 72 * 3_600_000,
      maxTtlMs: 7 * 86_400_000,
      allowForks: false,
      comment: true,
      deployDrafts: false,
      approveLabel: "prenv:approve",
      commandPermissions: {
        status: "none",
        help: "none",
        promote: "write",
        rollback: "write",
        shift: "write",
        redeploy: "write",
        destroy: "write",
        extend: "write",
        approve: "write",
      },
      engine: "pulumi",
      outputsFile: "cfn-outputs/flat-outputs.json",
      verify: true,
      verifyTimeoutMs: 600_000,
      testTimeoutMs: 900_000,
      autoPromote: false,
      warnBeforeMs: 43_200_000,
      keepLabel: "prenv:keep",
      deleteOrphans: false,
    });
  });

  it("takes every input", () => {
    const settings = parseSettings(
      read({
        ...minimal,
        "backend-url": "s3://state/prenv",
        image: "ghcr.io/acme/shop:{sha}",
        profile: "production",
        "program-dir": "deploy/pulumi",
        ttl: "1d",
        "allow-forks": "TRUE",
        comment: "false",
        "test-command": "npm run e2e",
        "deploy-drafts": "true",
        "approve-label": "ok to preview",
        "command-permissions": "destroy=admin, /shift=maintain",
        "container-port": "8080",
        "health-path": "/healthz",
        database: "none",
        waf: "false",
        engine: "sandbox",
        "outputs-file": "out/outputs.json",
      }),
      "acme/shop",
    );
    expect(settings).toMatchObject({
      backendUrl: "s3://state/prenv",
      image: "ghcr.io/acme/shop:{sha}",
      profile: "production",
      programDir: "deploy/pulumi",
      ttlMs: 86_400_000,
      allowForks: true,
      comment: false,
      testCommand: "npm run e2e",
      deployDrafts: true,
      approveLabel: "ok to preview",
      engine: "sandbox",
      outputsFile: "out/outputs.json",
      stackConfig: { containerPort: "8080", healthPath: "/healthz", database: "none", waf: "false" },
    });
    expect(settings.commandPermissions).toMatchObject({ destroy: "admin", shift: "maintain", promote: "write" });
  });

  it("names every bad input at once, by its input name", () => {
    expect(
      problems({
        "aws-region": "moon-1",
        "backend-url": "ftp://x",
        image: "Not An Image",
        profile: "huge",
        "program-dir": "../elsewhere",
        ttl: "forever",
        "allow-forks": "yes",
        "command-permissions": "deploy=admin",
        "container-port": "0",
        engine: "terraform",
        "outputs-file": "/etc/passwd",
      }),
    ).toEqual([
      "github-token is required (the workflow's token: ${{ github.token }})",
      'backend-url must be a Pulumi backend URL such as s3://bucket/prefix or file://path (got "ftp://x")',
      'program-dir must be a folder inside the repository, without "..": got "../elsewhere"',
      'ttl must be a duration like 72h or 3d (got "forever")',
      'command-permissions: unknown command "deploy" in "deploy=admin"',
      'engine must be one of pulumi, sandbox (got "terraform")',
      'outputs-file must be a path inside the workspace, without "..": got "/etc/passwd"',
      'profile must be one of preview, production (got "huge")',
      'image must be a container image reference like "ghcr.io/acme/shop:1.2.3" (got "Not An Image")',
      'container-port must be a TCP port from 1 to 65535 (got "0")',
      'aws-region must be an AWS region like us-east-1 (got "moon-1")',
      'allow-forks must be true or false (got "yes")',
    ]);
  });

  it("fills {sha} and {pr} in the image template", () => {
    expect(imageFor("ghcr.io/acme/shop:pr{pr}-{sha}", "abc", 42)).toBe("ghcr.io/acme/shop:pr42-abc");
  });
});

describe("engineProblems", () => {
  const settings = parseSettings(read({ ...minimal, "backend-url": "s3://b/p" }), "acme/shop");
  it("asks for the passphrase a self-managed backend needs, and the token Pulumi Cloud needs", () => {
    expect(engineProblems(settings, {})).toEqual([
      "backend-url s3://b/p needs PULUMI_CONFIG_PASSPHRASE in the step's env (a repository secret) to encrypt the stack's secrets",
    ]);
    expect(engineProblems(settings, { PULUMI_CONFIG_PASSPHRASE: "" })).toEqual([]);
    expect(engineProblems(parseSettings(read(minimal), "acme/shop"), {})).toEqual([
      "with no backend-url, state goes to Pulumi Cloud: set PULUMI_ACCESS_TOKEN in the step's env, or set backend-url (s3://bucket/prefix)",
    ]);
    expect(engineProblems(parseSettings(read({ ...minimal, engine: "sandbox" }), "acme/shop"), {})).toEqual([]);
  });
});

describe("action.yml", () => {
  const action = parse(readFileSync("action.yml", "utf8")) as {
    inputs: Record<string, { default?: string; description: string }>;
    outputs: Record<string, unknown>;
    runs: { using: string; main: string };
  };

  it("runs the committed bundle on Node 24", () => {
    expect(action.runs).toEqual({ using: "node24", main: "dist/action.js" });
  });

  it("documents exactly the inputs prenv reads, with the same defaults", () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(INPUT_DEFAULTS).sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description.length, name).toBeGreaterThan(20);
      if (name !== "github-token") expect(input.default ?? "", name).toBe(INPUT_DEFAULTS[name as InputName]);
    }
    expect(action.inputs["github-token"]!.default).toBe("${{ github.token }}");
  });

  it("declares the outputs the Action sets", () => {
    expect(Object.keys(action.outputs)).toEqual(["operation", "stack-name", "app-url", "test-url", "dashboard-url", "outputs-file"]);
  });
});
