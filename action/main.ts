// The GitHub Action: read the inputs and the event, hand them to the lifecycle, report the result.
// Nothing is decided here; every rule lives in src/.
import * as core from "@actions/core";
import { context } from "@actions/github";
import { BadInputError } from "../src/core/errors.ts";
import { decide, needsEngine } from "../src/core/event.ts";
import { engineProblems, type InputName, parseSettings } from "../src/core/settings.ts";
import { runLifecycle } from "../src/lifecycle.ts";
import type { Log } from "../src/ports.ts";
import { createPorts, secretsOf } from "../src/wiring.ts";

const log: Log = {
  info: (message) => core.info(message),
  warn: (message) => core.warning(message),
  group: (title, fn) => core.group(title, fn),
};

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const repo = `${context.repo.owner}/${context.repo.repo}`;
  const settings = parseSettings((name: InputName) => core.getInput(name), repo);
  const secrets = secretsOf(settings, env);
  secrets.forEach((secret) => core.setSecret(secret));

  const intent = decide(context.eventName, context.payload, {
    deployDrafts: settings.deployDrafts,
    approveLabel: settings.approveLabel,
    maxExtendMs: settings.maxTtlMs,
  });
  if (needsEngine(intent)) {
    const problems = engineProblems(settings, env);
    if (problems.length > 0) throw new BadInputError(problems);
  }

  const workspace = env["GITHUB_WORKSPACE"] ?? process.cwd();
  const ports = createPorts({ settings, repo, githubApiUrl: context.apiUrl, log, workspace, env });
  const runUrl = `${context.serverUrl}/${repo}/actions/runs/${context.runId}${context.runAttempt > 1 ? `/attempts/${context.runAttempt}` : ""}`;
  const result = await runLifecycle(intent, ports, { repo, runUrl, settings, secrets, workspace });

  core.setOutput("operation", result.operation);
  core.setOutput("stack-name", result.stack ?? "");
  if (result.outputs) {
    core.setOutput("app-url", result.outputs.appUrl);
    core.setOutput("test-url", result.outputs.testUrl);
    core.setOutput("dashboard-url", result.outputs.dashboardUrl);
    core.setOutput("outputs-file", result.outputsFile ?? "");
  }
  if (result.failure) core.setFailed(result.failure);
}

run().catch((error: unknown) => {
  // A user's mistake gets its message; anything else gets its message too, never a stack trace.
  core.setFailed(error instanceof BadInputError ? `prenv: ${error.problems.join("; ")}` : `prenv failed: ${error instanceof Error ? error.message : String(error)}`);
});
