// The integration checks as a deploy runs them: waiting for readiness (bounded, with progress),
// HTTP with retries, the infrastructure facts read over the AWS SDK, and the user's test command.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeAlarmsCommand, GetDashboardCommand, CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeRepositoriesCommand, ECRClient } from "@aws-sdk/client-ecr";
import { DescribeClustersCommand, DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { DescribeDBClustersCommand, RDSClient } from "@aws-sdk/client-rds";
import { GetWebACLForResourceCommand, WAFV2Client } from "@aws-sdk/client-wafv2";
import { mockClient } from "aws-sdk-client-mock";
import { allCustomMatcher } from "aws-sdk-client-mock-vitest";
import "aws-sdk-client-mock-vitest/extend";
import { beforeEach, describe, expect, it } from "vitest";
import { awsClients } from "../../src/aws/clients.ts";
import { AwsInspector } from "../../src/aws/inspector.ts";
import type { ServiceState } from "../../src/core/checks.ts";
import { alarmNames, checkedNames } from "../../src/core/naming.ts";
import { STACK_OUTPUT_KEYS, type StackOutputs } from "../../src/core/outputs.ts";
import type { TargetHealthCounts } from "../../src/core/traffic.ts";
import type { Inspector, Prober, Traffic } from "../../src/ports.ts";
import { shellRunner } from "../../src/runner.ts";
import { type VerifyRequest, verifyEnvironment } from "../../src/verify.ts";
import { virtualClock } from "../helpers/clock.ts";

expect.extend(allCustomMatcher);

const identity = { repo: "acme/shop", pr: 42 };
const outputs = {
  ...Object.fromEntries(STACK_OUTPUT_KEYS.map((k) => [k, ""])),
  appUrl: "http://app.example",
  testUrl: "http://app.example:8080",
  albArn: "arn:alb",
  clusterName: "pr42-cluster",
  blueServiceName: "pr42-blue",
  greenServiceName: "pr42-green",
  blueTargetGroupArn: "arn:tg/blue",
  greenTargetGroupArn: "arn:tg/green",
  wafAclArn: "arn:acl",
  dbEndpoint: "db.example",
  ecrRepositoryUrl: "111122223333.dkr.ecr.us-east-1.amazonaws.com/pr42-images",
} as StackOutputs;

const steady: ServiceState = { running: 1, desired: 1, deployments: 1 };
const healthy: TargetHealthCounts = { healthy: 1, unhealthy: 0, other: 0 };

/** An Inspector that reports a fully built stack; a test changes what it needs. */
function inspector(overrides: Partial<Inspector> = {}): Inspector {
  return {
    services: async () => ({ blue: steady, green: steady }),
    wafAcl: async () => ({ value: "arn:acl" }),
    alarms: async (names) => ({ value: names }),
    dashboard: async () => ({ value: true }),
    database: async () => ({ value: { status: "available", encrypted: true } }),
    logRetentionDays: async () => ({ value: 3 }),
    scanOnPush: async () => ({ value: true }),
    containerInsights: async () => ({ value: true }),
    ...overrides,
  };
}

const traffic = (health: (arn: string) => TargetHealthCounts = () => healthy) => ({ health: async (arn: string) => health(arn) }) as unknown as Traffic;
const prober = (answers: Record<string, (number | Error)[]>): Prober & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    get: async (url) => {
      asked.push(url);
      const next = answers[url]?.shift() ?? 200;
      if (next instanceof Error) throw next;
      return { status: next, latencyMs: 12 };
    },
  };
};

let workspace: string;
beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), "prenv-verify-"));
});

const request = (overrides: Partial<VerifyRequest> = {}): VerifyRequest => ({
  identity,
  outputs,
  outputsFile: join(workspace, "outputs.json"),
  profile: "preview",
  healthPath: "/healthz",
  infrastructure: true,
  simulated: false,
  readinessTimeoutMs: 120_000,
  testTimeoutMs: 60_000,
  workspace,
  secrets: ["s3cr3t-token"],
  ...overrides,
});

const log = () => {
  const lines: string[] = [];
  return { lines, info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), group: <T>(_t: string, fn: () => Promise<T>) => fn() };
};

describe("verifyEnvironment", () => {
  it("waits for readiness with progress in the log, then passes every check", async () => {
    let reads = 0;
    const clock = virtualClock();
    const logger = log();
    const result = await verifyEnvironment(
      {
        inspector: inspector({ services: async () => (++reads < 3 ? { blue: steady, green: { running: 0, desired: 1, deployments: 2 } } : { blue: steady, green: steady }) }),
        traffic: traffic(),
        prober: prober({}),
        runner: shellRunner,
        clock,
        log: logger,
      },
      request(),
    );
    expect(result.checks.every((c) => c.status === "pass")).toBe(true);
    expect(result.checks.map((c) => c.name)).toEqual([
      "blue service steady",
      "blue targets healthy",
      "green service steady",
      "green targets healthy",
      "app URL answers",
      "test URL answers",
      "WAF web ACL on the ALB",
      "alarms present",
      "dashboard present",
      "database available and encrypted",
      "log retention",
      "ECR scan on push",
      "Container Insights",
    ]);
    expect(clock.slept).toEqual([10_000, 10_000]);
    expect(logger.lines[0]).toBe("waiting for the environment (0s): blue 1/1 running, targets 1 healthy, 0 unhealthy; green 0/1 running, targets 1 healthy, 0 unhealthy");
  });

  it("gives up waiting after the timeout, and says which colour was not ready", async () => {
    const clock = virtualClock();
    const result = await verifyEnvironment(
      { inspector: inspector(), traffic: traffic((arn) => (arn === "arn:tg/green" ? { healthy: 0, unhealthy: 1, other: 0 } : healthy)), prober: prober({}), runner: shellRunner, clock, log: log() },
      request({ readinessTimeoutMs: 60_000 }),
    );
    expect(clock.slept).toHaveLength(6);
    expect(result.checks.filter((c) => c.status === "fail")).toEqual([{ name: "green targets healthy", group: "readiness", status: "fail", detail: "0 healthy, 1 unhealthy" }]);
  });

  it("GETs the health path on both URLs, retrying with backoff", async () => {
    const clock = virtualClock();
    const http = prober({ "http://app.example/healthz": [new Error("connect ECONNREFUSED"), 502, 200], "http://app.example:8080/healthz": [503, 503, 503, 503, 503] });
    const result = await verifyEnvironment({ inspector: inspector(), traffic: traffic(), prober: http, runner: shellRunner, clock, log: log() }, request({ infrastructure: false }));
    const smoke = result.checks.filter((c) => c.group === "smoke");
    expect(smoke).toEqual([
      { name: "app URL answers", group: "smoke", status: "pass", detail: "GET http://app.example/healthz: 200 in 12 ms (attempt 3)" },
      { name: "test URL answers", group: "smoke", status: "fail", detail: "GET http://app.example:8080/healthz: 503 in 12 ms (attempt 5)" },
    ]);
    expect(clock.slept).toEqual(expect.arrayContaining([2000, 4000, 8000, 16_000]));
  });

  it("skips HTTP for the sandbox, whose URLs do not resolve", async () => {
    const http = prober({});
    const result = await verifyEnvironment({ inspector: inspector(), traffic: traffic(), prober: http, runner: shellRunner, clock: virtualClock(), log: log() }, request({ simulated: true }));
    expect(result.checks.filter((c) => c.group === "smoke").map((c) => c.status)).toEqual(["skip", "skip"]);
    expect(http.asked).toEqual([]);
  });

  it("runs the test command with the URLs and the outputs file in its environment, keeping its output redacted", async () => {
    await writeFile(join(workspace, "outputs.json"), "{}");
    const result = await verifyEnvironment(
      { inspector: inspector(), traffic: traffic(), prober: prober({}), runner: shellRunner, clock: virtualClock(), log: log() },
      request({ testCommand: 'echo "url=$PREVIEW_URL test=$PREVIEW_TEST_URL"; test -f "$PRENV_OUTPUTS" && echo "token s3cr3t-token"; exit 3' }),
    );
    expect(result.checks.at(-1)).toMatchObject({ name: "test command", status: "fail", detail: expect.stringMatching(/exited 3 after \d+s$/) });
    expect(result.testOutput).toBe("url=http://app.example test=http://app.example:8080\ntoken ***");
  });

  it("stops a test command at its timeout", async () => {
    const result = await verifyEnvironment(
      { inspector: inspector(), traffic: traffic(), prober: prober({}), runner: shellRunner, clock: virtualClock(), log: log() },
      request({ infrastructure: false, testCommand: "sleep 30", testTimeoutMs: 200 }),
    );
    expect(result.checks.at(-1)).toMatchObject({ status: "fail", detail: expect.stringMatching(/^`sleep 30` timed out/) });
  });

  it("turns an error while checking into a failed check, never an exception", async () => {
    const result = await verifyEnvironment(
      { inspector: inspector({ services: () => Promise.reject(new Error("AccessDenied: ecs:DescribeServices")) }), traffic: traffic(), prober: prober({}), runner: shellRunner, clock: virtualClock(), log: log() },
      request({ infrastructure: false }),
    );
    expect(result.checks[0]).toEqual({ name: "readiness", group: "readiness", status: "fail", detail: "AccessDenied: ecs:DescribeServices" });
  });
});

describe("AwsInspector", () => {
  const ecs = mockClient(ECSClient);
  const wafv2 = mockClient(WAFV2Client);
  const cloudwatch = mockClient(CloudWatchClient);
  const rds = mockClient(RDSClient);
  const logs = mockClient(CloudWatchLogsClient);
  const ecr = mockClient(ECRClient);
  beforeEach(() => [ecs, wafv2, cloudwatch, rds, logs, ecr].forEach((m) => m.reset()));

  it("reads every fact from its service", async () => {
    const aws = new AwsInspector(awsClients("us-east-1"), undefined);
    ecs.on(DescribeServicesCommand, { cluster: "c", services: ["b", "g"] }).resolves({
      services: [
        { serviceName: "b", status: "ACTIVE", runningCount: 2, desiredCount: 2, deployments: [{}] },
        { serviceName: "g", status: "ACTIVE", runningCount: 1, desiredCount: 2, deployments: [{}, {}] },
      ],
    });
    ecs.on(DescribeClustersCommand, { clusters: ["c"], include: ["SETTINGS"] }).resolves({ clusters: [{ status: "ACTIVE", settings: [{ name: "containerInsights", value: "enabled" }] }] });
    wafv2.on(GetWebACLForResourceCommand, { ResourceArn: "arn:alb" }).resolves({ WebACL: { ARN: "arn:acl", Name: "n", Id: "i", DefaultAction: {}, VisibilityConfig: undefined } });
    const names = alarmNames(identity, true);
    cloudwatch.on(DescribeAlarmsCommand, { AlarmNames: names }).resolves({ MetricAlarms: names.map((AlarmName) => ({ AlarmName })) });
    cloudwatch.on(GetDashboardCommand, { DashboardName: checkedNames.dashboard(identity) }).resolves({ DashboardArn: "arn:dash" });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ Status: "available", StorageEncrypted: true }] });
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: checkedNames.logGroup(identity), retentionInDays: 3 }] });
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [{ imageScanningConfiguration: { scanOnPush: true } }] });

    expect(await aws.services("c", { blue: "b", green: "g" })).toEqual({ blue: { running: 2, desired: 2, deployments: 1 }, green: { running: 1, desired: 2, deployments: 2 } });
    expect(await aws.wafAcl("arn:alb")).toEqual({ value: "arn:acl" });
    expect(await aws.alarms(names)).toEqual({ value: names });
    expect(await aws.dashboard(checkedNames.dashboard(identity))).toEqual({ value: true });
    expect(await aws.database(checkedNames.dbCluster(identity))).toEqual({ value: { status: "available", encrypted: true } });
    expect(await aws.logRetentionDays(checkedNames.logGroup(identity))).toEqual({ value: 3 });
    expect(await aws.scanOnPush("pr42-images")).toEqual({ value: true });
    expect(await aws.containerInsights("c")).toEqual({ value: true });
    expect(rds).toHaveReceivedCommandWith(DescribeDBClustersCommand, { DBClusterIdentifier: checkedNames.dbCluster(identity) });
  });

  it("reads 'not found' as a missing part, and an unimplemented API at AWS_ENDPOINT_URL as unsupported", async () => {
    const local = new AwsInspector(awsClients("us-east-1"), "http://127.0.0.1:4566");
    rds.on(DescribeDBClustersCommand).rejects(Object.assign(new Error("DBCluster not found"), { name: "DBClusterNotFoundFault" }));
    cloudwatch.on(GetDashboardCommand).rejects(Object.assign(new Error("not implemented"), { name: "NotImplemented", $metadata: { httpStatusCode: 501 } }));
    ecr.on(DescribeRepositoriesCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } }));
    expect(await local.database("db")).toEqual({ value: null });
    expect(await local.dashboard("d")).toEqual({ unavailable: "CloudWatch dashboard: not supported by the endpoint at AWS_ENDPOINT_URL (http://127.0.0.1:4566)", unsupported: true });
    expect(await local.scanOnPush("r")).toEqual({ unavailable: "ECR: AccessDeniedException: denied" });
    const real = new AwsInspector(awsClients("us-east-1"), undefined);
    expect(await real.dashboard("d")).toEqual({ unavailable: "CloudWatch dashboard: NotImplemented: not implemented" });
  });
});
