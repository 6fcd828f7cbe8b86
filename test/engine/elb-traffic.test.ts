// Traffic changes over ELBv2, with aws-sdk-client-mock: the exact ModifyListener input for each
// kind of change, the health check before it, the refusals, and the undo when a write does not
// verify. No Pulumi anywhere in this path.
import { ECSClient } from "@aws-sdk/client-ecs";
import {
  DescribeListenersCommand,
  DescribeTagsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  type Listener,
  ModifyListenerCommand,
  type TargetHealthStateEnum,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { mockClient } from "aws-sdk-client-mock";
import { allCustomMatcher } from "aws-sdk-client-mock-vitest";
import "aws-sdk-client-mock-vitest/extend";
import { beforeEach, describe, expect, it } from "vitest";
import { ElbTraffic } from "../../src/aws/traffic.ts";
import { STACK_OUTPUT_KEYS, type StackOutputs } from "../../src/core/outputs.ts";
import { changeTraffic, readTraffic, TrafficError } from "../../src/traffic.ts";

expect.extend(allCustomMatcher);

const ARN = "arn:aws:elasticloadbalancing:us-east-1:111122223333";
const LB = `${ARN}:loadbalancer/app/pr42-shop-1a2b3c4d-alb/50dc6c495c0c9188`;
const LISTENER = `${ARN}:listener/app/pr42-shop-1a2b3c4d-alb/50dc6c495c0c9188/f2f7dc8efc522ab2`;
const TEST_LISTENER = `${ARN}:listener/app/pr42-shop-1a2b3c4d-alb/50dc6c495c0c9188/0467ef3c8400ae65`;
const BLUE = `${ARN}:targetgroup/pr42-shop-1a2b3c4d-blue/73e2d6bc24d8a067`;
const GREEN = `${ARN}:targetgroup/pr42-shop-1a2b3c4d-green/11e2d6bc24d8a099`;
const TAGS = { "prenv:repo": "acme/shop", "prenv:pr": "42", "prenv:stack": "pr-42" };

const elb = mockClient(ElasticLoadBalancingV2Client);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const traffic = new ElbTraffic({
  elb: new ElasticLoadBalancingV2Client({ region: "us-east-1" }),
  tagging: new ResourceGroupsTaggingAPIClient({ region: "us-east-1" }),
  ecs: new ECSClient({ region: "us-east-1" }),
});
const target = { repo: "acme/shop", pr: 42 };

const forward = (blue: number, green: number) => [
  {
    Type: "forward" as const,
    ForwardConfig: {
      TargetGroups: [
        { TargetGroupArn: BLUE, Weight: blue },
        { TargetGroupArn: GREEN, Weight: green },
      ],
      TargetGroupStickinessConfig: { Enabled: false },
    },
  },
];
const listener = (arn: string, port: number, blue: number, green: number): Listener => ({ ListenerArn: arn, LoadBalancerArn: LB, Port: port, Protocol: "HTTP", DefaultActions: forward(blue, green) });

/** The live state: production weights, the test listener's colour, and each colour's target health. */
function live(
  production: [number, number],
  test: [number, number],
  health: Record<"blue" | "green", TargetHealthStateEnum[]> = { blue: ["healthy"], green: ["healthy"] },
) {
  tagging.on(GetResourcesCommand).resolves({
    ResourceTagMappingList: [
      { ResourceARN: LB, Tags: Object.entries(TAGS).map(([Key, Value]) => ({ Key, Value })) },
      { ResourceARN: BLUE, Tags: [{ Key: "prenv:color", Value: "blue" }] },
      { ResourceARN: GREEN, Tags: [{ Key: "prenv:color", Value: "green" }] },
    ],
  });
  elb.on(DescribeListenersCommand).resolves({ Listeners: [listener(LISTENER, 80, ...production), listener(TEST_LISTENER, 8080, ...test)] });
  elb.on(DescribeTargetHealthCommand, { TargetGroupArn: BLUE }).resolves({ TargetHealthDescriptions: health.blue.map((State) => ({ TargetHealth: { State } })) });
  elb.on(DescribeTargetHealthCommand, { TargetGroupArn: GREEN }).resolves({ TargetHealthDescriptions: health.green.map((State) => ({ TargetHealth: { State } })) });
  // ModifyListener answers with the listener as it now is.
  elb.on(ModifyListenerCommand).callsFake((input: { ListenerArn: string; DefaultActions: Listener["DefaultActions"] }) => ({
    Listeners: [{ ListenerArn: input.ListenerArn, DefaultActions: input.DefaultActions }],
  }));
}

beforeEach(() => {
  elb.reset();
  tagging.reset();
});

describe("promote", () => {
  it("checks green's health, moves all production traffic to it, points the test listener at blue: 4 ELBv2 requests", async () => {
    live([100, 0], [0, 100]);
    const outcome = await changeTraffic(traffic, target, { kind: "promote", color: "green", force: false }, { checkOwner: true });

    expect(outcome).toEqual({ changed: true, before: { blue: 100, green: 0 }, after: { blue: 0, green: 100 }, idle: "blue" });
    expect(tagging).toHaveReceivedCommandExactlyOnceWith(GetResourcesCommand, {
      TagFilters: [
        { Key: "prenv:repo", Values: ["acme/shop"] },
        { Key: "prenv:pr", Values: ["42"] },
      ],
      ResourceTypeFilters: ["elasticloadbalancing:loadbalancer", "elasticloadbalancing:targetgroup"],
    });
    expect(elb).toHaveReceivedCommandExactlyOnceWith(DescribeListenersCommand, { LoadBalancerArn: LB });
    expect(elb).toHaveReceivedCommandExactlyOnceWith(DescribeTargetHealthCommand, { TargetGroupArn: GREEN });
    expect(elb.commandCalls(ModifyListenerCommand).map((call) => call.args[0].input)).toEqual([
      { ListenerArn: LISTENER, DefaultActions: forward(0, 100) },
      { ListenerArn: TEST_LISTENER, DefaultActions: forward(100, 0) },
    ]);
    expect(elb.calls()).toHaveLength(4);
  });

  it("is a successful no-op when the colour already has everything", async () => {
    live([0, 100], [100, 0]);
    const outcome = await changeTraffic(traffic, target, { kind: "promote", color: "green", force: false }, { checkOwner: true });
    expect(outcome).toEqual({ changed: false, before: { blue: 0, green: 100 }, after: { blue: 0, green: 100 }, idle: "blue" });
    expect(elb).not.toHaveReceivedCommand(ModifyListenerCommand);
    expect(elb).not.toHaveReceivedCommand(DescribeTargetHealthCommand);
  });

  it("refuses a colour whose targets are not healthy, changing nothing", async () => {
    live([100, 0], [0, 100], { blue: ["healthy"], green: ["healthy", "unhealthy"] });
    await expect(changeTraffic(traffic, target, { kind: "promote", color: "green", force: false }, { checkOwner: true })).rejects.toThrow(
      new TrafficError("unhealthy", 'green is not ready for traffic (1 healthy, 1 unhealthy); wait for its targets to pass their health checks, or add "force" to override'),
    );
    live([100, 0], [0, 100], { blue: ["healthy"], green: ["initial"] });
    await expect(changeTraffic(traffic, target, { kind: "promote", color: "green", force: false }, { checkOwner: true })).rejects.toThrow(
      "green is not ready for traffic (0 healthy, 0 unhealthy, 1 not yet in service)",
    );
    expect(elb).not.toHaveReceivedCommand(ModifyListenerCommand);
  });

  it("promotes anyway with force, without asking for target health", async () => {
    live([100, 0], [0, 100], { blue: ["healthy"], green: ["unhealthy"] });
    await changeTraffic(traffic, target, { kind: "promote", color: "green", force: true }, { checkOwner: true });
    expect(elb).not.toHaveReceivedCommand(DescribeTargetHealthCommand);
    expect(elb).toHaveReceivedCommandWith(ModifyListenerCommand, { ListenerArn: LISTENER, DefaultActions: forward(0, 100) });
  });
});

describe("shift and rollback", () => {
  it("sends a canary share to green, keeping the test listener on green (still idle)", async () => {
    live([100, 0], [0, 100]);
    const outcome = await changeTraffic(traffic, target, { kind: "shift", color: "green", weight: 25, force: false }, { checkOwner: true });
    expect(outcome).toMatchObject({ changed: true, after: { blue: 75, green: 25 }, idle: "green" });
    expect(elb.commandCalls(ModifyListenerCommand).map((call) => call.args[0].input)).toEqual([{ ListenerArn: LISTENER, DefaultActions: forward(75, 25) }]);
  });

  it("rolls back to blue after a promotion to green", async () => {
    live([0, 100], [100, 0]);
    const outcome = await changeTraffic(traffic, target, { kind: "rollback", to: "blue", force: false }, { checkOwner: true });
    expect(outcome).toMatchObject({ changed: true, before: { blue: 0, green: 100 }, after: { blue: 100, green: 0 }, idle: "green" });
    expect(elb).toHaveReceivedCommandExactlyOnceWith(DescribeTargetHealthCommand, { TargetGroupArn: BLUE });
    expect(elb.commandCalls(ModifyListenerCommand).map((call) => call.args[0].input)).toEqual([
      { ListenerArn: LISTENER, DefaultActions: forward(100, 0) },
      { ListenerArn: TEST_LISTENER, DefaultActions: forward(0, 100) },
    ]);
  });

  it("checks only the colour that gains traffic: moving traffic back to blue after a canary checks blue", async () => {
    live([75, 25], [0, 100]);
    await changeTraffic(traffic, target, { kind: "shift", color: "green", weight: 0, force: false }, { checkOwner: true });
    expect(elb).toHaveReceivedCommandExactlyOnceWith(DescribeTargetHealthCommand, { TargetGroupArn: BLUE });
  });
});

describe("never half-changed", () => {
  it("restores the previous weights when the listener does not report what was asked", async () => {
    live([100, 0], [0, 100]);
    elb.on(ModifyListenerCommand).resolvesOnce({ Listeners: [{ ListenerArn: LISTENER, DefaultActions: forward(50, 50) }] }).resolves({});
    await expect(changeTraffic(traffic, target, { kind: "promote", color: "green", force: false }, { checkOwner: true })).rejects.toThrow(
      new TrafficError("not-verified", "the listener reported blue 50% · green 50% after asking for blue 0% · green 100%; the previous weights (blue 100% · green 0%) were restored"),
    );
    expect(elb.commandCalls(ModifyListenerCommand).map((call) => call.args[0].input)).toEqual([
      { ListenerArn: LISTENER, DefaultActions: forward(0, 100) },
      { ListenerArn: LISTENER, DefaultActions: forward(100, 0) },
    ]);
  });

  it("reads the listener back when the endpoint does not echo it", async () => {
    live([100, 0], [0, 100]);
    elb.on(ModifyListenerCommand).resolves({});
    elb.on(DescribeListenersCommand).resolvesOnce({ Listeners: [listener(LISTENER, 80, 100, 0), listener(TEST_LISTENER, 8080, 0, 100)] }).resolves({
      Listeners: [listener(LISTENER, 80, 0, 100), listener(TEST_LISTENER, 8080, 0, 100)],
    });
    await changeTraffic(traffic, target, { kind: "promote", color: "green", force: false }, { checkOwner: true });
    expect(elb).toHaveReceivedCommandTimes(DescribeListenersCommand, 2);
  });
});

describe("finding the listeners", () => {
  const outputs = (overrides: Partial<StackOutputs> = {}) =>
    ({
      ...Object.fromEntries(STACK_OUTPUT_KEYS.map((key) => [key, ""])),
      listenerArn: LISTENER,
      testListenerArn: TEST_LISTENER,
      blueTargetGroupArn: BLUE,
      greenTargetGroupArn: GREEN,
      ...overrides,
    }) as StackOutputs;

  it("from an outputs file, checking the listener's tags belong to the PR", async () => {
    elb.on(DescribeListenersCommand).resolves({ Listeners: [listener(LISTENER, 80, 100, 0), listener(TEST_LISTENER, 8080, 0, 100)] });
    elb.on(DescribeTagsCommand).resolves({ TagDescriptions: [{ ResourceArn: LISTENER, Tags: [{ Key: "prenv:repo", Value: "acme/shop" }, { Key: "prenv:pr", Value: "41" }] }] });
    await expect(readTraffic(traffic, { ...target, outputs: outputs() }, true)).rejects.toThrow(
      new TrafficError("not-owned", `the listener ${LISTENER} belongs to acme/shop PR 41, not pr-42 of acme/shop; refusing to change it`),
    );
    expect(elb).toHaveReceivedCommandWith(DescribeListenersCommand, { ListenerArns: [LISTENER, TEST_LISTENER] });
    expect(tagging).not.toHaveReceivedCommand(GetResourcesCommand);
  });

  it("says when a PR has no environment", async () => {
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    await expect(readTraffic(traffic, target, true)).rejects.toThrow(
      new TrafficError("no-environment", "pr-42 of acme/shop has no environment (no load balancer found); push a commit or comment /redeploy to create it"),
    );
  });

  it("turns a listener that vanished into what to do", async () => {
    elb.on(DescribeListenersCommand).rejects(Object.assign(new Error("One or more listeners not found"), { name: "ListenerNotFoundException" }));
    await expect(readTraffic(traffic, { ...target, outputs: outputs() }, false)).rejects.toThrow(
      "the listener of pr-42 of acme/shop no longer exists: the environment was destroyed or is being replaced; comment /redeploy to recreate it",
    );
  });
});
