// The files users copy or install: the example workflow and the App's manifest agree with the code.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { APP_EVENTS } from "../../src/app/app.ts";
import { decide, DISPATCH_OPERATIONS } from "../../src/core/event.ts";
import { INPUT_DEFAULTS } from "../../src/core/settings.ts";

const yaml = (path: string) => parse(readFileSync(path, "utf8")) as Record<string, any>;

describe(".github/workflows/preview.yml", () => {
  const workflow = yaml(".github/workflows/preview.yml");

  it("listens to the events the Action acts on, and to the App's workflow_dispatch with its inputs", () => {
    expect(workflow["on"]["pull_request_target"].types).toEqual(["opened", "reopened", "synchronize", "ready_for_review", "closed", "labeled"]);
    expect(workflow["on"]["issue_comment"].types).toEqual(["created"]);
    expect(Object.keys(workflow["on"]["workflow_dispatch"].inputs)).toEqual(["pr", "operation", "sha", "requested-by"]);
    expect(workflow["on"]["workflow_dispatch"].inputs.operation.description).toBe(DISPATCH_OPERATIONS.join(", ").replace(/, (\w+)$/, " or $1"));
  });

  it("asks for the least it needs, and OIDC for AWS", () => {
    expect(workflow["permissions"]).toEqual({ contents: "read", issues: "write", "pull-requests": "write", deployments: "write", checks: "write", "id-token": "write" });
    const steps = workflow["jobs"]["preview"].steps as { uses?: string; with?: Record<string, string> }[];
    expect(steps[0]).toMatchObject({ uses: "aws-actions/configure-aws-credentials@v4", with: { "role-to-assume": "${{ vars.PRENV_AWS_ROLE_ARN }}" } });
    expect(steps.map((s) => s.uses)).toContain("pulumi/actions@v7");
    expect(workflow["concurrency"]["cancel-in-progress"]).toBe(false);
  });

  it("is skipped where prenv is not set up (this repository included)", () => {
    expect(workflow["jobs"]["preview"].if).toMatch(/^vars\.PRENV_AWS_ROLE_ARN != '' && \(/);
  });
});

describe(".github/workflows/reap.yml", () => {
  const workflow = yaml(".github/workflows/reap.yml");
  const prenvStep = (w: Record<string, any>, job: string) => (w["jobs"][job].steps as { uses?: string; with?: Record<string, string>; env?: Record<string, string> }[]).find((s) => s.uses?.startsWith("prenv/"))!;
  const options = { deployDrafts: false, approveLabel: "prenv:approve", maxExtendMs: 604_800_000 };

  it("runs the reaper on its schedule and when dispatched (dry run or not)", () => {
    expect(workflow["on"]["schedule"]).toEqual([{ cron: "17 * * * *" }]);
    expect(decide("schedule", { schedule: "17 * * * *" }, options)).toEqual({ kind: "reap", actor: "schedule", reason: "the schedule (17 * * * *) started the reaper" });
    const inputs = workflow["on"]["workflow_dispatch"].inputs;
    const dispatched = { inputs: { operation: inputs.operation.default, "dry-run": true }, sender: { login: "octocat" } };
    expect(decide("workflow_dispatch", dispatched, options)).toEqual({ kind: "reap", actor: "octocat", reason: "octocat started the reaper (dry run) through workflow_dispatch", dryRun: true });
  });

  it("reaps with the settings the preview workflow deploys with", () => {
    const preview = prenvStep(yaml(".github/workflows/preview.yml"), "preview");
    const reaper = prenvStep(workflow, "reap");
    for (const input of ["aws-region", "backend-url", "ttl"]) expect(reaper.with![input]).toBe(preview.with![input]);
    expect(reaper.env).toEqual(preview.env);
    expect(workflow["jobs"]["reap"].if).toBe("vars.PRENV_AWS_ROLE_ARN != ''");
    expect(workflow["concurrency"]).toEqual({ group: "prenv-reaper", "cancel-in-progress": false });
  });

  it("sets only inputs the Action has, as does the preview workflow", () => {
    for (const [file, job] of [["reap.yml", "reap"], ["preview.yml", "preview"]] as const) {
      const set = Object.keys(prenvStep(yaml(`.github/workflows/${file}`), job).with!);
      expect(set.filter((name) => !(name in INPUT_DEFAULTS)), file).toEqual([]);
    }
  });
});

describe("app.yml", () => {
  const manifest = yaml("app.yml");

  it("subscribes to the events the App handles", () => {
    expect(manifest["default_events"]).toEqual([...new Set(APP_EVENTS.map((event) => event.split(".")[0]))]);
  });

  it("asks for exactly the permissions it uses", () => {
    expect(manifest["default_permissions"]).toEqual({ issues: "write", pull_requests: "write", actions: "write", metadata: "read" });
  });
});
