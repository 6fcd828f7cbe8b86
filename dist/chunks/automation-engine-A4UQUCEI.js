import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  program,
  require_pulumi
} from "./chunk-U3YDLUO7.js";
import {
  STACK_OUTPUT_KEYS
} from "./chunk-3IBA37ZF.js";
import "./chunk-4O2OTYLT.js";
import "./chunk-SGK2CS55.js";
import {
  __toESM
} from "./chunk-WKVD46MP.js";

// src/pulumi/automation-engine.ts
var import_pulumi = __toESM(require_pulumi(), 1);
var LOCK_BACKOFF_MS = [5e3, 1e4, 2e4, 4e4, 6e4];
var AutomationEngine = class {
  simulated = false;
  options;
  cli;
  constructor(options) {
    this.options = options;
  }
  async deploy(stackName, config, onOutput) {
    return this.waitingForLock(stackName, async () => {
      const stack = await this.stack(stackName, "create");
      await stack.setAllConfig(Object.fromEntries(Object.entries(config).map(([key, value]) => [key, { value }])));
      const result = await stack.up({ onOutput, color: "never" });
      const exported = await stack.exportStack();
      return { outputs: toOutputs(result.outputs), resources: toResources(exported.deployment) };
    });
  }
  async destroy(stackName, onOutput) {
    return this.waitingForLock(stackName, async () => {
      let stack;
      try {
        stack = await this.stack(stackName, "select");
      } catch (error) {
        if (error instanceof import_pulumi.automation.StackNotFoundError) return false;
        throw error;
      }
      await stack.destroy({ onOutput, color: "never" });
      await stack.workspace.removeStack(stackName);
      return true;
    });
  }
  async outputs(stackName) {
    try {
      const stack = await this.stack(stackName, "select");
      return toOutputs(await stack.outputs());
    } catch (error) {
      if (error instanceof import_pulumi.automation.StackNotFoundError) return void 0;
      throw error;
    }
  }
  async listStacks() {
    const stacks = await (await this.workspace()).listStacks();
    return stacks.map((stack) => {
      const updated = stack.lastUpdate ? Date.parse(stack.lastUpdate) : NaN;
      return { name: stack.name, ...Number.isFinite(updated) ? { updatedAt: new Date(updated).toISOString() } : {} };
    });
  }
  /** The CLI: the one handed in, the one found, or (on a fresh runner) a freshly installed one. */
  command() {
    this.cli ??= (async () => {
      if (this.options.cli) return this.options.cli;
      const { PulumiCommand } = import_pulumi.automation;
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
  async workspaceOptions() {
    const { project, backendUrl, programDir } = this.options;
    return {
      pulumiCommand: await this.command(),
      ...backendUrl ? { envVars: { PULUMI_BACKEND_URL: backendUrl } } : {},
      ...programDir ? { workDir: programDir } : { program, projectSettings: { name: project, runtime: "nodejs", ...backendUrl ? { backend: { url: backendUrl } } : {} } }
    };
  }
  async workspace() {
    return import_pulumi.automation.LocalWorkspace.create(await this.workspaceOptions());
  }
  async stack(stackName, mode) {
    const { LocalWorkspace } = import_pulumi.automation;
    const options = await this.workspaceOptions();
    if (this.options.programDir) {
      const args2 = { stackName, workDir: this.options.programDir };
      return mode === "create" ? LocalWorkspace.createOrSelectStack(args2, options) : LocalWorkspace.selectStack(args2, options);
    }
    const args = { stackName, projectName: this.options.project, program };
    return mode === "create" ? LocalWorkspace.createOrSelectStack(args, options) : LocalWorkspace.selectStack(args, options);
  }
  async waitingForLock(stackName, fn) {
    const { ConcurrentUpdateError } = import_pulumi.automation;
    const { clock } = this.options;
    const timeoutMs = this.options.lockTimeoutMs ?? 6e5;
    const started = clock.now().getTime();
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        if (!(error instanceof ConcurrentUpdateError)) throw error;
        const waited = clock.now().getTime() - started;
        if (waited >= timeoutMs) throw new Error(lockedMessage(stackName, waited, this.options.backendUrl), { cause: error });
        const delay = LOCK_BACKOFF_MS[Math.min(attempt, LOCK_BACKOFF_MS.length - 1)];
        this.options.log(`stack ${stackName} is locked by another update; waiting ${delay / 1e3}s`);
        await clock.sleep(delay);
      }
    }
  }
};
function lockedMessage(stackName, waitedMs, backendUrl) {
  const clear = backendUrl ? `delete the stack's lock file under .pulumi/locks/ in ${backendUrl}` : `run \`pulumi cancel --stack ${stackName} --yes\``;
  return `stack ${stackName} is locked by another update (waited ${Math.round(waitedMs / 1e3)}s). If no other prenv run is deploying or destroying this PR, the lock is stale: ${clear}, then re-run this workflow.`;
}
function toOutputs(outputs) {
  return Object.fromEntries(
    STACK_OUTPUT_KEYS.map((key) => {
      const value = outputs[key]?.value;
      return [key, typeof value === "string" ? value : value === void 0 ? "" : JSON.stringify(value)];
    })
  );
}
function toResources(deployment) {
  const resources = deployment?.resources ?? [];
  return resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).map((r) => ({ type: r.type, name: r.urn.split("::").pop() ?? r.urn, id: r.id ?? "", inputs: r.inputs ?? {}, state: r.outputs ?? {} }));
}
export {
  AutomationEngine,
  lockedMessage
};
