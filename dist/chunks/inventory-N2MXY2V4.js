import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  require_dist_cjs,
  require_dist_cjs2 as require_dist_cjs4,
  require_dist_cjs3 as require_dist_cjs6,
  require_dist_cjs4 as require_dist_cjs8,
  require_dist_cjs5 as require_dist_cjs9
} from "./chunk-H4B2OKKM.js";
import {
  require_dist_cjs as require_dist_cjs12,
  require_dist_cjs2 as require_dist_cjs13
} from "./chunk-N3W3ECP2.js";
import {
  require_dist_cjs as require_dist_cjs2,
  require_dist_cjs2 as require_dist_cjs3,
  require_dist_cjs3 as require_dist_cjs5,
  require_dist_cjs4 as require_dist_cjs7,
  require_dist_cjs5 as require_dist_cjs10
} from "./chunk-XDKVF3L6.js";
import {
  require_dist_cjs4 as require_dist_cjs11
} from "./chunk-X7U3VS55.js";
import {
  prOfStack
} from "./chunk-WEA3IVXC.js";
import "./chunk-4O2OTYLT.js";
import {
  parseArn
} from "./chunk-I6HFVHE7.js";
import {
  IAM_ROLES,
  TAG_KEYS,
  checkedNames,
  prOfName,
  stackName
} from "./chunk-SGK2CS55.js";
import "./chunk-2UHFVT3F.js";
import "./chunk-7NWHOIVA.js";
import {
  __toESM
} from "./chunk-WKVD46MP.js";

// src/aws/inventory.ts
var import_client_application_auto_scaling = __toESM(require_dist_cjs(), 1);
var import_client_cloudwatch = __toESM(require_dist_cjs2(), 1);
var import_client_cloudwatch_logs = __toESM(require_dist_cjs3(), 1);
var import_client_ec2 = __toESM(require_dist_cjs4(), 1);
var import_client_ecr = __toESM(require_dist_cjs5(), 1);
var import_client_ecs = __toESM(require_dist_cjs11(), 1);
var import_client_elastic_load_balancing_v2 = __toESM(require_dist_cjs12(), 1);
var import_client_iam = __toESM(require_dist_cjs6(), 1);
var import_client_rds = __toESM(require_dist_cjs7(), 1);
var import_client_resource_groups_tagging_api = __toESM(require_dist_cjs13(), 1);
var import_client_secrets_manager = __toESM(require_dist_cjs8(), 1);
var import_client_ssm = __toESM(require_dist_cjs9(), 1);
var import_client_wafv2 = __toESM(require_dist_cjs10(), 1);
var after = (arn, type) => arn.resource.slice(type.length + 1);
var last = (arn) => arn.resource.split(/[:/]/).pop() ?? arn.resource;
var parameterName = (arn) => {
  const name = after(arn, "parameter");
  return name.includes("/") ? `/${name}` : name;
};
var repoTag = (repo) => repo.toLowerCase();
var DELETERS = {
  "application-autoscaling:scalable-target": {
    // In the first rank, with the ECS services it scales; deregistering also deletes its scaling
    // policies. The ARN holds only an opaque id, so the target is looked up among the ECS ones by
    // ARN; none with that ARN means it is gone already.
    rank: 0,
    remove: async (aws, arn) => {
      for await (const page of (0, import_client_application_auto_scaling.paginateDescribeScalableTargets)({ client: aws.autoscaling }, { ServiceNamespace: "ecs" })) {
        const target = page.ScalableTargets?.find((t) => t.ScalableTargetARN === arn.text);
        if (!target) continue;
        const { ServiceNamespace, ResourceId, ScalableDimension } = target;
        await aws.autoscaling.send(new import_client_application_auto_scaling.DeregisterScalableTargetCommand({ ServiceNamespace, ResourceId, ScalableDimension }));
        return;
      }
    }
  },
  "elasticloadbalancing:listener": { rank: 0, remove: (aws, arn) => aws.elb.send(new import_client_elastic_load_balancing_v2.DeleteListenerCommand({ ListenerArn: arn.text })) },
  "ecs:service": {
    rank: 0,
    remove: async (aws, arn) => {
      const parts = arn.resource.split("/").slice(1);
      const service = parts.pop();
      const cluster = parts.pop();
      await aws.ecs.send(new import_client_ecs.DeleteServiceCommand({ ...cluster ? { cluster } : {}, service, force: true }));
    }
  },
  "rds:db": {
    rank: 0,
    remove: (aws, arn) => aws.rds.send(new import_client_rds.DeleteDBInstanceCommand({ DBInstanceIdentifier: after(arn, "db"), SkipFinalSnapshot: true, DeleteAutomatedBackups: true }))
  },
  "elasticloadbalancing:loadbalancer": { rank: 1, remove: (aws, arn) => aws.elb.send(new import_client_elastic_load_balancing_v2.DeleteLoadBalancerCommand({ LoadBalancerArn: arn.text })) },
  "ecs:cluster": { rank: 1, remove: (aws, arn) => aws.ecs.send(new import_client_ecs.DeleteClusterCommand({ cluster: arn.text })) },
  "rds:cluster": {
    rank: 1,
    remove: (aws, arn) => aws.rds.send(new import_client_rds.DeleteDBClusterCommand({ DBClusterIdentifier: after(arn, "cluster"), SkipFinalSnapshot: true }))
  },
  "ec2:natgateway": { rank: 1, remove: (aws, arn) => aws.ec2.send(new import_client_ec2.DeleteNatGatewayCommand({ NatGatewayId: last(arn) })) },
  "elasticloadbalancing:targetgroup": { rank: 2, remove: (aws, arn) => aws.elb.send(new import_client_elastic_load_balancing_v2.DeleteTargetGroupCommand({ TargetGroupArn: arn.text })) },
  "wafv2:webacl": {
    rank: 2,
    remove: async (aws, arn) => {
      const [, , name, id] = arn.resource.split("/");
      const where = { Name: name, Id: id, Scope: "REGIONAL" };
      const { LockToken } = await aws.wafv2.send(new import_client_wafv2.GetWebACLCommand(where));
      await aws.wafv2.send(new import_client_wafv2.DeleteWebACLCommand({ ...where, LockToken }));
    }
  },
  "ecs:task-definition": {
    rank: 2,
    remove: async (aws, arn) => {
      await aws.ecs.send(new import_client_ecs.DeregisterTaskDefinitionCommand({ taskDefinition: arn.text })).catch(() => void 0);
      const { failures } = await aws.ecs.send(new import_client_ecs.DeleteTaskDefinitionsCommand({ taskDefinitions: [arn.text] }));
      const failure = failures?.[0];
      if (failure) throw new Error(`${failure.reason ?? "failed"}${failure.detail ? `: ${failure.detail}` : ""}`);
    }
  },
  "rds:subgrp": { rank: 2, remove: (aws, arn) => aws.rds.send(new import_client_rds.DeleteDBSubnetGroupCommand({ DBSubnetGroupName: after(arn, "subgrp") })) },
  "secretsmanager:secret": {
    rank: 2,
    remove: (aws, arn) => aws.secrets.send(new import_client_secrets_manager.DeleteSecretCommand({ SecretId: arn.text, ForceDeleteWithoutRecovery: true }))
  },
  "ssm:parameter": { rank: 2, remove: (aws, arn) => aws.ssm.send(new import_client_ssm.DeleteParameterCommand({ Name: parameterName(arn) })) },
  "cloudwatch:alarm": { rank: 2, remove: (aws, arn) => aws.cloudwatch.send(new import_client_cloudwatch.DeleteAlarmsCommand({ AlarmNames: [after(arn, "alarm")] })) },
  "cloudwatch:dashboard": {
    rank: 2,
    remove: (aws, arn) => aws.cloudwatch.send(new import_client_cloudwatch.DeleteDashboardsCommand({ DashboardNames: [after(arn, "dashboard")] }))
  },
  "logs:log-group": {
    rank: 2,
    remove: (aws, arn) => aws.logs.send(new import_client_cloudwatch_logs.DeleteLogGroupCommand({ logGroupName: after(arn, "log-group").replace(/:\*$/, "") }))
  },
  "ecr:repository": {
    rank: 2,
    remove: (aws, arn) => aws.ecr.send(new import_client_ecr.DeleteRepositoryCommand({ repositoryName: after(arn, "repository"), force: true }))
  },
  "iam:role": {
    rank: 2,
    remove: async (aws, arn) => {
      const RoleName = last(arn);
      const [inline, attached] = await Promise.all([
        aws.iam.send(new import_client_iam.ListRolePoliciesCommand({ RoleName })),
        aws.iam.send(new import_client_iam.ListAttachedRolePoliciesCommand({ RoleName }))
      ]);
      await Promise.all([
        ...(inline.PolicyNames ?? []).map((PolicyName) => aws.iam.send(new import_client_iam.DeleteRolePolicyCommand({ RoleName, PolicyName }))),
        ...(attached.AttachedPolicies ?? []).map((p) => aws.iam.send(new import_client_iam.DetachRolePolicyCommand({ RoleName, PolicyArn: p.PolicyArn })))
      ]);
      await aws.iam.send(new import_client_iam.DeleteRoleCommand({ RoleName }));
    }
  },
  "ec2:elastic-ip": { rank: 3, remove: (aws, arn) => aws.ec2.send(new import_client_ec2.ReleaseAddressCommand({ AllocationId: last(arn) })) },
  "ec2:internet-gateway": {
    rank: 3,
    remove: async (aws, arn) => {
      const InternetGatewayId = last(arn);
      const { InternetGateways } = await aws.ec2.send(new import_client_ec2.DescribeInternetGatewaysCommand({ InternetGatewayIds: [InternetGatewayId] }));
      for (const attachment of InternetGateways?.[0]?.Attachments ?? []) {
        await aws.ec2.send(new import_client_ec2.DetachInternetGatewayCommand({ InternetGatewayId, VpcId: attachment.VpcId }));
      }
      await aws.ec2.send(new import_client_ec2.DeleteInternetGatewayCommand({ InternetGatewayId }));
    }
  },
  "ec2:security-group": { rank: 3, remove: (aws, arn) => aws.ec2.send(new import_client_ec2.DeleteSecurityGroupCommand({ GroupId: last(arn) })) },
  "ec2:subnet": { rank: 4, remove: (aws, arn) => aws.ec2.send(new import_client_ec2.DeleteSubnetCommand({ SubnetId: last(arn) })) },
  "ec2:route-table": { rank: 5, remove: (aws, arn) => aws.ec2.send(new import_client_ec2.DeleteRouteTableCommand({ RouteTableId: last(arn) })) },
  "ec2:vpc": { rank: 6, remove: (aws, arn) => aws.ec2.send(new import_client_ec2.DeleteVpcCommand({ VpcId: last(arn) })) }
};
var DELETABLE_KINDS = Object.keys(DELETERS);
var GONE = /NotFound|NoSuchEntity|NonexistentItem|does not exist|not found|ServiceNotActive|already being deleted|is being deleted|DELETE_IN_PROGRESS|is already in state deleted/i;
var errorText = (error) => {
  const e = error;
  return `${e.name && e.name !== "Error" ? `${e.name}: ` : ""}${e.message ?? String(error)}`;
};
var unlessGone = async (lookup) => {
  try {
    return await lookup();
  } catch (error) {
    if (GONE.test(errorText(error))) return [];
    throw error;
  }
};
var PARALLEL = 5;
var AwsInventory = class {
  aws;
  options;
  constructor(aws, options) {
    this.aws = aws;
    this.options = options;
  }
  async list(given, stack) {
    const repo = repoTag(given);
    const [tagged, named] = await Promise.all([this.tagged(repo, stack), stack ? this.namedFor(repo, stack) : this.namedSweep(repo)]);
    return [...tagged, ...named];
  }
  async tagged(repo, stack) {
    const TagFilters = [{ Key: TAG_KEYS.repo, Values: [repo] }, ...stack ? [{ Key: TAG_KEYS.stack, Values: [stack] }] : []];
    const found = [];
    for await (const page of (0, import_client_resource_groups_tagging_api.paginateGetResources)({ client: this.aws.tagging }, { TagFilters, ResourcesPerPage: 100 })) {
      for (const mapping of page.ResourceTagMappingList ?? []) {
        const arn = mapping.ResourceARN ? parseArn(mapping.ResourceARN) : void 0;
        if (!arn) continue;
        const tag = mapping.Tags?.find((t) => t.Key === TAG_KEYS.stack)?.Value;
        found.push({ id: mapping.ResourceARN, kind: arn.kind, ...tag ? { stack: tag } : {} });
      }
    }
    return found;
  }
  /** One stack's IAM roles and dashboard, by the names the program gives them. */
  async namedFor(repo, stack) {
    const pr = prOfStack(stack);
    if (pr === void 0) return [];
    const id = { repo, pr };
    const roles = IAM_ROLES.map(
      (role) => unlessGone(async () => {
        const { Role } = await this.aws.iam.send(new import_client_iam.GetRoleCommand({ RoleName: checkedNames.iamRole(id, role) }));
        return Role?.Arn ? [{ id: Role.Arn, kind: "iam:role", stack }] : [];
      })
    );
    const dashboard = unlessGone(async () => {
      const { DashboardArn } = await this.aws.cloudwatch.send(new import_client_cloudwatch.GetDashboardCommand({ DashboardName: checkedNames.dashboard(id) }));
      return DashboardArn ? [{ id: DashboardArn, kind: "cloudwatch:dashboard", stack }] : [];
    });
    return (await Promise.all([...roles, dashboard])).flat();
  }
  /** Every IAM role and dashboard whose name says it is one of the repo's PRs'. */
  async namedSweep(repo) {
    const found = [];
    const add = (name, arn, kind) => {
      const pr = name ? prOfName(repo, name) : void 0;
      if (pr !== void 0 && arn) found.push({ id: arn, kind, stack: stackName(pr) });
    };
    for await (const page of (0, import_client_iam.paginateListRoles)({ client: this.aws.iam }, {})) {
      for (const role of page.Roles ?? []) add(role.RoleName, role.Arn, "iam:role");
    }
    for await (const page of (0, import_client_cloudwatch.paginateListDashboards)({ client: this.aws.cloudwatch }, { DashboardNamePrefix: "pr" })) {
      for (const dashboard of page.DashboardEntries ?? []) add(dashboard.DashboardName, dashboard.DashboardArn, "cloudwatch:dashboard");
    }
    return found;
  }
  async remove(resources) {
    const { clock } = this.options;
    const passes = this.options.passes ?? 4;
    const failures = /* @__PURE__ */ new Map();
    const unknown = resources.filter((r) => !DELETERS[r.kind] || !parseArn(r.id));
    let pending = resources.filter((r) => !unknown.includes(r));
    for (let pass = 0; pass < passes && pending.length > 0; pass++) {
      if (pass > 0) await clock.sleep((this.options.firstPauseMs ?? 15e3) * 2 ** (pass - 1));
      failures.clear();
      const ranks = [...new Set(pending.map((r) => DELETERS[r.kind].rank))].sort((a, b) => a - b);
      for (const rank of ranks) {
        const group = pending.filter((r) => DELETERS[r.kind].rank === rank);
        for (let i = 0; i < group.length; i += PARALLEL) {
          await Promise.all(
            group.slice(i, i + PARALLEL).map(async (resource) => {
              try {
                await DELETERS[resource.kind].remove(this.aws, parseArn(resource.id));
              } catch (error) {
                const text = errorText(error);
                if (!GONE.test(text)) failures.set(resource.id, { resource, error: text.split("\n")[0] });
              }
            })
          );
        }
      }
      pending = pending.filter((r) => failures.has(r.id));
    }
    return [
      ...failures.values(),
      ...unknown.map((resource) => ({ resource, error: `prenv does not know how to delete a ${resource.kind}; delete it by hand` }))
    ];
  }
};
export {
  AwsInventory,
  DELETABLE_KINDS
};
