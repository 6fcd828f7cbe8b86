import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  runSandboxed
} from "./chunk-I2KVXQT3.js";
import {
  program
} from "./chunk-QKB32J2I.js";
import "./chunk-6RY5Q6XX.js";
import "./chunk-7KZXUOVC.js";
import {
  STACK_OUTPUT_KEYS
} from "./chunk-UX6V4HIV.js";
import "./chunk-WKVD46MP.js";

// src/pulumi/sandbox-engine.ts
var key = (resource) => `${resource.type}::${resource.name}`;
function keepIgnored(next, before) {
  if (!before || next.ignoreChanges.length === 0) return next;
  const inputs = { ...next.inputs };
  const state = { ...next.state };
  for (const property of next.ignoreChanges) {
    if (property in before.inputs) inputs[property] = before.inputs[property];
    if (property in before.state) state[property] = before.state[property];
  }
  return { ...next, inputs, state };
}
var toOutputs = (values) => Object.fromEntries(STACK_OUTPUT_KEYS.map((k) => [k, typeof values[k] === "string" ? values[k] : ""]));
var changedInputs = (before, after) => Object.keys({ ...before.inputs, ...after.inputs }).filter((p) => JSON.stringify(before.inputs[p]) !== JSON.stringify(after.inputs[p]));
var SandboxEngine = class {
  simulated = true;
  options;
  constructor(options) {
    this.options = options;
  }
  async deploy(stack, config, onOutput) {
    const { project, store, clock } = this.options;
    return store.withLock(project, stack, this.lockOptions(), async () => {
      onOutput(`Updating (${stack}), simulated by the prenv sandbox: nothing is created in AWS`);
      const before = await store.read(project, stack);
      const run = await runSandboxed({ project, stack, config, program });
      if (this.options.delayMs) await clock.sleep(this.options.delayMs);
      const previous = new Map((before?.resources ?? []).map((r) => [key(r), r]));
      const resources = run.resources.map((r) => keepIgnored(r, previous.get(key(r))));
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
  async destroy(stack, onOutput) {
    const { project, store, clock } = this.options;
    return store.withLock(project, stack, this.lockOptions(), async () => {
      const before = await store.read(project, stack);
      if (!before) {
        onOutput(`stack ${stack} does not exist in the sandbox: nothing to destroy`);
        return false;
      }
      if (this.options.delayMs) await clock.sleep(this.options.delayMs);
      const cloud = before.resources.filter((r) => r.custom);
      for (const resource of [...cloud].reverse()) onOutput(` -  ${resource.type} ${resource.name} deleted`);
      onOutput(`Resources: ${cloud.length} deleted (simulated by the prenv sandbox)`);
      return store.remove(project, stack);
    });
  }
  async outputs(stack) {
    return (await this.options.store.read(this.options.project, stack))?.outputs;
  }
  lockOptions() {
    return { clock: this.options.clock, ...this.options.lockTimeoutMs !== void 0 ? { timeoutMs: this.options.lockTimeoutMs } : {} };
  }
};
export {
  SandboxEngine
};
