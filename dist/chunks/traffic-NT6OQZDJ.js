import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  require_dist_cjs as require_dist_cjs2,
  require_dist_cjs2 as require_dist_cjs3
} from "./chunk-N3W3ECP2.js";
import {
  require_dist_cjs4 as require_dist_cjs
} from "./chunk-X7U3VS55.js";
import {
  COLORS,
  LISTENER_PORTS,
  TAG_KEYS,
  weightsByColor
} from "./chunk-SGK2CS55.js";
import "./chunk-7NWHOIVA.js";
import {
  __toESM
} from "./chunk-WKVD46MP.js";

// src/aws/traffic.ts
var import_client_ecs = __toESM(require_dist_cjs(), 1);
var import_client_elastic_load_balancing_v2 = __toESM(require_dist_cjs2(), 1);
var import_client_resource_groups_tagging_api = __toESM(require_dist_cjs3(), 1);
var tagsOf = (mapping) => Object.fromEntries((mapping?.Tags ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
var forwardWeights = (listener, targetGroups) => {
  const forward = listener?.DefaultActions?.find((action) => action.Type === "forward");
  const groups = forward?.ForwardConfig?.TargetGroups ?? (forward?.TargetGroupArn ? [{ TargetGroupArn: forward.TargetGroupArn, Weight: 1 }] : []);
  const weights = weightsByColor(groups.map((g) => ({ arn: g.TargetGroupArn, weight: g.Weight })), targetGroups);
  if (!weights) return void 0;
  const total = weights.blue + weights.green;
  return total === 0 || total === 100 ? weights : Object.fromEntries(COLORS.map((c) => [c, Math.round(weights[c] * 100 / total)]));
};
var ElbTraffic = class {
  aws;
  constructor(aws) {
    this.aws = aws;
  }
  async read(target, options = {}) {
    const located = target.outputs ? this.fromOutputs(target) : await this.byTags(target);
    if (!located) return void 0;
    const { Listeners = [] } = await this.aws.elb.send(
      new import_client_elastic_load_balancing_v2.DescribeListenersCommand(located.loadBalancerArn ? { LoadBalancerArn: located.loadBalancerArn } : { ListenerArns: located.listenerArns })
    );
    const byPort = (port) => Listeners.find((l) => l.Port === port);
    const byArn = (arn) => Listeners.find((l) => l.ListenerArn === arn);
    const production = located.listenerArns ? byArn(located.listenerArns[0]) : byPort(LISTENER_PORTS.production);
    const test = located.listenerArns ? byArn(located.listenerArns[1]) : byPort(LISTENER_PORTS.test);
    const productionWeights = forwardWeights(production, located.targetGroups);
    if (!production?.ListenerArn || !test?.ListenerArn || !productionWeights) return void 0;
    let tags = located.tags;
    if (options.withTags && !tags) {
      const { TagDescriptions = [] } = await this.aws.elb.send(new import_client_elastic_load_balancing_v2.DescribeTagsCommand({ ResourceArns: [production.ListenerArn] }));
      tags = Object.fromEntries((TagDescriptions[0]?.Tags ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
    }
    return {
      production: { arn: production.ListenerArn, weights: productionWeights },
      test: { arn: test.ListenerArn, weights: forwardWeights(test, located.targetGroups) ?? { blue: 0, green: 0 } },
      targetGroups: located.targetGroups,
      ...tags ? { tags } : {}
    };
  }
  async health(targetGroupArn) {
    const { TargetHealthDescriptions = [] } = await this.aws.elb.send(new import_client_elastic_load_balancing_v2.DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
    const states = TargetHealthDescriptions.map((d) => d.TargetHealth?.State ?? "unavailable");
    return {
      healthy: states.filter((s) => s === "healthy").length,
      unhealthy: states.filter((s) => s === "unhealthy").length,
      other: states.filter((s) => s !== "healthy" && s !== "unhealthy").length
    };
  }
  async forward(listenerArn, targetGroups, weights) {
    const action = {
      Type: "forward",
      ForwardConfig: {
        TargetGroups: COLORS.map((color) => ({ TargetGroupArn: targetGroups[color], Weight: weights[color] })),
        TargetGroupStickinessConfig: { Enabled: false }
      }
    };
    const { Listeners } = await this.aws.elb.send(new import_client_elastic_load_balancing_v2.ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: [action] }));
    return forwardWeights(Listeners?.find((l) => l.ListenerArn === listenerArn), targetGroups);
  }
  async images(target) {
    const mappings = await this.tagged(target, ["ecs:service"]);
    const services = COLORS.map((color) => mappings.find((m) => tagsOf(m)[TAG_KEYS.color] === color)?.ResourceARN);
    if (services.some((arn) => arn === void 0)) return void 0;
    const cluster = services[0].split("/").at(-2);
    const { services: described = [] } = await this.aws.ecs.send(new import_client_ecs.DescribeServicesCommand({ cluster, services }));
    const images = await Promise.all(
      COLORS.map(async (color, i) => {
        const definition = described.find((s) => s.serviceArn === services[i])?.taskDefinition;
        if (!definition) return void 0;
        const { taskDefinition } = await this.aws.ecs.send(new import_client_ecs.DescribeTaskDefinitionCommand({ taskDefinition: definition }));
        return taskDefinition?.containerDefinitions?.[0]?.image;
      })
    );
    return images.every((image) => image) ? { blue: images[0], green: images[1] } : void 0;
  }
  fromOutputs(target) {
    const outputs = target.outputs;
    return {
      listenerArns: [outputs.listenerArn, outputs.testListenerArn],
      targetGroups: { blue: outputs.blueTargetGroupArn, green: outputs.greenTargetGroupArn },
      loadBalancerArn: void 0,
      tags: void 0
    };
  }
  /** The PR's load balancer and target groups, found by their prenv tags. */
  async byTags(target) {
    const mappings = await this.tagged(target, ["elasticloadbalancing:loadbalancer", "elasticloadbalancing:targetgroup"]);
    const loadBalancer = mappings.find((m) => m.ResourceARN?.includes(":loadbalancer/app/"));
    const group = (color) => mappings.find((m) => m.ResourceARN?.includes(":targetgroup/") && tagsOf(m)[TAG_KEYS.color] === color)?.ResourceARN;
    const blue = group("blue");
    const green = group("green");
    if (!loadBalancer?.ResourceARN || !blue || !green) return void 0;
    return { loadBalancerArn: loadBalancer.ResourceARN, listenerArns: void 0, targetGroups: { blue, green }, tags: tagsOf(loadBalancer) };
  }
  async tagged(target, types) {
    const { ResourceTagMappingList = [] } = await this.aws.tagging.send(
      new import_client_resource_groups_tagging_api.GetResourcesCommand({
        TagFilters: [
          { Key: TAG_KEYS.repo, Values: [target.repo] },
          { Key: TAG_KEYS.pr, Values: [String(target.pr)] }
        ],
        ResourceTypeFilters: types
      })
    );
    return ResourceTagMappingList;
  }
};
export {
  ElbTraffic
};
