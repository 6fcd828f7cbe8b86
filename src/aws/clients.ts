// The AWS SDK clients prenv uses, configured once. Credentials, AWS_REGION, AWS_ENDPOINT_URL and
// retries come from the SDK's standard settings (the standard retry mode retries throttling and
// transient errors with backoff).
import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECRClient } from "@aws-sdk/client-ecr";
import { IAMClient } from "@aws-sdk/client-iam";
import { RDSClient } from "@aws-sdk/client-rds";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SSMClient } from "@aws-sdk/client-ssm";
import { WAFV2Client } from "@aws-sdk/client-wafv2";
import type { AwsClients } from "./traffic.ts";
import { trafficClients } from "./traffic-clients.ts";

export interface AllAwsClients extends AwsClients {
  readonly wafv2: WAFV2Client;
  readonly cloudwatch: CloudWatchClient;
  readonly rds: RDSClient;
  readonly logs: CloudWatchLogsClient;
  readonly ecr: ECRClient;
  readonly ec2: EC2Client;
  readonly iam: IAMClient;
  readonly ssm: SSMClient;
  readonly secrets: SecretsManagerClient;
  readonly autoscaling: ApplicationAutoScalingClient;
}

export function awsClients(region: string | undefined): AllAwsClients {
  const config = region ? { region } : {};
  return {
    ...trafficClients(region),
    wafv2: new WAFV2Client(config),
    cloudwatch: new CloudWatchClient(config),
    rds: new RDSClient(config),
    logs: new CloudWatchLogsClient(config),
    ecr: new ECRClient(config),
    ec2: new EC2Client(config),
    iam: new IAMClient(config),
    ssm: new SSMClient(config),
    secrets: new SecretsManagerClient(config),
    autoscaling: new ApplicationAutoScalingClient(config),
  };
}
