// A WAF v2 web ACL in front of the ALB. Its one rule blocks any single IP that sends more than
// 100 requests in 5 minutes: enough for a reviewer clicking around and the integration tests,
// too little for a scraper to run up the bill of a preview environment.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StackContext } from "../context.ts";

export const RATE_LIMIT = { requests: 100, windowSeconds: 300 } as const;

export interface WafArgs {
  readonly context: StackContext;
  readonly loadBalancerArn: pulumi.Input<string>;
}

export class Waf extends pulumi.ComponentResource {
  readonly aclArn: pulumi.Output<string>;

  constructor(name: string, args: WafArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prenv:edge:Waf", name, {}, opts);
    const ctx = args.context;
    const aclName = ctx.name("waf", "wafAcl");
    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });

    const acl = new aws.wafv2.WebAcl(
      "waf",
      {
        name: aclName,
        scope: "REGIONAL",
        defaultAction: { allow: {} },
        rules: [
          {
            name: "rate-limit-per-ip",
            priority: 0,
            action: { block: {} },
            statement: {
              rateBasedStatement: {
                limit: RATE_LIMIT.requests,
                evaluationWindowSec: RATE_LIMIT.windowSeconds,
                aggregateKeyType: "IP",
              },
            },
            visibilityConfig: visibility(`${aclName}-rate-limit`),
          },
        ],
        visibilityConfig: visibility(aclName),
        tags: ctx.tags("waf"),
      },
      { parent: this },
    );
    new aws.wafv2.WebAclAssociation(
      "waf-alb",
      { resourceArn: args.loadBalancerArn, webAclArn: acl.arn },
      { parent: this },
    );
    this.aclArn = acl.arn;
    this.registerOutputs({ aclArn: this.aclArn });
  }
}
