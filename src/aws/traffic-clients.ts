// The three AWS clients traffic needs (ELBv2, tagging, ECS), apart from the rest: the App's Lambda
// bundle imports only these, not the dozen SDK clients the checks and the reaper use.
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import type { AwsClients } from "./traffic.ts";

export function trafficClients(region: string | undefined): AwsClients {
  const config = region ? { region } : {};
  return { elb: new ElasticLoadBalancingV2Client(config), tagging: new ResourceGroupsTaggingAPIClient(config), ecs: new ECSClient(config) };
}
