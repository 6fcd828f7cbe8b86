// The Engine over Pulumi's Automation API: project named from the repo, stack `pr-N`, the built-in
// stack as an inline program (or the user's own program folder), state in the configured backend.
// A stack locked by another update is waited for with backoff, then reported with
// how to clear a stale lock.
import { automation } from "@pulumi/pulumi";
import { program } from "../../infra/program.ts";
import { STACK_OUTPUT_KEYS, type StackOutputs } from "../core/outputs.ts";
import type { PlannedResource } from "../core/planned-resource.ts";
import type { Clock, DeployResult, Engine, StackSummary } from "../ports.ts";

type Stack = automation.Stack;

/** What the Automation API needs of the CLI; tests hand in a stand-in that records the calls. */
export type PulumiCli = automation.PulumiCommand;

export interface AutomationEngineOptions {
  readonly project: string;
  /** `s3://…`, `file://…`, …; undefined: Pulumi Cloud, with PULUMI_ACCESS_TOKEN from the environment. */
  readonly backendUrl?: string;
  /** Absolute path of the user's own Pulumi program; undefined runs the built-in stack inline. */
  readonly programDir?: string;
  /** Where to look for (or install) the CLI; undefined: `pulumi` on PATH, installed when missing. */
  readonly cliRoot?: string;
  /** A ready CLI (tests). */
  readonly cli?: PulumiCli;
  readonly clock: Clock;
  readonly log: (message: string) => void;
  /** How long to wait for another update's lock (default 10 minutes). */
  readonly lockTimeoutMs?: number;
}

const LOCK_BACKOFF_MS = [5_000, 10_000, 20_000, 40_000, 60_000];

export class AutomationEngine implements Engine {
  readonly simulated = false;
  private readonly options: AutomationEngineOptions;
  private cli: Promise<PulumiCli> | undefined;

  constructor(options: AutomationEngineOptions) {
    this.options = options;
  }

  async deploy(stackName: string, config: Readonly<Record<string, string>>, onOutput: (line: string) => void): Promise<DeployResult> {
    return this.waitingForLock(stackName, async () => {
      const stack = await this.stack(stackName, "create");
      await stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([key, value]) => [key, { value }])));
      const result = await stack.up({ onOutput, color: "never" });
      const exported = await stack.exportStack();
      return { outputs: toOutputs(result.outputs), resources: toResources(exported.deployment) };
    });
  }

  async destroy(stackName: string, onOutput: (line: string) => void): Promise<boolean> {
    return this.waitingForLock(stackName, async () => {
      let stack: Stack;
      try {
        stack = await this.stack(stackName, "select");
      } catch (error) {
        if (error instanceof automation.StackNotFoundError) return false;
        throw error;
      }
      await stack.destroy({ onOutput, color: "never" });
      await stack.workspace.removeStack(stackName);
      return true;
    });
  }

  async outputs(stackName: string): Promise<StackOutputs | undefined> {
    try {
      const stack = await this.stack(stackName, "select");
      return toOutputs(await stack.outputs());
    } catch (error) {
      if (error instanceof automation.StackNotFoundError) return undefined;
      throw error;
    }
  }

  async listStacks(): Promise<StackSummary[]> {
    const stacks = await (await this.workspace()).listStacks();
    return stacks.map((stack) => {
      const updated = stack.lastUpdate ? Date.parse(stack.lastUpdate) : NaN;
      return { name: stack.name, ...(Number.isFinite(updated) ? { updatedAt: new Date(updated).toISOString() } : {}) };
    });
  }

  /** The CLI: the one handed in, the one found, or (on a fresh runner) a freshly installed one. */
  private command(): Promise<PulumiCli> {
    this.cli ??= (async () => {
      if (this.options.cli) return this.options.cli;
      const { PulumiCommand } = automation;
      const where = this.options.cliRoot ? { root: this.options.cliRoot } : {};
      try {
        return await PulumiCommand.get(where);
      } catch {
        this.options.log("Pulumi CLI not found: installing it");
        return PulumiCommand.install(where);
      }
    })();
    return this.cli;
  }

  /** The workspace options: the CLI, the backend, and the project (the built-in one, unless the user has their own program). */
  private async workspaceOptions(): Promise<automation.LocalWorkspaceOptions> {
    const { project, backendUrl, programDir } = this.options;
    return {
      pulumiCommand: await this.command(),
      ...(backendUrl ? { envVars: { PULUMI_BACKEND_URL: backendUrl } } : {}),
      ...(programDir
        ? { workDir: programDir }
        : { program, projectSettings: { name: project, runtime: "nodejs" as const, ...(backendUrl ? { backend: { url: backendUrl } } : {}) } }),
    };
  }

  private async workspace(): Promise<automation.LocalWorkspace> {
    return automation.LocalWorkspace.create(await this.workspaceOptions());
  }

  private async stack(stackName: string, mode: "create" | "select"): Promise<Stack> {
    const { LocalWorkspace } = automation;
    const options = await this.workspaceOptions();
    if (this.options.programDir) {
      const args = { stackName, workDir: this.options.programDir };
      return mode === "create" ? LocalWorkspace.createOrSelectStack(args, options) : LocalWorkspace.selectStack(args, options);
    }
    const args = { stackName, projectName: this.options.project, program };
    return mode === "create" ? LocalWorkspace.createOrSelectStack(args, options) : LocalWorkspace.selectStack(args, options);
  }

  private async waitingForLock<T>(stackName: string, fn: () => Promise<T>): Promise<T> {
    const { ConcurrentUpdateError } = automation;
    const { clock } = this.options;
    const timeoutMs = this.options.lockTimeoutMs ?? 600_000;
    const started = clock.now().getTime();
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        if (!(error instanceof ConcurrentUpdateError)) throw error;
        const waited = clock.now().getTime() - started;
        if (waited >= timeoutMs) throw new Error(lockedMessage(stackName, waited, this.options.backendUrl), { cause: error });
        const delay = LOCK_BACKOFF_MS[Math.min(attempt, LOCK_BACKOFF_MS.length - 1)]!;
        this.options.log(`stack ${stackName} is locked by another update; waiting ${delay / 1000}s`);
        await clock.sleep(delay);
      }
    }
  }
}

export function lockedMessage(stackName: string, waitedMs: number, backendUrl: string | undefined): string {
  const clear = backendUrl
    ? `delete the stack's lock file under .pulumi/locks/ in ${backendUrl}`
    : `run \`pulumi cancel --stack ${stackName} --yes\``;
  return (
    `stack ${stackName} is locked by another update (waited ${Math.round(waitedMs / 1000)}s). ` +
    `If no other prenv run is deploying or destroying this PR, the lock is stale: ${clear}, then re-run this workflow.`
  );
}

function toOutputs(outputs: automation.OutputMap): StackOutputs {
  return Object.fromEntries(
    STACK_OUTPUT_KEYS.map((key) => {
      const value = outputs[key]?.value as unknown;
      return [key, typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value)];
    }),
  ) as StackOutputs;
}

interface ExportedResource {
  urn: string;
  type: string;
  custom?: boolean;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

function toResources(deployment: unknown): PlannedResource[] {
  const resources = ((deployment as { resources?: ExportedResource[] } | undefined)?.resources ?? []);
  return resources
    .filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))
    .map((r) => ({ type: r.type, name: r.urn.split("::").pop() ?? r.urn, id: r.id ?? "", inputs: r.inputs ?? {}, state: r.outputs ?? {} }));
}
