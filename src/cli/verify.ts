// `prenv verify`: the deploy's integration checks from a terminal. Exit 0 when every check
// passes, 1 when any fails. The stack's outputs come from --outputs FILE, else from the engine.
import { resolve } from "node:path";
import { CHECK_ICONS, type CheckResult, summarize, summaryLine } from "../core/checks.ts";
import { parseDuration } from "../core/duration.ts";
import { BadInputError } from "../core/errors.ts";
import { stackName } from "../core/naming.ts";
import { parseStackConfig } from "../core/stack-config.ts";
import type { Traffic, TrafficTarget } from "../ports.ts";
import { readTraffic } from "../traffic.ts";
import { verifyEnvironment } from "../verify.ts";
import { systemClock } from "../clock.ts";
import { secretsOf } from "../wiring.ts";
import { cliPorts, type CliCommand, flag, githubTokenOf, readOutputsFile, SANDBOX_FLAG, stackOf, trafficProblem } from "./common.ts";

const durationFlag = (value: string | undefined, name: string, fallback: string) => {
  const ms = parseDuration(value ?? fallback);
  if (ms === undefined) throw new BadInputError(`--${name} must be a duration like 10m (got "${value}")`);
  return ms;
};

/**
 * Whether the outputs file's listener carries this PR's and repo's tags, as `prenv promote` checks:
 * another PR's is the user's mistake (exit 2); a listener that is gone is returned as the problem.
 */
async function ownerProblem(traffic: Traffic, target: TrafficTarget): Promise<string | undefined> {
  try {
    await readTraffic(traffic, target, true);
    return undefined;
  } catch (error) {
    return trafficProblem(error);
  }
}

export const verify: CliCommand = {
  summary: "run a PR environment's integration checks: readiness, HTTP, infrastructure, your tests",
  usage:
    "prenv verify --pr N [--outputs FILE] [--profile preview|production] [--health-path /healthz] [--test-command CMD]\n" +
    "             [--timeout 10m] [--test-timeout 15m] [--repo owner/name] [--region R] [--sandbox] [--json]",
  options: {
    pr: { type: "string" },
    repo: { type: "string" },
    region: { type: "string" },
    outputs: { type: "string" },
    profile: { type: "string" },
    "health-path": { type: "string" },
    "test-command": { type: "string" },
    timeout: { type: "string" },
    "test-timeout": { type: "string" },
    "backend-url": { type: "string" },
    json: { type: "boolean" },
    ...SANDBOX_FLAG,
  },
  async run(values, io) {
    const stack = stackOf(values, io);
    const config = parseStackConfig({ pr: String(stack.pr), repo: stack.repo, region: stack.region, profile: flag(values, "profile"), healthPath: flag(values, "health-path") });
    const readinessTimeoutMs = durationFlag(flag(values, "timeout"), "timeout", "10m");
    const testTimeoutMs = durationFlag(flag(values, "test-timeout"), "test-timeout", "15m");
    const cwd = io.cwd ?? process.cwd();
    const outputsPath = resolve(cwd, flag(values, "outputs") ?? "cfn-outputs/flat-outputs.json");
    const ports = cliPorts(values, io, stack);
    const outputs = flag(values, "outputs") ? await readOutputsFile(outputsPath) : await ports.engine.outputs(stackName(stack.pr));
    if (!outputs) {
      io.stderr(`prenv verify: ${stackName(stack.pr)} has no outputs: it is not deployed (or give --outputs FILE)\n`);
      return 1;
    }
    const problem = flag(values, "outputs") ? await ownerProblem(ports.traffic, { repo: stack.repo, pr: stack.pr, outputs }) : undefined;
    if (problem) {
      io.stderr(`prenv verify: ${problem}\n`);
      return 1;
    }
    const progress = (message: string) => (values["json"] ? undefined : io.stderr(`${message}\n`));
    const result = await verifyEnvironment(
      { ...ports.checks, traffic: ports.traffic, clock: systemClock, log: { info: progress, warn: progress, group: (_t, fn) => fn() } },
      {
        identity: config.identity,
        outputs,
        outputsFile: outputsPath,
        profile: config.profile,
        healthPath: config.healthPath,
        infrastructure: true,
        simulated: ports.engine.simulated,
        readinessTimeoutMs,
        ...(flag(values, "test-command") ? { testCommand: flag(values, "test-command")! } : {}),
        testTimeoutMs,
        workspace: cwd,
        // secretsOf reads only the token of the settings; verify has no other settings.
        secrets: secretsOf({ githubToken: githubTokenOf(io.env) ?? "" }, io.env),
      },
    );
    const summary = summarize(result.checks);
    if (values["json"]) {
      io.stdout(`${JSON.stringify({ stack: stackName(stack.pr), summary, checks: result.checks, testOutput: result.testOutput }, null, 2)}\n`);
    } else {
      const width = Math.max(...result.checks.map((c) => c.name.length));
      const line = (c: CheckResult) => `  ${CHECK_ICONS[c.status]} ${c.name.padEnd(width)}  ${c.detail}`;
      io.stdout(`${stackName(stack.pr)} of ${stack.repo}: ${summaryLine(summary)}\n${result.checks.map(line).join("\n")}\n`);
    }
    return summary.failed === 0 ? 0 : 1;
  },
};
