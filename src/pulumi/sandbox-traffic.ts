// Traffic over the sandbox's "cloud": the production listener's weights as the sandbox store has
// them, read the way ELBv2 would answer DescribeListeners.
import { type StackOutputs } from "../core/outputs.ts";
import { weightsByColor } from "../core/traffic.ts";
import { type Traffic, type Weights } from "../ports.ts";
import { type SandboxStore } from "./sandbox-store.ts";

interface ForwardAction {
  forward?: { targetGroups?: { arn?: string; weight?: number }[] };
}

export class SandboxTraffic implements Traffic {
  private readonly store: SandboxStore;
  private readonly project: string;

  constructor(store: SandboxStore, project: string) {
    this.store = store;
    this.project = project;
  }

  async weights(stack: string, outputs: StackOutputs): Promise<Weights | undefined> {
    const state = await this.store.read(this.project, stack);
    const listener = state?.resources.find((r) => r.state["arn"] === outputs.listenerArn);
    const groups = (listener?.inputs["defaultActions"] as ForwardAction[] | undefined)?.[0]?.forward?.targetGroups ?? [];
    return weightsByColor(groups, { blue: outputs.blueTargetGroupArn, green: outputs.greenTargetGroupArn });
  }
}
