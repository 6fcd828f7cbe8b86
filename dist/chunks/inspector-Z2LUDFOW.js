import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  require_dist_cjs,
  require_dist_cjs2,
  require_dist_cjs3,
  require_dist_cjs4,
  require_dist_cjs5
} from "./chunk-XDKVF3L6.js";
import {
  require_dist_cjs4 as require_dist_cjs6
} from "./chunk-X7U3VS55.js";
import "./chunk-2UHFVT3F.js";
import "./chunk-7NWHOIVA.js";
import {
  __toESM
} from "./chunk-WKVD46MP.js";

// src/aws/inspector.ts
var import_client_cloudwatch = __toESM(require_dist_cjs(), 1);
var import_client_cloudwatch_logs = __toESM(require_dist_cjs2(), 1);
var import_client_ecr = __toESM(require_dist_cjs3(), 1);
var import_client_ecs = __toESM(require_dist_cjs6(), 1);
var import_client_rds = __toESM(require_dist_cjs4(), 1);
var import_client_wafv2 = __toESM(require_dist_cjs5(), 1);
var NOT_FOUND = /* @__PURE__ */ new Set([
  "WAFNonexistentItemException",
  "ResourceNotFound",
  "ResourceNotFoundException",
  "DBClusterNotFoundFault",
  "RepositoryNotFoundException",
  "ClusterNotFoundException"
]);
var UNSUPPORTED = /* @__PURE__ */ new Set(["UnknownOperationException", "InvalidAction", "NotImplemented", "NotImplementedException", "InternalFailure"]);
var AwsInspector = class {
  aws;
  /** Set when AWS_ENDPOINT_URL points somewhere other than AWS. */
  endpoint;
  constructor(aws, endpoint) {
    this.aws = aws;
    this.endpoint = endpoint;
  }
  async fact(what, read, missing) {
    try {
      return { value: await read() };
    } catch (caught) {
      const error = caught;
      if (NOT_FOUND.has(error.name ?? "")) return { value: missing };
      const status = error.$metadata?.httpStatusCode;
      const unsupported = this.endpoint !== void 0 && (UNSUPPORTED.has(error.name ?? "") || status === 404 || status === 501 || error.code === "ECONNREFUSED");
      return unsupported ? { unavailable: `${what}: not supported by the endpoint at AWS_ENDPOINT_URL (${this.endpoint})`, unsupported: true } : { unavailable: `${what}: ${error.name ?? "error"}: ${error.message ?? "no message"}` };
    }
  }
  async services(cluster, services) {
    const { services: found = [] } = await this.aws.ecs.send(new import_client_ecs.DescribeServicesCommand({ cluster, services: [services.blue, services.green] }));
    const state = (name) => {
      const service = found.find((s) => s.serviceName === name && s.status !== "INACTIVE");
      return service ? { running: service.runningCount ?? 0, desired: service.desiredCount ?? 0, deployments: service.deployments?.length ?? 0 } : void 0;
    };
    return { blue: state(services.blue), green: state(services.green) };
  }
  wafAcl(loadBalancerArn) {
    return this.fact("WAF", async () => (await this.aws.wafv2.send(new import_client_wafv2.GetWebACLForResourceCommand({ ResourceArn: loadBalancerArn }))).WebACL?.ARN ?? null, null);
  }
  alarms(names) {
    return this.fact(
      "CloudWatch alarms",
      async () => {
        const { MetricAlarms = [], CompositeAlarms = [] } = await this.aws.cloudwatch.send(new import_client_cloudwatch.DescribeAlarmsCommand({ AlarmNames: [...names] }));
        return [...MetricAlarms, ...CompositeAlarms].map((alarm) => alarm.AlarmName ?? "");
      },
      []
    );
  }
  dashboard(name) {
    return this.fact("CloudWatch dashboard", async () => Boolean((await this.aws.cloudwatch.send(new import_client_cloudwatch.GetDashboardCommand({ DashboardName: name }))).DashboardArn), false);
  }
  database(clusterIdentifier) {
    return this.fact(
      "RDS",
      async () => {
        const cluster = (await this.aws.rds.send(new import_client_rds.DescribeDBClustersCommand({ DBClusterIdentifier: clusterIdentifier }))).DBClusters?.[0];
        return cluster ? { status: cluster.Status ?? "unknown", encrypted: cluster.StorageEncrypted === true } : null;
      },
      null
    );
  }
  logRetentionDays(logGroup) {
    return this.fact(
      "CloudWatch Logs",
      async () => (await this.aws.logs.send(new import_client_cloudwatch_logs.DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup }))).logGroups?.find((g) => g.logGroupName === logGroup)?.retentionInDays ?? null,
      null
    );
  }
  scanOnPush(repository) {
    return this.fact(
      "ECR",
      async () => (await this.aws.ecr.send(new import_client_ecr.DescribeRepositoriesCommand({ repositoryNames: [repository] }))).repositories?.[0]?.imageScanningConfiguration?.scanOnPush ?? null,
      null
    );
  }
  containerInsights(cluster) {
    return this.fact(
      "ECS",
      async () => {
        const found = (await this.aws.ecs.send(new import_client_ecs.DescribeClustersCommand({ clusters: [cluster], include: ["SETTINGS"] }))).clusters?.find((c) => c.status === "ACTIVE");
        if (!found) return null;
        const setting = found.settings?.find((s) => s.name === "containerInsights")?.value;
        return setting === "enabled" || setting === "enhanced";
      },
      null
    );
  }
};
export {
  AwsInspector
};
