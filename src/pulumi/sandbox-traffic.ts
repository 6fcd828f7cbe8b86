// Traffic over the sandbox's "cloud": the listeners as the sandbox store has them. A weight change
// is written into the store under the stack's lock, like a change to the live listener that the
// next (simulated) `pulumi up` must leave alone. Every target counts as healthy unless the stack's
// state says otherwise (tests use that to simulate failing health checks).
import { type Color, COLORS, projectName, stackName } from "../core/naming.ts";
import { type TargetHealthCounts, type Weights, weightsByColor } from "../core/traffic.ts";
import type { Clock, LiveTraffic, Traffic, TrafficTarget } from "../ports.ts";
import type { SimulatedResource } from "./sandbox.ts";
import type { SandboxStack, SandboxStore } from "./sandbox-store.ts";

interface ForwardAction {
  forward?: { targetGroups?: { arn?: string; weight?: number }[] };
}

const LISTENER = "aws:lb/listener:Listener";
const TARGET_GROUP = "aws:lb/targetGroup:TargetGroup";

const forwardOf = (listener: SimulatedResource | undefined) =>
  (listener?.inputs["defaultActions"] as ForwardAction[] | undefined)?.[0]?.forward?.targetGroups ?? [];

const forwardAction = (targetGroups: Readonly<Record<Color, string>>, weights: Weights) => [
  { type: "forward", forward: { targetGroups: COLORS.map((color) => ({ arn: targetGroups[color], weight: weights[color] })) } },
];

export class SandboxTraffic implements Traffic {
  private readonly store: SandboxStore;
  private readonly clock: Clock;

  constructor(store: SandboxStore, clock: Clock) {
    this.store = store;
    this.clock = clock;
  }

  async read(target: TrafficTarget, options: { readonly withTags?: boolean } = {}): Promise<LiveTraffic | undefined> {
    const stack = await this.stackOf(target);
    if (!stack) return undefined;
    const find = (name: string) => stack.resources.find((r) => r.type === LISTENER && r.name === name);
    const production = target.outputs ? stack.resources.find((r) => r.state["arn"] === target.outputs!.listenerArn) : find("listener");
    const test = target.outputs ? stack.resources.find((r) => r.state["arn"] === target.outputs!.testListenerArn) : find("test-listener");
    const targetGroups = this.targetGroups(stack);
    const weights = weightsByColor(forwardOf(production), targetGroups);
    if (!production || !test || !weights) return undefined;
    return {
      production: { arn: production.state["arn"] as string, weights },
      test: { arn: test.state["arn"] as string, weights: weightsByColor(forwardOf(test), targetGroups) ?? { blue: 0, green: 0 } },
      targetGroups,
      ...(options.withTags ? { tags: (production.inputs["tags"] ?? {}) as Record<string, string> } : {}),
    };
  }

  async health(targetGroupArn: string): Promise<TargetHealthCounts> {
    for (const stack of await this.store.list()) {
      if (!stack.resources.some((r) => r.state["arn"] === targetGroupArn)) continue;
      return stack.health?.[targetGroupArn] ?? { healthy: 1, unhealthy: 0, other: 0 };
    }
    throw Object.assign(new Error(`One or more target groups not found (${targetGroupArn})`), { name: "TargetGroupNotFoundException" });
  }

  async forward(listenerArn: string, targetGroups: Readonly<Record<Color, string>>, weights: Weights): Promise<Weights | undefined> {
    const owner = (await this.store.list()).find((s) => s.resources.some((r) => r.state["arn"] === listenerArn));
    if (!owner) throw Object.assign(new Error(`One or more listeners not found (${listenerArn})`), { name: "ListenerNotFoundException" });
    return this.store.withLock(owner.project, owner.stack, { clock: this.clock }, async () => {
      const stack = (await this.store.read(owner.project, owner.stack))!;
      const defaultActions = forwardAction(targetGroups, weights);
      const resources = stack.resources.map((r) =>
        r.state["arn"] === listenerArn ? { ...r, inputs: { ...r.inputs, defaultActions }, state: { ...r.state, defaultActions } } : r,
      );
      await this.store.write({ ...stack, resources });
      return weights;
    });
  }

  async images(target: TrafficTarget): Promise<Readonly<Record<Color, string>> | undefined> {
    const stack = await this.stackOf(target);
    return stack ? { blue: stack.outputs.blueImage, green: stack.outputs.greenImage } : undefined;
  }

  /** Like ELBv2, a listener ARN from an outputs file is found wherever it is, whoever owns it. */
  private async stackOf(target: TrafficTarget): Promise<SandboxStack | undefined> {
    if (!target.outputs) return this.store.read(projectName(target.repo), stackName(target.pr));
    const arn = target.outputs.listenerArn;
    return (await this.store.list()).find((stack) => stack.resources.some((r) => r.state["arn"] === arn));
  }

  private targetGroups(stack: SandboxStack): Record<Color, string> {
    const arn = (color: Color) => {
      const value = stack.resources.find((r) => r.type === TARGET_GROUP && r.name === `${color}-tg`)?.state["arn"];
      return typeof value === "string" ? value : "";
    };
    return { blue: arn("blue"), green: arn("green") };
  }
}
