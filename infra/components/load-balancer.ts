// The internet-facing ALB with one target group per colour. The production listener (80) forwards
// by weight to both colours; the test listener (8080) forwards to the idle one. Pulumi sets the
// weights once, at creation: from then on they belong to the bot (ELBv2 calls on /promote-*,
// /shift, /rollback), so the program must never diff them, or a later deploy would silently revert
// a promotion (DESIGN.md: "Traffic belongs to the bot, resources to Pulumi").
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type Color, COLORS } from "../../src/core/naming.ts";
import { LISTENER_PORTS } from "../../src/core/traffic.ts";
import type { StackContext } from "../context.ts";


/** Who serves first: blue takes all production traffic, green is idle and behind the test listener. */
export const INITIAL_WEIGHTS: Readonly<Record<"production" | "test", Readonly<Record<Color, number>>>> = {
  production: { blue: 100, green: 0 },
  test: { blue: 0, green: 100 },
};

/** The options that hand a listener's forwarding to the bot after Pulumi created it. */
export const BOT_OWNED_LISTENER: pulumi.CustomResourceOptions = { ignoreChanges: ["defaultActions"] };

export interface LoadBalancerArgs {
  readonly context: StackContext;
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: pulumi.Input<string>[];
  readonly securityGroupId: pulumi.Input<string>;
  readonly containerPort: number;
  readonly healthPath: string;
}

export class LoadBalancer extends pulumi.ComponentResource {
  readonly arn: pulumi.Output<string>;
  readonly arnSuffix: pulumi.Output<string>;
  readonly dnsName: pulumi.Output<string>;
  readonly listenerArn: pulumi.Output<string>;
  readonly testListenerArn: pulumi.Output<string>;
  readonly targetGroups: Readonly<Record<Color, aws.lb.TargetGroup>>;
  /** Services must wait for these: ECS refuses a target group not yet attached to a load balancer. */
  readonly listeners: aws.lb.Listener[];

  constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prenv:edge:LoadBalancer", name, {}, opts);
    const ctx = args.context;
    const { healthCheck, deregistrationDelaySeconds } = ctx.profile;
    const parent = { parent: this };

    const alb = new aws.lb.LoadBalancer(
      "alb",
      {
        name: ctx.name("alb", "loadBalancer"),
        loadBalancerType: "application",
        internal: false,
        securityGroups: [args.securityGroupId],
        subnets: args.subnetIds,
        dropInvalidHeaderFields: true,
        enableDeletionProtection: false,
        tags: ctx.tags("alb"),
      },
      parent,
    );

    const targetGroup = (color: Color) =>
      new aws.lb.TargetGroup(
        `${color}-tg`,
        {
          name: ctx.name(color, "targetGroup"),
          port: args.containerPort,
          protocol: "HTTP",
          targetType: "ip",
          vpcId: args.vpcId,
          deregistrationDelay: deregistrationDelaySeconds,
          healthCheck: {
            path: args.healthPath,
            matcher: "200-399",
            interval: healthCheck.intervalSeconds,
            timeout: healthCheck.timeoutSeconds,
            healthyThreshold: healthCheck.healthyThreshold,
            unhealthyThreshold: healthCheck.unhealthyThreshold,
          },
          tags: ctx.tags(`${color}-tg`, color),
        },
        parent,
      );
    const targetGroups = { blue: targetGroup("blue"), green: targetGroup("green") };
    this.targetGroups = targetGroups;

    const listener = (role: "production" | "test", port: number) =>
      new aws.lb.Listener(
        role === "production" ? "listener" : "test-listener",
        {
          loadBalancerArn: alb.arn,
          port,
          protocol: "HTTP",
          defaultActions: [
            {
              type: "forward",
              forward: {
                targetGroups: COLORS.map((color) => ({ arn: targetGroups[color].arn, weight: INITIAL_WEIGHTS[role][color] })),
              },
            },
          ],
          tags: ctx.tags(`${role}-listener`),
        },
        { parent: this, ...BOT_OWNED_LISTENER },
      );
    const production = listener("production", LISTENER_PORTS.production);
    const test = listener("test", LISTENER_PORTS.test);
    this.listeners = [production, test];

    this.arn = alb.arn;
    this.arnSuffix = alb.arnSuffix;
    this.dnsName = alb.dnsName;
    this.listenerArn = production.arn;
    this.testListenerArn = test.arn;
    this.registerOutputs({ arn: this.arn, dnsName: this.dnsName });
  }
}
