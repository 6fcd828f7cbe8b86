// Against a real ELBv2-compatible endpoint (LocalStack, moto, or AWS itself): builds its own load
// balancer, target groups and listeners, promotes with prenv's traffic code, reads the listener
// back, and tears everything down. Runs only when AWS_ENDPOINT_URL is set.
import {
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeAvailabilityZonesCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { afterAll, describe, expect, it } from "vitest";
import { awsClients } from "../../src/aws/clients.ts";
import { ElbTraffic } from "../../src/aws/traffic.ts";
import { STACK_OUTPUT_KEYS, type StackOutputs } from "../../src/core/outputs.ts";
import { changeTraffic } from "../../src/traffic.ts";

const endpoint = process.env["AWS_ENDPOINT_URL"];
const region = process.env["AWS_REGION"] ?? "us-east-1";
const run = `prenv-it-${Date.now().toString(36)}`;

describe.skipIf(!endpoint)(
  `ELBv2 at AWS_ENDPOINT_URL${endpoint ? ` (${endpoint})` : " (skipped: set AWS_ENDPOINT_URL to an ELBv2-compatible endpoint to run this)"}`,
  () => {
    const aws = awsClients(region);
    const ec2 = new EC2Client({ region });
    const cleanup: (() => Promise<unknown>)[] = [];
    afterAll(async () => {
      for (const step of cleanup.reverse()) await step().catch(() => undefined);
    });

    it("promotes green on a listener it created, and reads the change back", async () => {
      const { Vpc } = await ec2.send(new CreateVpcCommand({ CidrBlock: "10.77.0.0/16" }));
      cleanup.push(() => ec2.send(new DeleteVpcCommand({ VpcId: Vpc!.VpcId! })));
      const { AvailabilityZones = [] } = await ec2.send(new DescribeAvailabilityZonesCommand({}));
      const subnets: string[] = [];
      for (const [i, zone] of AvailabilityZones.slice(0, 2).entries()) {
        const { Subnet } = await ec2.send(new CreateSubnetCommand({ VpcId: Vpc!.VpcId!, CidrBlock: `10.77.${i}.0/24`, AvailabilityZone: zone.ZoneName! }));
        subnets.push(Subnet!.SubnetId!);
        cleanup.push(() => ec2.send(new DeleteSubnetCommand({ SubnetId: Subnet!.SubnetId! })));
      }
      const tags = [
        { Key: "prenv:repo", Value: "acme/integration" },
        { Key: "prenv:pr", Value: "4242" },
        { Key: "prenv:stack", Value: "pr-4242" },
      ];
      const { LoadBalancers } = await aws.elb.send(new CreateLoadBalancerCommand({ Name: run, Subnets: subnets, Tags: tags }));
      const lb = LoadBalancers![0]!.LoadBalancerArn!;
      cleanup.push(() => aws.elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb })));
      const group = async (color: string) => {
        const { TargetGroups } = await aws.elb.send(
          new CreateTargetGroupCommand({ Name: `${run}-${color}`.slice(0, 32), Protocol: "HTTP", Port: 80, VpcId: Vpc!.VpcId!, TargetType: "ip", Tags: [...tags, { Key: "prenv:color", Value: color }] }),
        );
        const arn = TargetGroups![0]!.TargetGroupArn!;
        cleanup.push(() => aws.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn })));
        return arn;
      };
      const blue = await group("blue");
      const green = await group("green");
      const listener = async (port: number, blueWeight: number) => {
        const { Listeners } = await aws.elb.send(
          new CreateListenerCommand({
            LoadBalancerArn: lb,
            Port: port,
            Protocol: "HTTP",
            DefaultActions: [{ Type: "forward", ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue, Weight: blueWeight }, { TargetGroupArn: green, Weight: 100 - blueWeight }] } }],
          }),
        );
        const arn = Listeners![0]!.ListenerArn!;
        await aws.elb.send(new AddTagsCommand({ ResourceArns: [arn], Tags: tags }));
        cleanup.push(() => aws.elb.send(new DeleteListenerCommand({ ListenerArn: arn })));
        return arn;
      };
      const production = await listener(80, 100);
      const test = await listener(8080, 0);
      const outputs = {
        ...Object.fromEntries(STACK_OUTPUT_KEYS.map((key) => [key, ""])),
        listenerArn: production,
        testListenerArn: test,
        blueTargetGroupArn: blue,
        greenTargetGroupArn: green,
      } as StackOutputs;

      // No targets are registered, so nothing is healthy: force the promotion.
      const outcome = await changeTraffic(new ElbTraffic(aws), { repo: "acme/integration", pr: 4242, outputs }, { kind: "promote", color: "green", force: true }, { checkOwner: true });
      expect(outcome).toMatchObject({ changed: true, after: { blue: 0, green: 100 }, idle: "blue" });

      const { Listeners = [] } = await aws.elb.send(new DescribeListenersCommand({ ListenerArns: [production, test] }));
      const weights = (arn: string) =>
        Object.fromEntries(
          (Listeners.find((l) => l.ListenerArn === arn)?.DefaultActions?.[0]?.ForwardConfig?.TargetGroups ?? []).map((g) => [g.TargetGroupArn === blue ? "blue" : "green", g.Weight]),
        );
      expect(weights(production)).toEqual({ blue: 0, green: 100 });
      expect(weights(test)).toEqual({ blue: 100, green: 0 });
    }, 120_000);
  },
);
