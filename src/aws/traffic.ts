// Traffic over ELBv2. The live production listener is the source of truth for the weights (the
// program creates them once and then ignores them). A PR's listeners come from its stack outputs
// when the caller has them, or are found by prenv's tags (one Resource Groups Tagging API call),
// so the same code serves the Action, the CLI and the App. Honours the SDK's standard settings,
// AWS_REGION and AWS_ENDPOINT_URL included; the SDK retries throttling and transient errors.
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, type ECSClient } from "@aws-sdk/client-ecs";
import {
  type Action,
  DescribeListenersCommand,
  DescribeTagsCommand,
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
  type Listener,
  ModifyListenerCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetResourcesCommand, type ResourceGroupsTaggingAPIClient, type ResourceTagMapping } from "@aws-sdk/client-resource-groups-tagging-api";
import { type Color, COLORS, TAG_KEYS } from "../core/naming.ts";
import { LISTENER_PORTS, type TargetHealthCounts, type Weights, weightsByColor } from "../core/traffic.ts";
import type { LiveTraffic, Traffic, TrafficTarget } from "../ports.ts";

export interface AwsClients {
  readonly elb: ElasticLoadBalancingV2Client;
  readonly tagging: ResourceGroupsTaggingAPIClient;
  readonly ecs: ECSClient;
}

const tagsOf = (mapping: ResourceTagMapping | undefined): Record<string, string> =>
  Object.fromEntries((mapping?.Tags ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""]));

const forwardWeights = (listener: Listener | undefined, targetGroups: Readonly<Record<Color, string>>): Weights | undefined => {
  const forward = listener?.DefaultActions?.find((action) => action.Type === "forward");
  const groups = forward?.ForwardConfig?.TargetGroups ?? (forward?.TargetGroupArn ? [{ TargetGroupArn: forward.TargetGroupArn, Weight: 1 }] : []);
  const weights = weightsByColor(groups.map((g) => ({ arn: g.TargetGroupArn, weight: g.Weight })), targetGroups);
  if (!weights) return undefined;
  // A listener forwarding to one group without weights sends it everything.
  const total = weights.blue + weights.green;
  return total === 0 || total === 100 ? weights : (Object.fromEntries(COLORS.map((c) => [c, Math.round((weights[c] * 100) / total)])) as Record<Color, number>);
};

export class ElbTraffic implements Traffic {
  private readonly aws: AwsClients;

  constructor(aws: AwsClients) {
    this.aws = aws;
  }

  async read(target: TrafficTarget, options: { readonly withTags?: boolean } = {}): Promise<LiveTraffic | undefined> {
    const located = target.outputs ? this.fromOutputs(target) : await this.byTags(target);
    if (!located) return undefined;
    const { Listeners = [] } = await this.aws.elb.send(
      new DescribeListenersCommand(located.loadBalancerArn ? { LoadBalancerArn: located.loadBalancerArn } : { ListenerArns: located.listenerArns }),
    );
    const byPort = (port: number) => Listeners.find((l) => l.Port === port);
    const byArn = (arn: string | undefined) => Listeners.find((l) => l.ListenerArn === arn);
    const production = located.listenerArns ? byArn(located.listenerArns[0]) : byPort(LISTENER_PORTS.production);
    const test = located.listenerArns ? byArn(located.listenerArns[1]) : byPort(LISTENER_PORTS.test);
    const productionWeights = forwardWeights(production, located.targetGroups);
    if (!production?.ListenerArn || !test?.ListenerArn || !productionWeights) return undefined;
    let tags = located.tags;
    if (options.withTags && !tags) {
      const { TagDescriptions = [] } = await this.aws.elb.send(new DescribeTagsCommand({ ResourceArns: [production.ListenerArn] }));
      tags = Object.fromEntries((TagDescriptions[0]?.Tags ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
    }
    return {
      production: { arn: production.ListenerArn, weights: productionWeights },
      test: { arn: test.ListenerArn, weights: forwardWeights(test, located.targetGroups) ?? { blue: 0, green: 0 } },
      targetGroups: located.targetGroups,
      ...(tags ? { tags } : {}),
    };
  }

  async health(targetGroupArn: string): Promise<TargetHealthCounts> {
    const { TargetHealthDescriptions = [] } = await this.aws.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
    const states = TargetHealthDescriptions.map((d) => d.TargetHealth?.State ?? "unavailable");
    return {
      healthy: states.filter((s) => s === "healthy").length,
      unhealthy: states.filter((s) => s === "unhealthy").length,
      other: states.filter((s) => s !== "healthy" && s !== "unhealthy").length,
    };
  }

  async forward(listenerArn: string, targetGroups: Readonly<Record<Color, string>>, weights: Weights): Promise<Weights | undefined> {
    const action: Action = {
      Type: "forward",
      ForwardConfig: {
        TargetGroups: COLORS.map((color) => ({ TargetGroupArn: targetGroups[color], Weight: weights[color] })),
        TargetGroupStickinessConfig: { Enabled: false },
      },
    };
    const { Listeners } = await this.aws.elb.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: [action] }));
    // ModifyListener answers with the listener as it now is: that is the read-back.
    return forwardWeights(Listeners?.find((l) => l.ListenerArn === listenerArn), targetGroups);
  }

  async images(target: TrafficTarget): Promise<Readonly<Record<Color, string>> | undefined> {
    const mappings = await this.tagged(target, ["ecs:service"]);
    const services = COLORS.map((color) => mappings.find((m) => tagsOf(m)[TAG_KEYS.color] === color)?.ResourceARN);
    if (services.some((arn) => arn === undefined)) return undefined;
    const cluster = services[0]!.split("/").at(-2);
    const { services: described = [] } = await this.aws.ecs.send(new DescribeServicesCommand({ cluster, services: services as string[] }));
    const images = await Promise.all(
      COLORS.map(async (color, i) => {
        const definition = described.find((s) => s.serviceArn === services[i])?.taskDefinition;
        if (!definition) return undefined;
        const { taskDefinition } = await this.aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: definition }));
        return taskDefinition?.containerDefinitions?.[0]?.image;
      }),
    );
    return images.every((image) => image) ? { blue: images[0]!, green: images[1]! } : undefined;
  }

  private fromOutputs(target: TrafficTarget) {
    const outputs = target.outputs!;
    return {
      listenerArns: [outputs.listenerArn, outputs.testListenerArn],
      targetGroups: { blue: outputs.blueTargetGroupArn, green: outputs.greenTargetGroupArn },
      loadBalancerArn: undefined,
      tags: undefined,
    };
  }

  /** The PR's load balancer and target groups, found by their prenv tags. */
  private async byTags(target: TrafficTarget) {
    const mappings = await this.tagged(target, ["elasticloadbalancing:loadbalancer", "elasticloadbalancing:targetgroup"]);
    const loadBalancer = mappings.find((m) => m.ResourceARN?.includes(":loadbalancer/app/"));
    const group = (color: Color) => mappings.find((m) => m.ResourceARN?.includes(":targetgroup/") && tagsOf(m)[TAG_KEYS.color] === color)?.ResourceARN;
    const blue = group("blue");
    const green = group("green");
    if (!loadBalancer?.ResourceARN || !blue || !green) return undefined;
    return { loadBalancerArn: loadBalancer.ResourceARN, listenerArns: undefined, targetGroups: { blue, green }, tags: tagsOf(loadBalancer) };
  }

  private async tagged(target: TrafficTarget, types: string[]): Promise<ResourceTagMapping[]> {
    const { ResourceTagMappingList = [] } = await this.aws.tagging.send(
      new GetResourcesCommand({
        TagFilters: [
          { Key: TAG_KEYS.repo, Values: [target.repo] },
          { Key: TAG_KEYS.pr, Values: [String(target.pr)] },
        ],
        ResourceTypeFilters: types,
      }),
    );
    return ResourceTagMappingList;
  }
}
