// Does the environment work? Wait (bounded) until both colours are steady and healthy, GET the
// app and test URLs, check the parts of the stack that matter, and run the user's test command.
// Shared by the deploy (whose results become a check run and a section of the comment) and by
// `prenv verify`.
import {
  type CheckResult,
  infrastructureChecks,
  isReady,
  type ProbeResult,
  type ReadinessFacts,
  readinessChecks,
  smokeCheck,
  testCommandCheck,
} from "./core/checks.ts";
import { formatDuration } from "./core/duration.ts";
import { alarmNames, checkedNames, COLORS, type StackIdentity } from "./core/naming.ts";
import type { StackOutputs } from "./core/outputs.ts";
import { PROFILES, type ProfileName } from "./core/profiles.ts";
import { redact } from "./core/redact.ts";
import { describeHealth } from "./core/traffic.ts";
import type { CheckPorts, Clock, Log, Traffic } from "./ports.ts";

export interface VerifyRequest {
  readonly identity: StackIdentity;
  readonly outputs: StackOutputs;
  /** Where cfn-outputs/flat-outputs.json is, for the test command (PRENV_OUTPUTS). */
  readonly outputsFile: string;
  readonly profile: ProfileName;
  readonly healthPath: string;
  /** False for a user's own program: its resources are not prenv's to check by name. */
  readonly infrastructure: boolean;
  /** The sandbox's URLs do not resolve: the smoke checks are skipped, saying so. */
  readonly simulated: boolean;
  readonly readinessTimeoutMs: number;
  readonly testCommand?: string;
  readonly testTimeoutMs: number;
  readonly workspace: string;
  readonly secrets: readonly string[];
}

export interface Verification {
  readonly checks: readonly CheckResult[];
  /** The test command's output, redacted and trimmed to its end. */
  readonly testOutput?: string;
}

export interface VerifyPorts extends CheckPorts {
  readonly traffic: Traffic;
  readonly clock: Clock;
  readonly log: Log;
}

const POLL_MS = 10_000;
const PROBE = { attempts: 5, timeoutMs: 10_000, firstBackoffMs: 2_000 };
const TEST_OUTPUT_LINES = 200;

async function readiness(ports: VerifyPorts, request: VerifyRequest): Promise<CheckResult[]> {
  const { outputs } = request;
  const started = ports.clock.now().getTime();
  const read = async (): Promise<ReadinessFacts> => {
    const [services, blue, green] = await Promise.all([
      ports.inspector.services(outputs.clusterName, { blue: outputs.blueServiceName, green: outputs.greenServiceName }),
      ports.traffic.health(outputs.blueTargetGroupArn),
      ports.traffic.health(outputs.greenTargetGroupArn),
    ]);
    return { services, targets: { blue, green } };
  };
  let facts = await read();
  while (!isReady(facts) && ports.clock.now().getTime() - started < request.readinessTimeoutMs) {
    const waited = formatDuration(ports.clock.now().getTime() - started);
    ports.log.info(
      `waiting for the environment (${waited}): ${COLORS.map((c) => `${c} ${facts.services[c] ? `${facts.services[c].running}/${facts.services[c].desired} running` : "no service"}, targets ${describeHealth(facts.targets[c])}`).join("; ")}`,
    );
    await ports.clock.sleep(POLL_MS);
    facts = await read();
  }
  return readinessChecks(facts);
}

async function probe(ports: VerifyPorts, url: string): Promise<ProbeResult> {
  let last: ProbeResult = { url, attempts: 0 };
  for (let attempt = 1; attempt <= PROBE.attempts; attempt++) {
    try {
      const { status, latencyMs } = await ports.prober.get(url, PROBE.timeoutMs);
      last = { url, status, latencyMs, attempts: attempt };
      if (status < 400) return last;
    } catch (error) {
      last = { url, attempts: attempt, error: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) };
    }
    if (attempt < PROBE.attempts) await ports.clock.sleep(PROBE.firstBackoffMs * 2 ** (attempt - 1));
  }
  return last;
}

async function smoke(ports: VerifyPorts, request: VerifyRequest): Promise<CheckResult[]> {
  const targets = [
    ["app URL answers", request.outputs.appUrl],
    ["test URL answers", request.outputs.testUrl],
  ] as const;
  if (request.simulated) {
    return targets.map(([name]) => ({ name, group: "smoke" as const, status: "skip" as const, detail: "simulated: the sandbox's URLs do not resolve" }));
  }
  const path = request.healthPath.startsWith("/") ? request.healthPath : `/${request.healthPath}`;
  return Promise.all(targets.map(async ([name, base]) => smokeCheck(name, await probe(ports, `${base.replace(/\/+$/, "")}${path}`))));
}

async function infrastructure(ports: VerifyPorts, request: VerifyRequest): Promise<CheckResult[]> {
  const { identity, outputs } = request;
  const hasDatabase = outputs.dbEndpoint !== "";
  const expectedAlarms = alarmNames(identity, hasDatabase);
  const repository = outputs.ecrRepositoryUrl.split("/").slice(1).join("/") || checkedNames.repository(identity);
  const [waf, alarms, dashboard, database, logRetentionDays, scanOnPush, containerInsights] = await Promise.all([
    outputs.wafAclArn ? ports.inspector.wafAcl(outputs.albArn) : undefined,
    ports.inspector.alarms(expectedAlarms),
    ports.inspector.dashboard(checkedNames.dashboard(identity)),
    hasDatabase ? ports.inspector.database(checkedNames.dbCluster(identity)) : undefined,
    ports.inspector.logRetentionDays(checkedNames.logGroup(identity)),
    ports.inspector.scanOnPush(repository),
    ports.inspector.containerInsights(outputs.clusterName),
  ]);
  return infrastructureChecks({
    ...(waf ? { waf, expectedWafAcl: outputs.wafAclArn } : {}),
    alarms,
    expectedAlarms,
    dashboard,
    ...(database ? { database } : {}),
    logRetentionDays,
    expectedLogRetentionDays: PROFILES[request.profile].logRetentionDays,
    scanOnPush,
    containerInsights,
  });
}

async function tests(ports: VerifyPorts, request: VerifyRequest): Promise<{ check: CheckResult; output: string } | undefined> {
  if (!request.testCommand) return undefined;
  const result = await ports.runner.run(request.testCommand, {
    env: { PREVIEW_URL: request.outputs.appUrl, PREVIEW_TEST_URL: request.outputs.testUrl, PRENV_OUTPUTS: request.outputsFile },
    timeoutMs: request.testTimeoutMs,
    cwd: request.workspace,
    secrets: request.secrets,
  });
  // Redacted again: a Runner that is not prenv's shell runner may not have masked them.
  const output = redact(result.output, request.secrets).split("\n").slice(-TEST_OUTPUT_LINES).join("\n").trim();
  return { check: testCommandCheck({ ...result, command: request.testCommand }), output };
}

/** Runs every check; a check that cannot run is a failed check, never an exception. No detail shows a secret. */
export async function verifyEnvironment(ports: VerifyPorts, request: VerifyRequest): Promise<Verification> {
  const guarded = async (group: CheckResult["group"], name: string, run: () => Promise<CheckResult[]>): Promise<CheckResult[]> => {
    try {
      return await run();
    } catch (error) {
      return [{ name, group, status: "fail", detail: error instanceof Error ? error.message : String(error) }];
    }
  };
  const ready = await guarded("readiness", "readiness", () => readiness(ports, request));
  const [smokeChecks, infraChecks] = await Promise.all([
    guarded("smoke", "smoke checks", () => smoke(ports, request)),
    request.infrastructure ? guarded("infrastructure", "infrastructure checks", () => infrastructure(ports, request)) : Promise.resolve([]),
  ]);
  let testRun: { check: CheckResult; output: string } | undefined;
  try {
    testRun = await tests(ports, request);
  } catch (error) {
    testRun = { check: { name: "test command", group: "tests", status: "fail", detail: error instanceof Error ? error.message : String(error) }, output: "" };
  }
  const checks = [...ready, ...smokeChecks, ...infraChecks, ...(testRun ? [testRun.check] : [])];
  return {
    checks: checks.map((check) => ({ ...check, detail: redact(check.detail, request.secrets) })),
    ...(testRun?.output ? { testOutput: testRun.output } : {}),
  };
}
