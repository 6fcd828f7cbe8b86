import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  COLORS,
  projectName,
  stackName,
  weightsByColor
} from "./chunk-SGK2CS55.js";
import "./chunk-WKVD46MP.js";

// src/pulumi/sandbox-traffic.ts
var LISTENER = "aws:lb/listener:Listener";
var TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";
var forwardOf = (listener) => listener?.inputs["defaultActions"]?.[0]?.forward?.targetGroups ?? [];
var forwardAction = (targetGroups, weights) => [
  { type: "forward", forward: { targetGroups: COLORS.map((color) => ({ arn: targetGroups[color], weight: weights[color] })) } }
];
var SandboxTraffic = class {
  store;
  clock;
  constructor(store, clock) {
    this.store = store;
    this.clock = clock;
  }
  async read(target, options = {}) {
    const stack = await this.stackOf(target);
    if (!stack) return void 0;
    const find = (name) => stack.resources.find((r) => r.type === LISTENER && r.name === name);
    const production = target.outputs ? stack.resources.find((r) => r.state["arn"] === target.outputs.listenerArn) : find("listener");
    const test = target.outputs ? stack.resources.find((r) => r.state["arn"] === target.outputs.testListenerArn) : find("test-listener");
    const targetGroups = this.targetGroups(stack);
    const weights = weightsByColor(forwardOf(production), targetGroups);
    if (!production || !test || !weights) return void 0;
    return {
      production: { arn: production.state["arn"], weights },
      test: { arn: test.state["arn"], weights: weightsByColor(forwardOf(test), targetGroups) ?? { blue: 0, green: 0 } },
      targetGroups,
      ...options.withTags ? { tags: production.inputs["tags"] ?? {} } : {}
    };
  }
  async health(targetGroupArn) {
    for (const stack of await this.store.list()) {
      if (!stack.resources.some((r) => r.state["arn"] === targetGroupArn)) continue;
      return stack.health?.[targetGroupArn] ?? { healthy: 1, unhealthy: 0, other: 0 };
    }
    throw Object.assign(new Error(`One or more target groups not found (${targetGroupArn})`), { name: "TargetGroupNotFoundException" });
  }
  async forward(listenerArn, targetGroups, weights) {
    const owner = (await this.store.list()).find((s) => s.resources.some((r) => r.state["arn"] === listenerArn));
    if (!owner) throw Object.assign(new Error(`One or more listeners not found (${listenerArn})`), { name: "ListenerNotFoundException" });
    return this.store.withLock(owner.project, owner.stack, { clock: this.clock }, async () => {
      const stack = await this.store.read(owner.project, owner.stack);
      const defaultActions = forwardAction(targetGroups, weights);
      const resources = stack.resources.map(
        (r) => r.state["arn"] === listenerArn ? { ...r, inputs: { ...r.inputs, defaultActions }, state: { ...r.state, defaultActions } } : r
      );
      await this.store.write({ ...stack, resources });
      return weights;
    });
  }
  async images(target) {
    const stack = await this.stackOf(target);
    return stack ? { blue: stack.outputs.blueImage, green: stack.outputs.greenImage } : void 0;
  }
  /** Like ELBv2, a listener ARN from an outputs file is found wherever it is, whoever owns it. */
  async stackOf(target) {
    if (!target.outputs) return this.store.read(projectName(target.repo), stackName(target.pr));
    const arn = target.outputs.listenerArn;
    return (await this.store.list()).find((stack) => stack.resources.some((r) => r.state["arn"] === arn));
  }
  targetGroups(stack) {
    const arn = (color) => {
      const value = stack.resources.find((r) => r.type === TARGET_GROUP && r.name === `${color}-tg`)?.state["arn"];
      return typeof value === "string" ? value : "";
    };
    return { blue: arn("blue"), green: arn("green") };
  }
};
export {
  SandboxTraffic
};
