// The rules that turn facts into checks, and how the results read in a check run.
import { describe, expect, it } from "vitest";
import { checkRunSummary, infrastructureChecks, readinessChecks, smokeCheck, summarize, summaryLine, testCommandCheck } from "../../src/core/checks.ts";

describe("readiness", () => {
  it("wants both services steady and both colours' targets healthy", () => {
    expect(
      readinessChecks({
        services: { blue: { running: 2, desired: 2, deployments: 1 }, green: { running: 1, desired: 2, deployments: 2 } },
        targets: { blue: { healthy: 2, unhealthy: 0, other: 0 }, green: { healthy: 1, unhealthy: 0, other: 1 } },
      }),
    ).toEqual([
      { name: "blue service steady", group: "readiness", status: "pass", detail: "2/2 tasks running, 1 deployment" },
      { name: "blue targets healthy", group: "readiness", status: "pass", detail: "2 healthy, 0 unhealthy" },
      { name: "green service steady", group: "readiness", status: "fail", detail: "1/2 tasks running, 2 deployments" },
      { name: "green targets healthy", group: "readiness", status: "pass", detail: "1 healthy, 0 unhealthy, 1 not yet in service" },
    ]);
  });

  it("fails a colour without a service", () => {
    const [service] = readinessChecks({ services: { blue: undefined, green: undefined }, targets: { blue: { healthy: 0, unhealthy: 0, other: 0 }, green: { healthy: 0, unhealthy: 0, other: 0 } } });
    expect(service).toEqual({ name: "blue service steady", group: "readiness", status: "fail", detail: "service not found" });
  });
});

describe("smoke", () => {
  it("passes 2xx and 3xx, records status, latency and attempts", () => {
    expect(smokeCheck("app URL answers", { url: "http://a/healthz", status: 200, latencyMs: 41.7, attempts: 2 })).toEqual({
      name: "app URL answers",
      group: "smoke",
      status: "pass",
      detail: "GET http://a/healthz: 200 in 42 ms (attempt 2)",
    });
    expect(smokeCheck("x", { url: "http://a/", status: 503, latencyMs: 5, attempts: 5 }).status).toBe("fail");
    expect(smokeCheck("x", { url: "http://a/", attempts: 5, error: "ECONNREFUSED" }).detail).toBe("GET http://a/: ECONNREFUSED (attempt 5)");
  });
});

describe("infrastructure", () => {
  const facts = {
    waf: { value: "arn:acl" },
    expectedWafAcl: "arn:acl",
    alarms: { value: ["a", "b"] },
    expectedAlarms: ["a", "b"],
    dashboard: { value: true },
    database: { value: { status: "available", encrypted: true } },
    logRetentionDays: { value: 3 },
    expectedLogRetentionDays: 3,
    scanOnPush: { value: true },
    containerInsights: { value: true },
  };

  it("passes a stack that has every part as configured", () => {
    expect(infrastructureChecks(facts).map((c) => [c.name, c.status, c.detail])).toEqual([
      ["WAF web ACL on the ALB", "pass", "associated"],
      ["alarms present", "pass", "2 alarms"],
      ["dashboard present", "pass", "found"],
      ["database available and encrypted", "pass", "available, encrypted"],
      ["log retention", "pass", "3 days"],
      ["ECR scan on push", "pass", "on"],
      ["Container Insights", "pass", "on"],
    ]);
  });

  it("names what is wrong", () => {
    const checks = infrastructureChecks({
      ...facts,
      waf: { value: null },
      alarms: { value: ["a"] },
      database: { value: { status: "creating", encrypted: false } },
      logRetentionDays: { value: null },
      scanOnPush: { value: false },
    });
    expect(checks.filter((c) => c.status === "fail").map((c) => [c.name, c.detail])).toEqual([
      ["WAF web ACL on the ALB", "no web ACL associated"],
      ["alarms present", "missing: b"],
      ["database available and encrypted", "creating, NOT encrypted"],
      ["log retention", "log group not found or never expires"],
      ["ECR scan on push", "off"],
    ]);
  });

  it("skips what the stack does not have, and what an endpoint does not support; fails what could not be read", () => {
    const { waf: _waf, database: _database, ...rest } = facts;
    const checks = infrastructureChecks({
      ...rest,
      dashboard: { unavailable: "CloudWatch dashboard: not supported by the endpoint at AWS_ENDPOINT_URL (http://x)", unsupported: true },
      scanOnPush: { unavailable: "ECR: AccessDeniedException: no" },
    });
    expect(checks.map((c) => [c.name, c.status, c.detail])).toEqual([
      ["WAF web ACL on the ALB", "skip", "not part of this stack"],
      ["alarms present", "pass", "2 alarms"],
      ["dashboard present", "skip", "CloudWatch dashboard: not supported by the endpoint at AWS_ENDPOINT_URL (http://x)"],
      ["database available and encrypted", "skip", "not part of this stack"],
      ["log retention", "pass", "3 days"],
      ["ECR scan on push", "fail", "ECR: AccessDeniedException: no"],
      ["Container Insights", "pass", "on"],
    ]);
  });
});

describe("the test command and the summaries", () => {
  it("passes exit 0 in time, fails anything else", () => {
    expect(testCommandCheck({ command: "npm test", exitCode: 0, timedOut: false, durationMs: 61_000 })).toEqual({
      name: "test command",
      group: "tests",
      status: "pass",
      detail: "`npm test` exited 0 after 61s",
    });
    expect(testCommandCheck({ command: "npm test", exitCode: null, timedOut: true, durationMs: 900_000 }).detail).toBe("`npm test` timed out after 900s");
  });

  it("summarizes in a line and in a check run table", () => {
    const checks = [
      { name: "blue service steady", group: "readiness" as const, status: "pass" as const, detail: "1/1" },
      { name: "app URL answers", group: "smoke" as const, status: "fail" as const, detail: "GET http://a/|b: 503" },
      { name: "dashboard present", group: "infrastructure" as const, status: "skip" as const, detail: "n/a" },
    ];
    expect(summaryLine(summarize(checks))).toBe("1 passed, 1 failed (app URL answers), 1 skipped");
    expect(checkRunSummary(checks, "ok 1 - works")).toBe(
      [
        "| | Check | Group | Result |",
        "|---|---|---|---|",
        "| ✅ | blue service steady | readiness | 1/1 |",
        "| ❌ | app URL answers | smoke | GET http://a/\\|b: 503 |",
        "| ⏭️ | dashboard present | infrastructure | n/a |",
        "",
        "<details><summary>Test command output (secrets redacted)</summary>",
        "",
        "```text",
        "ok 1 - works",
        "```",
        "",
        "</details>",
      ].join("\n"),
    );
    expect(checkRunSummary(checks, "x".repeat(100_000)).length).toBeLessThanOrEqual(65_535);
  });
});
