// An Intent and the ports in, the steps of a PR environment's life out, in order. The Action, the
// App and the CLI all come through here; what to do is decided in src/core, how to talk to the
// world is the ports' business.
import type { Intent } from "./core/event.ts";
import { runCommand } from "./commands.ts";
import { localOperations } from "./operations.ts";
import { REAP_LOOKBACK_MS, reap } from "./reap.ts";
import type { Ports } from "./ports.ts";
import { type LifecycleContext, Run, type RunResult } from "./run.ts";

export type { LifecycleContext, Operation, RunResult, Step } from "./run.ts";

export async function runLifecycle(intent: Intent, ports: Ports, context: LifecycleContext): Promise<RunResult> {
  const run = new Run(ports, { ...context, operations: context.operations ?? localOperations });
  ports.log.info(`prenv: ${intent.kind}${"pr" in intent && intent.pr ? ` PR #${intent.pr}` : ""}: ${intent.reason}`);
  switch (intent.kind) {
    case "deploy":
      return run.operations.deploy(run, intent.pr, intent.sha);
    case "destroy":
      return run.operations.destroy(run, intent.pr, intent.reason);
    case "command":
      return runCommand(run, intent);
    case "reap":
      return reap(run, { dryRun: intent.dryRun ?? false, deleteOrphans: context.settings.deleteOrphans, lookbackMs: REAP_LOOKBACK_MS });
    case "ignore":
      run.note("ignore", intent.reason);
      return { operation: "none", steps: run.steps };
  }
}
