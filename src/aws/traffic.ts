// Traffic over ELBv2: the live production listener is the source of truth for the weights (the
// program creates them once and then ignores them). Honours the SDK's standard settings,
// AWS_REGION and AWS_ENDPOINT_URL included.
import { DescribeListenersCommand, type ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { type StackOutputs } from "../core/outputs.ts";
import { weightsByColor } from "../core/traffic.ts";
import { type Traffic, type Weights } from "../ports.ts";

export class ElbTraffic implements Traffic {
  private readonly client: ElasticLoadBalancingV2Client;

  constructor(client: ElasticLoadBalancingV2Client) {
    this.client = client;
  }

  async weights(_stack: string, outputs: StackOutputs): Promise<Weights | undefined> {
    if (!outputs.listenerArn) return undefined;
    const { Listeners } = await this.client.send(new DescribeListenersCommand({ ListenerArns: [outputs.listenerArn] }));
    const groups = Listeners?.[0]?.DefaultActions?.find((action) => action.Type === "forward")?.ForwardConfig?.TargetGroups ?? [];
    return weightsByColor(
      groups.map((g) => ({ arn: g.TargetGroupArn, weight: g.Weight })),
      { blue: outputs.blueTargetGroupArn, green: outputs.greenTargetGroupArn },
    );
  }
}
