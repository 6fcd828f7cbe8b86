// The Inventory over AWS: prenv's resources found by their `prenv:repo` and `prenv:stack` tags
// (the Resource Groups Tagging API), plus the kinds that API cannot search (IAM roles, dashboards)
// found by the names prenv gives them. Deleting goes kind by kind from a table, dependents first,
// in passes: what is still in use (a subnet with a load balancer's interfaces, a cluster still
// draining) is retried after a pause, and whatever is already gone counts as deleted.
import { DeregisterScalableTargetCommand, paginateDescribeScalableTargets } from "@aws-sdk/client-application-auto-scaling";
import { DeleteAlarmsCommand, DeleteDashboardsCommand, GetDashboardCommand, paginateListDashboards } from "@aws-sdk/client-cloudwatch";
import { DeleteLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  DeleteInternetGatewayCommand,
  DeleteNatGatewayCommand,
  DeleteRouteTableCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DescribeInternetGatewaysCommand,
  DetachInternetGatewayCommand,
  ReleaseAddressCommand,
} from "@aws-sdk/client-ec2";
import { DeleteRepositoryCommand } from "@aws-sdk/client-ecr";
import { DeleteClusterCommand, DeleteServiceCommand, DeleteTaskDefinitionsCommand, DeregisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { DeleteListenerCommand, DeleteLoadBalancerCommand, DeleteTargetGroupCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  paginateListRoles,
} from "@aws-sdk/client-iam";
import { DeleteDBClusterCommand, DeleteDBInstanceCommand, DeleteDBSubnetGroupCommand } from "@aws-sdk/client-rds";
import { paginateGetResources } from "@aws-sdk/client-resource-groups-tagging-api";
import { DeleteSecretCommand } from "@aws-sdk/client-secrets-manager";
import { DeleteParameterCommand } from "@aws-sdk/client-ssm";
import { DeleteWebACLCommand, GetWebACLCommand } from "@aws-sdk/client-wafv2";
import { type Arn, parseArn } from "../core/arn.ts";
import { checkedNames, IAM_ROLES, prOfName, stackName, TAG_KEYS } from "../core/naming.ts";
import { prOfStack, type FoundResource } from "../core/reap.ts";
import type { Clock, Inventory } from "../ports.ts";
import type { AllAwsClients } from "./clients.ts";

interface Deleter {
  /** Lower ranks go first: what depends on something is deleted before it. */
  readonly rank: number;
  remove(aws: AllAwsClients, arn: Arn): Promise<unknown>;
}

/** The part of the resource after its type: `vpc/vpc-1` -> `vpc-1`, `cluster:db` -> `db`. */
const after = (arn: Arn, type: string) => arn.resource.slice(type.length + 1);
const last = (arn: Arn) => arn.resource.split(/[:/]/).pop() ?? arn.resource;

/**
 * An SSM parameter's name from its ARN. The ARN drops a hierarchical name's leading slash
 * (`parameter/prenv/shop/pr-42/KEY` is `/prenv/shop/pr-42/KEY`, as prenv names them), while a plain
 * name has none to drop (`parameter/KEY` is `KEY`): AWS requires a name with a slash to start with one.
 */
const parameterName = (arn: Arn) => {
  const name = after(arn, "parameter");
  return name.includes("/") ? `/${name}` : name;
};

/**
 * The `prenv:repo` tag value for a repo: GitHub repo names are case-insensitive, and the stack
 * config lower-cases the repo before it tags anything (core/stack-config.ts), so searches must too.
 */
const repoTag = (repo: string) => repo.toLowerCase();

/** How prenv deletes each kind of resource its stacks create. */
const DELETERS: Readonly<Record<string, Deleter>> = {
  "application-autoscaling:scalable-target": {
    // In the first rank, with the ECS services it scales; deregistering also deletes its scaling
    // policies. The ARN holds only an opaque id, so the target is looked up among the ECS ones by
    // ARN; none with that ARN means it is gone already.
    rank: 0,
    remove: async (aws, arn) => {
      for await (const page of paginateDescribeScalableTargets({ client: aws.autoscaling }, { ServiceNamespace: "ecs" })) {
        const target = page.ScalableTargets?.find((t) => t.ScalableTargetARN === arn.text);
        if (!target) continue;
        const { ServiceNamespace, ResourceId, ScalableDimension } = target;
        await aws.autoscaling.send(new DeregisterScalableTargetCommand({ ServiceNamespace, ResourceId, ScalableDimension }));
        return;
      }
    },
  },
  "elasticloadbalancing:listener": { rank: 0, remove: (aws, arn) => aws.elb.send(new DeleteListenerCommand({ ListenerArn: arn.text })) },
  "ecs:service": {
    rank: 0,
    remove: async (aws, arn) => {
      // `service/cluster/name`, or the short `service/name` of services created before 2021, which
      // does not say the cluster. AWS cannot tag a service with a short ARN, so the tag search never
      // yields one; given one anyway, the cluster is left out and ECS looks in `default`.
      const parts = arn.resource.split("/").slice(1);
      const service = parts.pop();
      const cluster = parts.pop();
      await aws.ecs.send(new DeleteServiceCommand({ ...(cluster ? { cluster } : {}), service, force: true }));
    },
  },
  "rds:db": {
    rank: 0,
    remove: (aws, arn) => aws.rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: after(arn, "db"), SkipFinalSnapshot: true, DeleteAutomatedBackups: true })),
  },
  "elasticloadbalancing:loadbalancer": { rank: 1, remove: (aws, arn) => aws.elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn.text })) },
  "ecs:cluster": { rank: 1, remove: (aws, arn) => aws.ecs.send(new DeleteClusterCommand({ cluster: arn.text })) },
  "rds:cluster": {
    rank: 1,
    remove: (aws, arn) => aws.rds.send(new DeleteDBClusterCommand({ DBClusterIdentifier: after(arn, "cluster"), SkipFinalSnapshot: true })),
  },
  "ec2:natgateway": { rank: 1, remove: (aws, arn) => aws.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: last(arn) })) },
  "elasticloadbalancing:targetgroup": { rank: 2, remove: (aws, arn) => aws.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn.text })) },
  "wafv2:webacl": {
    rank: 2,
    remove: async (aws, arn) => {
      const [, , name, id] = arn.resource.split("/");
      const where = { Name: name, Id: id, Scope: "REGIONAL" as const };
      const { LockToken } = await aws.wafv2.send(new GetWebACLCommand(where));
      await aws.wafv2.send(new DeleteWebACLCommand({ ...where, LockToken }));
    },
  },
  "ecs:task-definition": {
    rank: 2,
    remove: async (aws, arn) => {
      // Pulumi only deregisters a task definition; an inactive one still exists until deleted.
      await aws.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn.text })).catch(() => undefined);
      const { failures } = await aws.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: [arn.text] }));
      const failure = failures?.[0];
      if (failure) throw new Error(`${failure.reason ?? "failed"}${failure.detail ? `: ${failure.detail}` : ""}`);
    },
  },
  "rds:subgrp": { rank: 2, remove: (aws, arn) => aws.rds.send(new DeleteDBSubnetGroupCommand({ DBSubnetGroupName: after(arn, "subgrp") })) },
  "secretsmanager:secret": {
    rank: 2,
    remove: (aws, arn) => aws.secrets.send(new DeleteSecretCommand({ SecretId: arn.text, ForceDeleteWithoutRecovery: true })),
  },
  "ssm:parameter": { rank: 2, remove: (aws, arn) => aws.ssm.send(new DeleteParameterCommand({ Name: parameterName(arn) })) },
  "cloudwatch:alarm": { rank: 2, remove: (aws, arn) => aws.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [after(arn, "alarm")] })) },
  "cloudwatch:dashboard": {
    rank: 2,
    remove: (aws, arn) => aws.cloudwatch.send(new DeleteDashboardsCommand({ DashboardNames: [after(arn, "dashboard")] })),
  },
  "logs:log-group": {
    rank: 2,
    remove: (aws, arn) => aws.logs.send(new DeleteLogGroupCommand({ logGroupName: after(arn, "log-group").replace(/:\*$/, "") })),
  },
  "ecr:repository": {
    rank: 2,
    remove: (aws, arn) => aws.ecr.send(new DeleteRepositoryCommand({ repositoryName: after(arn, "repository"), force: true })),
  },
  "iam:role": {
    rank: 2,
    remove: async (aws, arn) => {
      const RoleName = last(arn);
      const [inline, attached] = await Promise.all([
        aws.iam.send(new ListRolePoliciesCommand({ RoleName })),
        aws.iam.send(new ListAttachedRolePoliciesCommand({ RoleName })),
      ]);
      await Promise.all([
        ...(inline.PolicyNames ?? []).map((PolicyName) => aws.iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }))),
        ...(attached.AttachedPolicies ?? []).map((p) => aws.iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn: p.PolicyArn }))),
      ]);
      await aws.iam.send(new DeleteRoleCommand({ RoleName }));
    },
  },
  "ec2:elastic-ip": { rank: 3, remove: (aws, arn) => aws.ec2.send(new ReleaseAddressCommand({ AllocationId: last(arn) })) },
  "ec2:internet-gateway": {
    rank: 3,
    remove: async (aws, arn) => {
      const InternetGatewayId = last(arn);
      const { InternetGateways } = await aws.ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [InternetGatewayId] }));
      for (const attachment of InternetGateways?.[0]?.Attachments ?? []) {
        await aws.ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId, VpcId: attachment.VpcId }));
      }
      await aws.ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId }));
    },
  },
  "ec2:security-group": { rank: 3, remove: (aws, arn) => aws.ec2.send(new DeleteSecurityGroupCommand({ GroupId: last(arn) })) },
  "ec2:subnet": { rank: 4, remove: (aws, arn) => aws.ec2.send(new DeleteSubnetCommand({ SubnetId: last(arn) })) },
  "ec2:route-table": { rank: 5, remove: (aws, arn) => aws.ec2.send(new DeleteRouteTableCommand({ RouteTableId: last(arn) })) },
  "ec2:vpc": { rank: 6, remove: (aws, arn) => aws.ec2.send(new DeleteVpcCommand({ VpcId: last(arn) })) },
};

/** The kinds prenv knows how to delete. */
export const DELETABLE_KINDS: readonly string[] = Object.keys(DELETERS);

/** Errors that mean the resource is gone already (or on its way): nothing left to do. */
const GONE = /NotFound|NoSuchEntity|NonexistentItem|does not exist|not found|ServiceNotActive|already being deleted|is being deleted|DELETE_IN_PROGRESS|is already in state deleted/i;

const errorText = (error: unknown) => {
  const e = error as { name?: string; message?: string };
  return `${e.name && e.name !== "Error" ? `${e.name}: ` : ""}${e.message ?? String(error)}`;
};

/** A lookup by name, where "no such thing" means nothing found. */
const unlessGone = async (lookup: () => Promise<FoundResource[]>): Promise<FoundResource[]> => {
  try {
    return await lookup();
  } catch (error) {
    if (GONE.test(errorText(error))) return [];
    throw error;
  }
};

export interface AwsInventoryOptions {
  readonly clock: Clock;
  /** Passes over what is left (default 4). */
  readonly passes?: number;
  /** The pause before the second pass, doubling after (default 15 s). */
  readonly firstPauseMs?: number;
}

/** How many deletions run at once within a rank (the APIs throttle bursts). */
const PARALLEL = 5;

export class AwsInventory implements Inventory {
  private readonly aws: AllAwsClients;
  private readonly options: AwsInventoryOptions;

  constructor(aws: AllAwsClients, options: AwsInventoryOptions) {
    this.aws = aws;
    this.options = options;
  }

  async list(given: string, stack?: string): Promise<FoundResource[]> {
    // Names hash the repo case-insensitively already; the tag search needs the tag's exact value.
    const repo = repoTag(given);
    const [tagged, named] = await Promise.all([this.tagged(repo, stack), stack ? this.namedFor(repo, stack) : this.namedSweep(repo)]);
    return [...tagged, ...named];
  }

  private async tagged(repo: string, stack?: string): Promise<FoundResource[]> {
    const TagFilters = [{ Key: TAG_KEYS.repo, Values: [repo] }, ...(stack ? [{ Key: TAG_KEYS.stack, Values: [stack] }] : [])];
    const found: FoundResource[] = [];
    for await (const page of paginateGetResources({ client: this.aws.tagging }, { TagFilters, ResourcesPerPage: 100 })) {
      for (const mapping of page.ResourceTagMappingList ?? []) {
        const arn = mapping.ResourceARN ? parseArn(mapping.ResourceARN) : undefined;
        if (!arn) continue;
        const tag = mapping.Tags?.find((t) => t.Key === TAG_KEYS.stack)?.Value;
        found.push({ id: mapping.ResourceARN!, kind: arn.kind, ...(tag ? { stack: tag } : {}) });
      }
    }
    return found;
  }

  /** One stack's IAM roles and dashboard, by the names the program gives them. */
  private async namedFor(repo: string, stack: string): Promise<FoundResource[]> {
    const pr = prOfStack(stack);
    if (pr === undefined) return [];
    const id = { repo, pr };
    const roles = IAM_ROLES.map((role) =>
      unlessGone(async () => {
        const { Role } = await this.aws.iam.send(new GetRoleCommand({ RoleName: checkedNames.iamRole(id, role) }));
        return Role?.Arn ? [{ id: Role.Arn, kind: "iam:role", stack }] : [];
      }),
    );
    const dashboard = unlessGone(async () => {
      const { DashboardArn } = await this.aws.cloudwatch.send(new GetDashboardCommand({ DashboardName: checkedNames.dashboard(id) }));
      return DashboardArn ? [{ id: DashboardArn, kind: "cloudwatch:dashboard", stack }] : [];
    });
    return (await Promise.all([...roles, dashboard])).flat();
  }

  /** Every IAM role and dashboard whose name says it is one of the repo's PRs'. */
  private async namedSweep(repo: string): Promise<FoundResource[]> {
    const found: FoundResource[] = [];
    const add = (name: string | undefined, arn: string | undefined, kind: string) => {
      const pr = name ? prOfName(repo, name) : undefined;
      if (pr !== undefined && arn) found.push({ id: arn, kind, stack: stackName(pr) });
    };
    for await (const page of paginateListRoles({ client: this.aws.iam }, {})) {
      for (const role of page.Roles ?? []) add(role.RoleName, role.Arn, "iam:role");
    }
    for await (const page of paginateListDashboards({ client: this.aws.cloudwatch }, { DashboardNamePrefix: "pr" })) {
      for (const dashboard of page.DashboardEntries ?? []) add(dashboard.DashboardName, dashboard.DashboardArn, "cloudwatch:dashboard");
    }
    return found;
  }

  async remove(resources: readonly FoundResource[]): Promise<{ resource: FoundResource; error: string }[]> {
    const { clock } = this.options;
    const passes = this.options.passes ?? 4;
    const failures = new Map<string, { resource: FoundResource; error: string }>();
    const unknown = resources.filter((r) => !DELETERS[r.kind] || !parseArn(r.id));
    let pending = resources.filter((r) => !unknown.includes(r));
    for (let pass = 0; pass < passes && pending.length > 0; pass++) {
      if (pass > 0) await clock.sleep((this.options.firstPauseMs ?? 15_000) * 2 ** (pass - 1));
      failures.clear();
      const ranks = [...new Set(pending.map((r) => DELETERS[r.kind]!.rank))].sort((a, b) => a - b);
      for (const rank of ranks) {
        const group = pending.filter((r) => DELETERS[r.kind]!.rank === rank);
        for (let i = 0; i < group.length; i += PARALLEL) {
          await Promise.all(
            group.slice(i, i + PARALLEL).map(async (resource) => {
              try {
                await DELETERS[resource.kind]!.remove(this.aws, parseArn(resource.id)!);
              } catch (error) {
                const text = errorText(error);
                if (!GONE.test(text)) failures.set(resource.id, { resource, error: text.split("\n")[0]! });
              }
            }),
          );
        }
      }
      pending = pending.filter((r) => failures.has(r.id));
    }
    return [
      ...failures.values(),
      ...unknown.map((resource) => ({ resource, error: `prenv does not know how to delete a ${resource.kind}; delete it by hand` })),
    ];
  }
}
