// The AWS SDK clients prenv uses, configured once. Credentials, AWS_REGION, AWS_ENDPOINT_URL and
// retries come from the SDK's standard settings (the standard retry mode retries throttling and
// transient errors with backoff).
import { ECSClient } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import type { AwsClients } from "./traffic.ts";

export function awsClients(region: string | undefined): AwsClients {
  const config = region ? { region } : {};
  return {
    elb: new ElasticLoadBalancingV2Client(config),
    tagging: new ResourceGroupsTaggingAPIClient(config),
    ecs: new ECSClient(config),
  };
}
