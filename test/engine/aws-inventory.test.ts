// The AWS inventory with aws-sdk-client-mock: the exact searches by tag and by name, and deletion
// kind by kind, dependents first, retrying what is still in use and counting what is gone as done.
import {
  ApplicationAutoScalingClient,
  DeregisterScalableTargetCommand,
  DescribeScalableTargetsCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { CloudWatchClient, DeleteAlarmsCommand, DeleteDashboardsCommand, GetDashboardCommand, ListDashboardsCommand } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient, DeleteLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  DeleteInternetGatewayCommand,
  DeleteNatGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInternetGatewaysCommand,
  DetachInternetGatewayCommand,
  EC2Client,
  ReleaseAddressCommand,
} from "@aws-sdk/client-ec2";
import { DeleteRepositoryCommand, ECRClient } from "@aws-sdk/client-ecr";
import { DeleteClusterCommand, DeleteServiceCommand, DeleteTaskDefinitionsCommand, DeregisterTaskDefinitionCommand, ECSClient } from "@aws-sdk/client-ecs";
import {
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
} from "@aws-sdk/client-iam";
import { DeleteDBClusterCommand, DeleteDBInstanceCommand, DeleteDBSubnetGroupCommand, RDSClient } from "@aws-sdk/client-rds";
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { DeleteSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { DeleteParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { DeleteWebACLCommand, GetWebACLCommand, WAFV2Client } from "@aws-sdk/client-wafv2";
import { type AwsStub, mockClient } from "aws-sdk-client-mock";
import { allCustomMatcher } from "aws-sdk-client-mock-vitest";
import "aws-sdk-client-mock-vitest/extend";
import { beforeEach, describe, expect, it } from "vitest";
import { awsClients } from "../../src/aws/clients.ts";
import { AwsInventory, DELETABLE_KINDS } from "../../src/aws/inventory.ts";
import { parseArn } from "../../src/core/arn.ts";
import { checkedNames } from "../../src/core/naming.ts";
import type { FoundResource } from "../../src/core/reap.ts";
import { virtualClock } from "../helpers/clock.ts";

expect.extend(allCustomMatcher);

const ACCOUNT = "arn:aws:%s:us-east-1:111122223333";
const arn = (service: string, resource: string) => `${ACCOUNT.replace("%s", service)}:${resource}`;
const id = { repo: "acme/shop", pr: 42 };
const tags = (stack: string) => [
  { Key: "prenv:repo", Value: "acme/shop" },
  { Key: "prenv:stack", Value: stack },
];
const awsError = (name: string, message: string) => Object.assign(new Error(message), { name });

const mocks = {
  tagging: mockClient(ResourceGroupsTaggingAPIClient),
  iam: mockClient(IAMClient),
  cloudwatch: mockClient(CloudWatchClient),
  ec2: mockClient(EC2Client),
  elb: mockClient(ElasticLoadBalancingV2Client),
  ecs: mockClient(ECSClient),
  rds: mockClient(RDSClient),
  wafv2: mockClient(WAFV2Client),
  logs: mockClient(CloudWatchLogsClient),
  ssm: mockClient(SSMClient),
  secrets: mockClient(SecretsManagerClient),
  ecr: mockClient(ECRClient),
  autoscaling: mockClient(ApplicationAutoScalingClient),
};
beforeEach(() => Object.values(mocks).forEach((m) => (m as { reset(): void }).reset()));

const inventory = (clock = virtualClock()) => new AwsInventory(awsClients("us-east-1"), { clock });

describe("AwsInventory.list", () => {
  it("finds one stack's resources by its tags, page by page, and its IAM roles and dashboard by name", async () => {
    const vpc = arn("ec2", "vpc/vpc-0abc");
    const alb = arn("elasticloadbalancing", "loadbalancer/app/pr42-shop-d21b2cdf-alb/50dc");
    mocks.tagging
      .on(GetResourcesCommand)
      .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: vpc, Tags: tags("pr-42") }], PaginationToken: "page-2" })
      .resolvesOnce({ ResourceTagMappingList: [{ ResourceARN: alb, Tags: tags("pr-42") }], PaginationToken: "" });
    const execution = checkedNames.iamRole(id, "execution");
    mocks.iam
      .on(GetRoleCommand, { RoleName: execution })
      .resolves({ Role: { RoleName: execution, Arn: `arn:aws:iam::111122223333:role/${execution}`, Path: "/", RoleId: "r", CreateDate: new Date() } })
      .on(GetRoleCommand, { RoleName: checkedNames.iamRole(id, "task") })
      .rejects(awsError("NoSuchEntityException", "The role with name pr42-shop-d21b2cdf-task cannot be found."));
    mocks.cloudwatch.on(GetDashboardCommand).rejects(awsError("ResourceNotFound", "Dashboard does not exist"));

    expect(await inventory().list("acme/shop", "pr-42")).toEqual([
      { id: vpc, kind: "ec2:vpc", stack: "pr-42" },
      { id: alb, kind: "elasticloadbalancing:loadbalancer", stack: "pr-42" },
      { id: `arn:aws:iam::111122223333:role/${execution}`, kind: "iam:role", stack: "pr-42" },
    ]);
    const filters = [
      { Key: "prenv:repo", Values: ["acme/shop"] },
      { Key: "prenv:stack", Values: ["pr-42"] },
    ];
    expect(mocks.tagging).toHaveReceivedNthCommandWith(GetResourcesCommand, 1, { TagFilters: filters, ResourcesPerPage: 100 });
    expect(mocks.tagging).toHaveReceivedNthCommandWith(GetResourcesCommand, 2, { TagFilters: filters, ResourcesPerPage: 100, PaginationToken: "page-2" });
    expect(mocks.cloudwatch).toHaveReceivedCommandWith(GetDashboardCommand, { DashboardName: checkedNames.dashboard(id) });
  });

  it("searches a mixed-case repo by the lower-cased tag value the stack config gives it", async () => {
    mocks.tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    mocks.iam.on(GetRoleCommand).rejects(awsError("NoSuchEntityException", "The role cannot be found."));
    mocks.cloudwatch.on(GetDashboardCommand).rejects(awsError("ResourceNotFound", "Dashboard does not exist"));

    expect(await inventory().list("MyOrg/App", "pr-7")).toEqual([]);
    expect(mocks.tagging.commandCalls(GetResourcesCommand).map((call) => call.args[0].input)).toEqual([
      {
        TagFilters: [
          { Key: "prenv:repo", Values: ["myorg/app"] },
          { Key: "prenv:stack", Values: ["pr-7"] },
        ],
        ResourcesPerPage: 100,
      },
    ]);
    // The names are the ones the stack program gives the lower-cased repo.
    const lower = { repo: "myorg/app", pr: 7 };
    expect(mocks.iam.commandCalls(GetRoleCommand).map((call) => call.args[0].input.RoleName)).toEqual([
      checkedNames.iamRole(lower, "execution"),
      checkedNames.iamRole(lower, "task"),
    ]);
    expect(mocks.cloudwatch).toHaveReceivedCommandWith(GetDashboardCommand, { DashboardName: checkedNames.dashboard(lower) });

    // The sweep too: the tag filter is lower-cased, and names still match the repo's PRs.
    mocks.tagging.reset();
    mocks.tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    const role = checkedNames.iamRole(lower, "task");
    mocks.iam.on(ListRolesCommand).resolves({ Roles: [{ RoleName: role, Arn: `arn:aws:iam::111122223333:role/${role}`, Path: "/", RoleId: "r", CreateDate: new Date() }] });
    mocks.cloudwatch.on(ListDashboardsCommand).resolves({ DashboardEntries: [] });
    expect(await inventory().list("MyOrg/App")).toEqual([{ id: `arn:aws:iam::111122223333:role/${role}`, kind: "iam:role", stack: "pr-7" }]);
    expect(mocks.tagging.commandCalls(GetResourcesCommand).map((call) => call.args[0].input)).toEqual([
      { TagFilters: [{ Key: "prenv:repo", Values: ["myorg/app"] }], ResourcesPerPage: 100 },
    ]);
  });

  it("sweeps the whole repo: every tagged resource, and the roles and dashboards named for its PRs", async () => {
    mocks.tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ ResourceARN: arn("logs", "log-group:/prenv/pr7-app"), Tags: tags("pr-7") }] });
    const role = (name: string) => ({ RoleName: name, Arn: `arn:aws:iam::111122223333:role/${name}`, Path: "/", RoleId: name, CreateDate: new Date() });
    mocks.iam
      .on(ListRolesCommand)
      .resolvesOnce({ Roles: [role("admin"), role(checkedNames.iamRole({ repo: "acme/shop", pr: 7 }, "task"))], IsTruncated: true, Marker: "m" })
      .resolvesOnce({ Roles: [role(checkedNames.iamRole({ repo: "acme/other", pr: 7 }, "task"))], IsTruncated: false });
    const dashboard = checkedNames.dashboard({ repo: "acme/shop", pr: 9 });
    mocks.cloudwatch.on(ListDashboardsCommand).resolves({ DashboardEntries: [{ DashboardName: dashboard, DashboardArn: `arn:aws:cloudwatch::111122223333:dashboard/${dashboard}` }] });

    expect(await inventory().list("acme/shop")).toEqual([
      { id: arn("logs", "log-group:/prenv/pr7-app"), kind: "logs:log-group", stack: "pr-7" },
      { id: `arn:aws:iam::111122223333:role/${checkedNames.iamRole({ repo: "acme/shop", pr: 7 }, "task")}`, kind: "iam:role", stack: "pr-7" },
      { id: `arn:aws:cloudwatch::111122223333:dashboard/${dashboard}`, kind: "cloudwatch:dashboard", stack: "pr-9" },
    ]);
    expect(mocks.tagging).toHaveReceivedCommandWith(GetResourcesCommand, { TagFilters: [{ Key: "prenv:repo", Values: ["acme/shop"] }], ResourcesPerPage: 100 });
    expect(mocks.iam).toHaveReceivedNthCommandWith(ListRolesCommand, 2, { Marker: "m" });
    expect(mocks.cloudwatch).toHaveReceivedCommandWith(ListDashboardsCommand, { DashboardNamePrefix: "pr" });
  });
});

describe("AwsInventory.remove", () => {
  const found = (resourceArn: string): FoundResource => ({ id: resourceArn, kind: parseArn(resourceArn)!.kind, stack: "pr-42" });

  it("deletes dependents first, waits and retries what is still in use, and counts what is gone as deleted", async () => {
    const order: string[] = [];
    const record = (name: string) => async () => {
      order.push(name);
      return {};
    };
    const vpc = arn("ec2", "vpc/vpc-1");
    const subnet = arn("ec2", "subnet/subnet-1");
    const igw = arn("ec2", "internet-gateway/igw-1");
    const listener = arn("elasticloadbalancing", "listener/app/alb/1/2");
    const alb = arn("elasticloadbalancing", "loadbalancer/app/alb/1");
    const service = arn("ecs", "service/pr42-cluster/pr42-blue");
    const cluster = arn("rds", "cluster:pr42-shop-d21b2cdf-db");
    const alarm = arn("cloudwatch", "alarm:pr42-shop-d21b2cdf-blue-5xx-rate");
    mocks.ec2
      .on(DeleteSubnetCommand)
      .rejectsOnce(awsError("DependencyViolation", "The subnet 'subnet-1' has dependencies and cannot be deleted."))
      .callsFake(record("subnet"))
      .on(DeleteVpcCommand)
      .rejectsOnce(awsError("DependencyViolation", "The vpc 'vpc-1' has dependencies and cannot be deleted."))
      .callsFake(record("vpc"))
      .on(DescribeInternetGatewaysCommand)
      .resolves({ InternetGateways: [{ InternetGatewayId: "igw-1", Attachments: [{ VpcId: "vpc-1", State: "attached" as const }] }] })
      .on(DetachInternetGatewayCommand)
      .callsFake(record("detach igw"))
      .on(DeleteInternetGatewayCommand)
      .callsFake(record("igw"));
    mocks.elb.on(DeleteListenerCommand).callsFake(record("listener")).on(DeleteLoadBalancerCommand).callsFake(record("alb"));
    mocks.ecs.on(DeleteServiceCommand).callsFake(record("service"));
    mocks.rds.on(DeleteDBClusterCommand).rejects(awsError("InvalidDBClusterStateFault", "DB cluster pr42-shop-d21b2cdf-db is already being deleted."));
    mocks.cloudwatch.on(DeleteAlarmsCommand).callsFake(record("alarm"));
    const clock = virtualClock();

    const failures = await inventory(clock).remove([vpc, subnet, igw, alarm, cluster, alb, service, listener].map(found));

    expect(failures).toEqual([]);
    // Pass 1: listeners and services, then the load balancer, then the rest by rank; the subnet and
    // the VPC are still in use. Pass 2, after a pause: the subnet, then the VPC.
    expect(order.slice(0, 2).sort()).toEqual(["listener", "service"]);
    expect(order.slice(2)).toEqual(["alb", "alarm", "detach igw", "igw", "subnet", "vpc"]);
    expect(clock.slept).toEqual([15_000]);
    expect(mocks.ecs).toHaveReceivedCommandWith(DeleteServiceCommand, { cluster: "pr42-cluster", service: "pr42-blue", force: true });
    expect(mocks.rds).toHaveReceivedCommandWith(DeleteDBClusterCommand, { DBClusterIdentifier: "pr42-shop-d21b2cdf-db", SkipFinalSnapshot: true });
    expect(mocks.ec2).toHaveReceivedCommandWith(DetachInternetGatewayCommand, { InternetGatewayId: "igw-1", VpcId: "vpc-1" });
  });

  it("gives up after its passes with the last error, and names what it cannot delete", async () => {
    mocks.ec2.on(DeleteSubnetCommand).rejects(awsError("DependencyViolation", "The subnet 'subnet-1' has dependencies and cannot be deleted."));
    const clock = virtualClock();
    const subnet = found(arn("ec2", "subnet/subnet-1"));
    const bucket: FoundResource = { id: "arn:aws:s3:::prenv-bucket", kind: "s3:prenv-bucket", stack: "pr-42" };
    expect(await inventory(clock).remove([subnet, bucket])).toEqual([
      { resource: subnet, error: "DependencyViolation: The subnet 'subnet-1' has dependencies and cannot be deleted." },
      { resource: bucket, error: "prenv does not know how to delete a s3:prenv-bucket; delete it by hand" },
    ]);
    expect(clock.slept).toEqual([15_000, 30_000, 60_000]);
    expect(mocks.ec2).toHaveReceivedCommandTimes(DeleteSubnetCommand, 4);
  });

  it("deletes what needs more than one call: a web ACL with its lock token, a role with its policies, a task definition", async () => {
    mocks.wafv2.on(GetWebACLCommand).resolves({ LockToken: "token-1" }).on(DeleteWebACLCommand).resolves({});
    mocks.iam
      .on(ListRolePoliciesCommand)
      .resolves({ PolicyNames: ["execution-role-policy"] })
      .on(ListAttachedRolePoliciesCommand)
      .resolves({ AttachedPolicies: [] })
      .on(DeleteRolePolicyCommand)
      .resolves({})
      .on(DeleteRoleCommand)
      .resolves({});
    mocks.ecs
      .on(DeregisterTaskDefinitionCommand)
      .rejects(awsError("ClientException", "The specified task definition is inactive."))
      .on(DeleteTaskDefinitionsCommand)
      .resolves({ failures: [] });
    mocks.logs.on(DeleteLogGroupCommand).resolves({});
    mocks.cloudwatch.on(DeleteDashboardsCommand).resolves({});
    const role = "pr42-shop-d21b2cdf-execution";
    const taskDefinition = arn("ecs", "task-definition/pr42-shop-blue:3");

    const failures = await inventory().remove([
      found(arn("wafv2", "regional/webacl/pr42-shop-d21b2cdf-waf/1234-abcd")),
      { id: `arn:aws:iam::111122223333:role/${role}`, kind: "iam:role", stack: "pr-42" },
      found(taskDefinition),
      found(arn("logs", "log-group:/prenv/pr42-shop-d21b2cdf-app:*")),
      { id: "arn:aws:cloudwatch::111122223333:dashboard/pr42-shop-d21b2cdf-dashboard", kind: "cloudwatch:dashboard", stack: "pr-42" },
    ]);

    expect(failures).toEqual([]);
    expect(mocks.wafv2).toHaveReceivedCommandWith(DeleteWebACLCommand, { Name: "pr42-shop-d21b2cdf-waf", Id: "1234-abcd", Scope: "REGIONAL", LockToken: "token-1" });
    expect(mocks.iam).toHaveReceivedCommandWith(DeleteRolePolicyCommand, { RoleName: role, PolicyName: "execution-role-policy" });
    expect(mocks.iam).toHaveReceivedCommandWith(DeleteRoleCommand, { RoleName: role });
    expect(mocks.ecs).toHaveReceivedCommandWith(DeleteTaskDefinitionsCommand, { taskDefinitions: [taskDefinition] });
    expect(mocks.logs).toHaveReceivedCommandWith(DeleteLogGroupCommand, { logGroupName: "/prenv/pr42-shop-d21b2cdf-app" });
    expect(mocks.cloudwatch).toHaveReceivedCommandWith(DeleteDashboardsCommand, { DashboardNames: ["pr42-shop-d21b2cdf-dashboard"] });
  });
});

describe("AwsInventory.remove, kind by kind", () => {
  type Mock = AwsStub<any, any, any>;
  type Call = readonly [command: abstract new (...args: never[]) => unknown, input: object];
  interface Case {
    readonly arn: string;
    /** The client the deleter uses; every call to it is checked, in order. */
    readonly client: keyof typeof mocks;
    readonly calls: readonly Call[];
    /** Responses beyond the empty one every command gets. */
    readonly setup?: () => void;
    /** More to check after the deletion. */
    readonly check?: () => void;
  }

  const target = arn("application-autoscaling", "scalable-target/0123456789abcdef0123456789abcdef");
  // The SDK's paginators reuse one input object for every page, so the recorded calls all show the
  // last page's token: the pages asked for are copied as they are asked for instead.
  const pagesAsked: object[] = [];
  const scalableTarget = (ScalableTargetARN: string, service: string) => ({
    ScalableTargetARN,
    ServiceNamespace: "ecs" as const,
    ResourceId: `service/pr42-cluster/${service}`,
    ScalableDimension: "ecs:service:DesiredCount" as const,
    MinCapacity: 1,
    MaxCapacity: 4,
    RoleARN: "arn:aws:iam::111122223333:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService",
    CreationTime: new Date(),
  });
  const listener = arn("elasticloadbalancing", "listener/app/pr42-shop-d21b2cdf-alb/50dc6c495c0c9188/f2f7dc8efc522ab2");
  const alb = arn("elasticloadbalancing", "loadbalancer/app/pr42-shop-d21b2cdf-alb/50dc6c495c0c9188");
  const targetGroup = arn("elasticloadbalancing", "targetgroup/pr42-shop-d21b2cdf-blue/73e2d6bc24d8a067");
  const secret = arn("secretsmanager", "secret:pr42-shop-d21b2cdf-app-AbCdEf");
  const cluster = arn("ecs", "cluster/pr42-shop-d21b2cdf-cluster");
  const taskDefinition = arn("ecs", "task-definition/pr42-shop-d21b2cdf-blue:3");
  const role = "pr42-shop-d21b2cdf-execution";
  const policy = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

  const cases: Readonly<Record<string, Case>> = {
    "scalable target (found on the second page)": {
      arn: target,
      client: "autoscaling",
      setup: () => {
        pagesAsked.length = 0;
        mocks.autoscaling.on(DescribeScalableTargetsCommand).callsFake(async (input: { NextToken?: string }) => {
          pagesAsked.push({ ...input });
          return input.NextToken === "t2"
            ? { ScalableTargets: [scalableTarget(target, "pr42-blue")] }
            : { ScalableTargets: [scalableTarget(arn("application-autoscaling", "scalable-target/other"), "other")], NextToken: "t2" };
        });
      },
      check: () => expect(pagesAsked).toEqual([{ ServiceNamespace: "ecs" }, { ServiceNamespace: "ecs", NextToken: "t2" }]),
      calls: [
        [DescribeScalableTargetsCommand, expect.anything()],
        [DescribeScalableTargetsCommand, expect.anything()],
        [DeregisterScalableTargetCommand, { ServiceNamespace: "ecs", ResourceId: "service/pr42-cluster/pr42-blue", ScalableDimension: "ecs:service:DesiredCount" }],
      ],
    },
    "scalable target already gone": {
      arn: target,
      client: "autoscaling",
      setup: () => mocks.autoscaling.on(DescribeScalableTargetsCommand).resolves({ ScalableTargets: [] }),
      calls: [[DescribeScalableTargetsCommand, { ServiceNamespace: "ecs" }]],
    },
    listener: { arn: listener, client: "elb", calls: [[DeleteListenerCommand, { ListenerArn: listener }]] },
    "ECS service": {
      arn: arn("ecs", "service/pr42-cluster/pr42-blue"),
      client: "ecs",
      calls: [[DeleteServiceCommand, { cluster: "pr42-cluster", service: "pr42-blue", force: true }]],
    },
    "ECS service, short ARN (no cluster)": {
      arn: arn("ecs", "service/legacy-app"),
      client: "ecs",
      calls: [[DeleteServiceCommand, { service: "legacy-app", force: true }]],
    },
    "RDS instance": {
      arn: arn("rds", "db:pr42-shop-d21b2cdf-db-1"),
      client: "rds",
      calls: [[DeleteDBInstanceCommand, { DBInstanceIdentifier: "pr42-shop-d21b2cdf-db-1", SkipFinalSnapshot: true, DeleteAutomatedBackups: true }]],
    },
    "load balancer": { arn: alb, client: "elb", calls: [[DeleteLoadBalancerCommand, { LoadBalancerArn: alb }]] },
    "ECS cluster": { arn: cluster, client: "ecs", calls: [[DeleteClusterCommand, { cluster }]] },
    "RDS cluster": {
      arn: arn("rds", "cluster:pr42-shop-d21b2cdf-db"),
      client: "rds",
      calls: [[DeleteDBClusterCommand, { DBClusterIdentifier: "pr42-shop-d21b2cdf-db", SkipFinalSnapshot: true }]],
    },
    "NAT gateway": { arn: arn("ec2", "natgateway/nat-0a1b2c3d4e5f67890"), client: "ec2", calls: [[DeleteNatGatewayCommand, { NatGatewayId: "nat-0a1b2c3d4e5f67890" }]] },
    "target group": { arn: targetGroup, client: "elb", calls: [[DeleteTargetGroupCommand, { TargetGroupArn: targetGroup }]] },
    "web ACL": {
      arn: arn("wafv2", "regional/webacl/pr42-shop-d21b2cdf-waf/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"),
      client: "wafv2",
      setup: () => mocks.wafv2.on(GetWebACLCommand).resolves({ LockToken: "token-1" }),
      calls: [
        [GetWebACLCommand, { Name: "pr42-shop-d21b2cdf-waf", Id: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", Scope: "REGIONAL" }],
        [DeleteWebACLCommand, { Name: "pr42-shop-d21b2cdf-waf", Id: "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", Scope: "REGIONAL", LockToken: "token-1" }],
      ],
    },
    "task definition": {
      arn: taskDefinition,
      client: "ecs",
      setup: () => mocks.ecs.on(DeleteTaskDefinitionsCommand).resolves({ failures: [] }),
      calls: [
        [DeregisterTaskDefinitionCommand, { taskDefinition }],
        [DeleteTaskDefinitionsCommand, { taskDefinitions: [taskDefinition] }],
      ],
    },
    "DB subnet group": {
      arn: arn("rds", "subgrp:pr42-shop-d21b2cdf-db"),
      client: "rds",
      calls: [[DeleteDBSubnetGroupCommand, { DBSubnetGroupName: "pr42-shop-d21b2cdf-db" }]],
    },
    secret: { arn: secret, client: "secrets", calls: [[DeleteSecretCommand, { SecretId: secret, ForceDeleteWithoutRecovery: true }]] },
    "SSM parameter, hierarchical (as prenv names them)": {
      arn: arn("ssm", "parameter/prenv/acme-shop/pr-42/db-url"),
      client: "ssm",
      calls: [[DeleteParameterCommand, { Name: "/prenv/acme-shop/pr-42/db-url" }]],
    },
    "SSM parameter, plain name": { arn: arn("ssm", "parameter/db-url"), client: "ssm", calls: [[DeleteParameterCommand, { Name: "db-url" }]] },
    alarm: {
      arn: arn("cloudwatch", "alarm:pr42-shop-d21b2cdf-blue-5xx-rate"),
      client: "cloudwatch",
      calls: [[DeleteAlarmsCommand, { AlarmNames: ["pr42-shop-d21b2cdf-blue-5xx-rate"] }]],
    },
    dashboard: {
      arn: "arn:aws:cloudwatch::111122223333:dashboard/pr42-shop-d21b2cdf-dashboard",
      client: "cloudwatch",
      calls: [[DeleteDashboardsCommand, { DashboardNames: ["pr42-shop-d21b2cdf-dashboard"] }]],
    },
    "log group": {
      arn: arn("logs", "log-group:/prenv/pr42-shop-d21b2cdf-app:*"),
      client: "logs",
      calls: [[DeleteLogGroupCommand, { logGroupName: "/prenv/pr42-shop-d21b2cdf-app" }]],
    },
    "log group, without :*": {
      arn: arn("logs", "log-group:/prenv/pr42-shop-d21b2cdf-app"),
      client: "logs",
      calls: [[DeleteLogGroupCommand, { logGroupName: "/prenv/pr42-shop-d21b2cdf-app" }]],
    },
    "ECR repository": {
      arn: arn("ecr", "repository/pr42-shop-d21b2cdf-images"),
      client: "ecr",
      calls: [[DeleteRepositoryCommand, { repositoryName: "pr42-shop-d21b2cdf-images", force: true }]],
    },
    "IAM role": {
      arn: `arn:aws:iam::111122223333:role/${role}`,
      client: "iam",
      setup: () =>
        mocks.iam
          .on(ListRolePoliciesCommand)
          .resolves({ PolicyNames: ["inline-1"] })
          .on(ListAttachedRolePoliciesCommand)
          .resolves({ AttachedPolicies: [{ PolicyName: "AmazonECSTaskExecutionRolePolicy", PolicyArn: policy }] }),
      calls: [
        [ListRolePoliciesCommand, { RoleName: role }],
        [ListAttachedRolePoliciesCommand, { RoleName: role }],
        [DeleteRolePolicyCommand, { RoleName: role, PolicyName: "inline-1" }],
        [DetachRolePolicyCommand, { RoleName: role, PolicyArn: policy }],
        [DeleteRoleCommand, { RoleName: role }],
      ],
    },
    "elastic IP": { arn: arn("ec2", "elastic-ip/eipalloc-0a1b2c3d4e5f67890"), client: "ec2", calls: [[ReleaseAddressCommand, { AllocationId: "eipalloc-0a1b2c3d4e5f67890" }]] },
    "internet gateway": {
      arn: arn("ec2", "internet-gateway/igw-0a1b2c3d"),
      client: "ec2",
      setup: () =>
        mocks.ec2.on(DescribeInternetGatewaysCommand).resolves({ InternetGateways: [{ InternetGatewayId: "igw-0a1b2c3d", Attachments: [{ VpcId: "vpc-1", State: "attached" as const }] }] }),
      calls: [
        [DescribeInternetGatewaysCommand, { InternetGatewayIds: ["igw-0a1b2c3d"] }],
        [DetachInternetGatewayCommand, { InternetGatewayId: "igw-0a1b2c3d", VpcId: "vpc-1" }],
        [DeleteInternetGatewayCommand, { InternetGatewayId: "igw-0a1b2c3d" }],
      ],
    },
    "security group": { arn: arn("ec2", "security-group/sg-0a1b2c3d"), client: "ec2", calls: [[DeleteSecurityGroupCommand, { GroupId: "sg-0a1b2c3d" }]] },
    subnet: { arn: arn("ec2", "subnet/subnet-0a1b2c3d"), client: "ec2", calls: [[DeleteSubnetCommand, { SubnetId: "subnet-0a1b2c3d" }]] },
    "route table": { arn: arn("ec2", "route-table/rtb-0a1b2c3d"), client: "ec2", calls: [[DeleteRouteTableCommand, { RouteTableId: "rtb-0a1b2c3d" }]] },
    VPC: { arn: arn("ec2", "vpc/vpc-0a1b2c3d"), client: "ec2", calls: [[DeleteVpcCommand, { VpcId: "vpc-0a1b2c3d" }]] },
  };

  it("has a case for every kind it can delete", () => {
    expect([...new Set(Object.values(cases).map((c) => parseArn(c.arn)!.kind))].sort()).toEqual([...DELETABLE_KINDS].sort());
  });

  it.each(Object.entries(cases))("%s", async (_, { arn: resourceArn, client, calls, setup, check }) => {
    for (const mock of Object.values(mocks)) (mock as unknown as Mock).onAnyCommand().resolves({});
    setup?.();

    expect(await inventory().remove([{ id: resourceArn, kind: parseArn(resourceArn)!.kind, stack: "pr-42" }])).toEqual([]);

    const sent = (mocks[client] as unknown as Mock).calls().map((call) => {
      const command = call.args[0] as { constructor: unknown; input: object };
      return [command.constructor, command.input];
    });
    expect(sent).toEqual(calls);
    check?.();
    const others = Object.entries(mocks).filter(([name]) => name !== client);
    expect(others.flatMap(([, mock]) => (mock as unknown as Mock).calls())).toEqual([]);
  });
});
