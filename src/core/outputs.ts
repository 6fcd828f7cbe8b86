// The stack outputs of DESIGN.md: flat, camelCase, the same keys in cfn-outputs/flat-outputs.json.
// Every part of prenv that reads a deployed stack reads these keys and nothing else.

export const STACK_OUTPUT_KEYS = [
  "appUrl",
  "testUrl",
  "albDnsName",
  "albArn",
  "listenerArn",
  "testListenerArn",
  "blueTargetGroupArn",
  "greenTargetGroupArn",
  "clusterName",
  "blueServiceName",
  "greenServiceName",
  "dashboardUrl",
  "dbEndpoint",
  "dbReaderEndpoint",
  "dbSecretArn",
  "ecrRepositoryUrl",
  "wafAclArn",
  "vpcId",
  "blueImage",
  "greenImage",
] as const;

export type StackOutputKey = (typeof STACK_OUTPUT_KEYS)[number];

/** Resolved outputs. A part switched off (`database: none`, `waf: false`) reports an empty string. */
export type StackOutputs = Readonly<Record<StackOutputKey, string>>;

/** The links the comment shows, from a stack's outputs. */
export const linksOf = (outputs: StackOutputs) => ({ appUrl: outputs.appUrl, testUrl: outputs.testUrl, dashboardUrl: outputs.dashboardUrl });
