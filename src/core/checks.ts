// What "the environment works" means, as named checks with results. The adapters gather facts
// (ECS, ELBv2, WAF, CloudWatch, RDS, ECR, HTTP, the user's test command); the rules that turn
// facts into pass, fail or skip live here, and so do the check run's and the comment's summaries.
import type { Color } from "./naming.ts";
import { COLORS } from "./naming.ts";
import { describeHealth, readyForTraffic, type TargetHealthCounts } from "./traffic.ts";

export type CheckStatus = "pass" | "fail" | "skip";
export type CheckGroup = "readiness" | "smoke" | "infrastructure" | "tests";

export interface CheckResult {
  readonly name: string;
  readonly group: CheckGroup;
  readonly status: CheckStatus;
  readonly detail: string;
}

/** A fact an adapter could read, or why it could not. */
export type Fact<T> = { readonly value: T } | { readonly unavailable: string; readonly unsupported?: boolean };

export const known = <T>(fact: Fact<T>): fact is { value: T } => "value" in fact;

export interface ServiceState {
  readonly running: number;
  readonly desired: number;
  /** Deployments in flight; a steady service has exactly one, its primary. */
  readonly deployments: number;
}

export interface ReadinessFacts {
  readonly services: Readonly<Record<Color, ServiceState | undefined>>;
  readonly targets: Readonly<Record<Color, TargetHealthCounts>>;
}

export const serviceSteady = (s: ServiceState | undefined) => s !== undefined && s.desired > 0 && s.running === s.desired && s.deployments === 1;

/** Ready to test: both services steady, both colours' targets healthy. */
export function readinessChecks(facts: ReadinessFacts): CheckResult[] {
  return COLORS.flatMap((color): CheckResult[] => {
    const service = facts.services[color];
    const targets = facts.targets[color];
    return [
      {
        name: `${color} service steady`,
        group: "readiness",
        status: serviceSteady(service) ? "pass" : "fail",
        detail: service ? `${service.running}/${service.desired} tasks running, ${service.deployments} deployment${service.deployments === 1 ? "" : "s"}` : "service not found",
      },
      { name: `${color} targets healthy`, group: "readiness", status: readyForTraffic(targets) ? "pass" : "fail", detail: describeHealth(targets) },
    ];
  });
}

export const isReady = (facts: ReadinessFacts) => readinessChecks(facts).every((check) => check.status === "pass");

export interface ProbeResult {
  readonly url: string;
  readonly status?: number;
  readonly latencyMs?: number;
  readonly attempts: number;
  readonly error?: string;
}

export function smokeCheck(name: string, probe: ProbeResult): CheckResult {
  const ok = probe.status !== undefined && probe.status < 400;
  const timing = probe.latencyMs !== undefined ? ` in ${Math.round(probe.latencyMs)} ms` : "";
  const tries = probe.attempts > 1 ? ` (attempt ${probe.attempts})` : "";
  return {
    name,
    group: "smoke",
    status: ok ? "pass" : "fail",
    detail: probe.status !== undefined ? `GET ${probe.url}: ${probe.status}${timing}${tries}` : `GET ${probe.url}: ${probe.error ?? "no answer"}${tries}`,
  };
}

export interface InfrastructureFacts {
  /** The web ACL associated with the ALB (null: none), when the stack has a WAF. */
  readonly waf?: Fact<string | null>;
  readonly expectedWafAcl?: string;
  readonly alarms: Fact<readonly string[]>;
  readonly expectedAlarms: readonly string[];
  readonly dashboard: Fact<boolean>;
  /** The database cluster (null: not found), when the stack has one. */
  readonly database?: Fact<{ readonly status: string; readonly encrypted: boolean } | null>;
  readonly logRetentionDays: Fact<number | null>;
  readonly expectedLogRetentionDays: number;
  readonly scanOnPush: Fact<boolean | null>;
  readonly containerInsights: Fact<boolean | null>;
}

/** One infrastructure check: pass or fail from a known fact, skip when it could not be read. */
function infra<T>(name: string, fact: Fact<T> | undefined, judge: (value: T) => [boolean, string], absent = "not part of this stack"): CheckResult {
  if (fact === undefined) return { name, group: "infrastructure", status: "skip", detail: absent };
  if (!known(fact)) {
    const missing = fact as { unavailable: string; unsupported?: boolean };
    return { name, group: "infrastructure", status: missing.unsupported ? "skip" : "fail", detail: missing.unavailable };
  }
  const [ok, detail] = judge(fact.value);
  return { name, group: "infrastructure", status: ok ? "pass" : "fail", detail };
}

export function infrastructureChecks(facts: InfrastructureFacts): CheckResult[] {
  return [
    infra("WAF web ACL on the ALB", facts.waf, (acl) =>
      acl === facts.expectedWafAcl ? [true, "associated"] : [false, acl ? `the ALB has another web ACL (${acl})` : "no web ACL associated"],
    ),
    infra("alarms present", facts.alarms, (found) => {
      const missing = facts.expectedAlarms.filter((name) => !found.includes(name));
      return missing.length === 0 ? [true, `${facts.expectedAlarms.length} alarms`] : [false, `missing: ${missing.join(", ")}`];
    }),
    infra("dashboard present", facts.dashboard, (exists) => [exists, exists ? "found" : "not found"]),
    infra("database available and encrypted", facts.database, (db) =>
      db === null ? [false, "cluster not found"] : [db.status === "available" && db.encrypted, `${db.status}, ${db.encrypted ? "encrypted" : "NOT encrypted"}`],
    ),
    infra("log retention", facts.logRetentionDays, (days) =>
      days === facts.expectedLogRetentionDays ? [true, `${days} days`] : [false, days === null ? "log group not found or never expires" : `${days} days, expected ${facts.expectedLogRetentionDays}`],
    ),
    infra("ECR scan on push", facts.scanOnPush, (on) => [on === true, on === null ? "repository not found" : on ? "on" : "off"]),
    infra("Container Insights", facts.containerInsights, (on) => [on === true, on === null ? "cluster not found" : on ? "on" : "off"]),
  ];
}

export function testCommandCheck(result: { exitCode: number | null; timedOut: boolean; durationMs: number; command: string }): CheckResult {
  const seconds = `${Math.round(result.durationMs / 1000)}s`;
  return {
    name: "test command",
    group: "tests",
    status: !result.timedOut && result.exitCode === 0 ? "pass" : "fail",
    detail: result.timedOut ? `\`${result.command}\` timed out after ${seconds}` : `\`${result.command}\` exited ${result.exitCode ?? "by a signal"} after ${seconds}`,
  };
}

export interface CheckSummary {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly failing: readonly string[];
}

export function summarize(checks: readonly CheckResult[]): CheckSummary {
  return {
    passed: checks.filter((c) => c.status === "pass").length,
    failed: checks.filter((c) => c.status === "fail").length,
    skipped: checks.filter((c) => c.status === "skip").length,
    failing: checks.filter((c) => c.status === "fail").map((c) => c.name),
  };
}

const ICON: Readonly<Record<CheckStatus, string>> = { pass: "✅", fail: "❌", skip: "⏭️" };

/** One line: "12 passed, 1 failed (blue targets healthy), 2 skipped". */
export function summaryLine(summary: CheckSummary): string {
  return [
    `${summary.passed} passed`,
    `${summary.failed} failed${summary.failing.length > 0 ? ` (${summary.failing.join(", ")})` : ""}`,
    ...(summary.skipped > 0 ? [`${summary.skipped} skipped`] : []),
  ].join(", ");
}

/** The check run's summary: a table of every check, and the test command's output if there is one. */
export function checkRunSummary(checks: readonly CheckResult[], testOutput?: string): string {
  const escapeCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const table = [
    "| | Check | Group | Result |",
    "|---|---|---|---|",
    ...checks.map((c) => `| ${ICON[c.status]} | ${escapeCell(c.name)} | ${c.group} | ${escapeCell(c.detail)} |`),
  ].join("\n");
  const output = testOutput ? `\n\n<details><summary>Test command output (secrets redacted)</summary>\n\n\`\`\`text\n${testOutput}\n\`\`\`\n\n</details>` : "";
  // GitHub caps a check run's summary at 65,535 characters.
  const limit = 65_000;
  return (table + output).length <= limit ? table + output : `${(table + output).slice(0, limit)}\n…(cut to fit)`;
}

export { ICON as CHECK_ICONS };
