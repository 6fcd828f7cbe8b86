// The Engine, offline: the real stack program under Pulumi's mocks, with its state in a local
// folder (sandbox-store.ts). It honours what matters of Pulumi's semantics for prenv: one update
// at a time per stack, and `ignoreChanges`, so a promotion made on the listener survives the next
// deploy here exactly when it would on AWS. Everything it reports is simulated.
import { program } from "../../infra/program.ts";
import { STACK_OUTPUT_KEYS, type StackOutputs } from "../core/outputs.ts";
import type { Clock, DeployResult, Engine, StackSummary } from "../ports.ts";
import { runSandboxed, type SimulatedResource } from "./sandbox.ts";
import { cloudResources } from "./sandbox-inventory.ts";
import type { SandboxStore } from "./sandbox-store.ts";

/**
 * Where the sandbox can fail the way a real cloud does, for the fault tests and the chaos test:
 * `up-crash` dies halfway through an update (half the changes made, the state saved so far kept),
 * `destroy-dependency` fails a destroy on an AWS dependency error, `destroy-leak` destroys the stack
 * but leaves one resource behind, untracked.
 */
export const SANDBOX_FAULTS = ["up-crash", "destroy-dependency", "destroy-leak"] as const;
export type SandboxFault = (typeof SANDBOX_FAULTS)[number];

export interface SandboxEngineOptions {
  readonly project: string;
  readonly store: SandboxStore;
  readonly clock: Clock;
  /** Pretend an update takes this long (tests use it to overlap runs). */
  readonly delayMs?: number;
  readonly lockTimeoutMs?: number;
  /** Asked at each point that can fail; true injects that fault there. */
  readonly fault?: (fault: SandboxFault, stack: string) => boolean;
  /** Runs the program (the chaos test hands in a memoized one: the program is deterministic). */
  readonly run?: typeof runSandboxed;
}

const key = (resource: { type: string; name: string }) => `${resource.type}::${resource.name}`;

/** What Pulumi does with `ignoreChanges`: the ignored properties keep the values already in the state. */
function keepIgnored(next: SimulatedResource, before: SimulatedResource | undefined): SimulatedResource {
  if (!before || next.ignoreChanges.length === 0) return next;
  const inputs = { ...next.inputs };
  const state = { ...next.state };
  for (const property of next.ignoreChanges) {
    if (property in before.inputs) inputs[property] = before.inputs[property];
    if (property in before.state) state[property] = before.state[property];
  }
  return { ...next, inputs, state };
}

const toOutputs = (values: Readonly<Record<string, unknown>>): StackOutputs =>
  Object.fromEntries(STACK_OUTPUT_KEYS.map((k) => [k, typeof values[k] === "string" ? values[k] : ""])) as StackOutputs;

const changedInputs = (before: SimulatedResource, after: SimulatedResource) =>
  Object.keys({ ...before.inputs, ...after.inputs }).filter((p) => JSON.stringify(before.inputs[p]) !== JSON.stringify(after.inputs[p]));

export class SandboxEngine implements Engine {
  readonly simulated = true;
  private readonly options: SandboxEngineOptions;

  constructor(options: SandboxEngineOptions) {
    this.options = options;
  }

  async deploy(stack: string, config: Readonly<Record<string, string>>, onOutput: (line: string) => void): Promise<DeployResult> {
    const { project, store, clock } = this.options;
    return store.withLock(project, stack, this.lockOptions(), async () => {
      onOutput(`Updating (${stack}), simulated by the prenv sandbox: nothing is created in AWS`);
      const before = await store.read(project, stack);
      const run = await (this.options.run ?? runSandboxed)({ project, stack, config, program });
      if (this.options.delayMs) await clock.sleep(this.options.delayMs);
      const previous = new Map((before?.resources ?? []).map((r) => [key(r), r]));
      const resources = run.resources.map((r) => keepIgnored(r, previous.get(key(r))));
      if (this.options.fault?.("up-crash", stack)) {
        // Half the update happened: what was made so far is in the state, the outputs are the old ones.
        const made = resources.slice(0, Math.ceil(resources.length / 2));
        const kept = (before?.resources ?? []).filter((r) => !made.some((m) => key(m) === key(r)));
        onOutput(` +  ${made.length} resources created or updated before the crash`);
        await store.write({ project, stack, updatedAt: clock.now().toISOString(), config, outputs: before?.outputs ?? toOutputs({}), resources: [...kept, ...made] });
        throw new Error("pulumi up stopped halfway: the engine process was killed (simulated crash)");
      }
      const counts = { created: 0, updated: 0, deleted: 0, unchanged: 0 };
      for (const resource of resources.filter((r) => r.custom)) {
        const old = previous.get(key(resource));
        previous.delete(key(resource));
        const changed = old ? changedInputs(old, resource) : [];
        if (!old) {
          counts.created++;
          onOutput(` +  ${resource.type} ${resource.name} created`);
        } else if (changed.length > 0) {
          counts.updated++;
          onOutput(` ~  ${resource.type} ${resource.name} updated [diff: ~${changed.join(",~")}]`);
        } else counts.unchanged++;
      }
      for (const gone of [...previous.values()].filter((r) => r.custom)) {
        counts.deleted++;
        onOutput(` -  ${gone.type} ${gone.name} deleted`);
      }
      onOutput(`Resources: ${counts.created} created, ${counts.updated} updated, ${counts.deleted} deleted, ${counts.unchanged} unchanged`);
      const outputs = toOutputs(run.outputs);
      await store.write({ project, stack, updatedAt: clock.now().toISOString(), config, outputs, resources });
      return { outputs, resources: resources.filter((r) => r.custom) };
    });
  }

  async destroy(stack: string, onOutput: (line: string) => void): Promise<boolean> {
    const { project, store, clock } = this.options;
    return store.withLock(project, stack, this.lockOptions(), async () => {
      const before = await store.read(project, stack);
      if (!before) {
        onOutput(`stack ${stack} does not exist in the sandbox: nothing to destroy`);
        return false;
      }
      if (this.options.delayMs) await clock.sleep(this.options.delayMs);
      if (this.options.fault?.("destroy-dependency", stack)) {
        const subnet = before.resources.find((r) => r.type === "aws:ec2/subnet:Subnet")?.id ?? "subnet-0";
        throw new Error(
          `deleting urn:pulumi:${stack}::${project}::aws:ec2/subnet:Subnet: operation error EC2: DeleteSubnet, ` +
            `api error DependencyViolation: The subnet '${subnet}' has dependencies and cannot be deleted. (simulated)`,
        );
      }
      const cloud = before.resources.filter((r) => r.custom);
      const leaked = this.options.fault?.("destroy-leak", stack) ? cloudResources(stack, cloud).slice(-1) : [];
      if (leaked.length > 0) await store.setOrphans(project, [...(await store.orphans(project)), ...leaked]);
      for (const resource of [...cloud].reverse()) onOutput(` -  ${resource.type} ${resource.name} deleted`);
      onOutput(`Resources: ${cloud.length} deleted (simulated by the prenv sandbox)`);
      return store.remove(project, stack);
    });
  }

  async listStacks(): Promise<StackSummary[]> {
    const stacks = await this.options.store.list();
    return stacks.filter((s) => s.project === this.options.project).map((s) => ({ name: s.stack, updatedAt: s.updatedAt }));
  }

  async outputs(stack: string): Promise<StackOutputs | undefined> {
    return (await this.options.store.read(this.options.project, stack))?.outputs;
  }

  private lockOptions() {
    return { clock: this.options.clock, ...(this.options.lockTimeoutMs !== undefined ? { timeoutMs: this.options.lockTimeoutMs } : {}) };
  }
}
