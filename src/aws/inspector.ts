// The Inspector over the AWS SDK: the facts the integration checks judge. A fact that cannot be
// read says why; against a stand-in endpoint (AWS_ENDPOINT_URL) a service it does not offer is
// "unsupported", and its checks are skipped by name rather than failed.
import { DescribeAlarmsCommand, GetDashboardCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeRepositoriesCommand } from "@aws-sdk/client-ecr";
import { DescribeClustersCommand, DescribeServicesCommand } from "@aws-sdk/client-ecs";
import { DescribeDBClustersCommand } from "@aws-sdk/client-rds";
import { GetWebACLForResourceCommand } from "@aws-sdk/client-wafv2";
import type { Fact, ServiceState } from "../core/checks.ts";
import type { Color } from "../core/naming.ts";
import type { Inspector } from "../ports.ts";
import type { AllAwsClients } from "./clients.ts";

/** Errors that mean "this does not exist", by service: the fact is then null, not unavailable. */
const NOT_FOUND = new Set([
  "WAFNonexistentItemException",
  "ResourceNotFound",
  "ResourceNotFoundException",
  "DBClusterNotFoundFault",
  "RepositoryNotFoundException",
  "ClusterNotFoundException",
]);

/** What a stand-in endpoint answers for an API it does not implement. */
const UNSUPPORTED = new Set(["UnknownOperationException", "InvalidAction", "NotImplemented", "NotImplementedException", "InternalFailure"]);

interface AwsError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  code?: string;
}

export class AwsInspector implements Inspector {
  private readonly aws: AllAwsClients;
  /** Set when AWS_ENDPOINT_URL points somewhere other than AWS. */
  private readonly endpoint: string | undefined;

  constructor(aws: AllAwsClients, endpoint: string | undefined) {
    this.aws = aws;
    this.endpoint = endpoint;
  }

  private async fact<T>(what: string, read: () => Promise<T>, missing: T): Promise<Fact<T>> {
    try {
      return { value: await read() };
    } catch (caught) {
      const error = caught as AwsError;
      if (NOT_FOUND.has(error.name ?? "")) return { value: missing };
      const status = error.$metadata?.httpStatusCode;
      const unsupported =
        this.endpoint !== undefined && (UNSUPPORTED.has(error.name ?? "") || status === 404 || status === 501 || error.code === "ECONNREFUSED");
      return unsupported
        ? { unavailable: `${what}: not supported by the endpoint at AWS_ENDPOINT_URL (${this.endpoint})`, unsupported: true }
        : { unavailable: `${what}: ${error.name ?? "error"}: ${error.message ?? "no message"}` };
    }
  }

  async services(cluster: string, services: Readonly<Record<Color, string>>): Promise<Record<Color, ServiceState | undefined>> {
    const { services: found = [] } = await this.aws.ecs.send(new DescribeServicesCommand({ cluster, services: [services.blue, services.green] }));
    const state = (name: string): ServiceState | undefined => {
      const service = found.find((s) => s.serviceName === name && s.status !== "INACTIVE");
      return service ? { running: service.runningCount ?? 0, desired: service.desiredCount ?? 0, deployments: service.deployments?.length ?? 0 } : undefined;
    };
    return { blue: state(services.blue), green: state(services.green) };
  }

  wafAcl(loadBalancerArn: string) {
    return this.fact("WAF", async () => (await this.aws.wafv2.send(new GetWebACLForResourceCommand({ ResourceArn: loadBalancerArn }))).WebACL?.ARN ?? null, null);
  }

  alarms(names: readonly string[]) {
    return this.fact(
      "CloudWatch alarms",
      async () => {
        const { MetricAlarms = [], CompositeAlarms = [] } = await this.aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [...names] }));
        return [...MetricAlarms, ...CompositeAlarms].map((alarm) => alarm.AlarmName ?? "");
      },
      [] as readonly string[],
    );
  }

  dashboard(name: string) {
    return this.fact("CloudWatch dashboard", async () => Boolean((await this.aws.cloudwatch.send(new GetDashboardCommand({ DashboardName: name }))).DashboardArn), false);
  }

  database(clusterIdentifier: string) {
    return this.fact(
      "RDS",
      async () => {
        const cluster = (await this.aws.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterIdentifier }))).DBClusters?.[0];
        return cluster ? { status: cluster.Status ?? "unknown", encrypted: cluster.StorageEncrypted === true } : null;
      },
      null,
    );
  }

  logRetentionDays(logGroup: string) {
    return this.fact(
      "CloudWatch Logs",
      async () => (await this.aws.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup }))).logGroups?.find((g) => g.logGroupName === logGroup)?.retentionInDays ?? null,
      null,
    );
  }

  scanOnPush(repository: string) {
    return this.fact(
      "ECR",
      async () => (await this.aws.ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [repository] }))).repositories?.[0]?.imageScanningConfiguration?.scanOnPush ?? null,
      null,
    );
  }

  containerInsights(cluster: string) {
    return this.fact(
      "ECS",
      async () => {
        const found = (await this.aws.ecs.send(new DescribeClustersCommand({ clusters: [cluster], include: ["SETTINGS"] }))).clusters?.find((c) => c.status === "ACTIVE");
        if (!found) return null;
        const setting = found.settings?.find((s) => s.name === "containerInsights")?.value;
        return setting === "enabled" || setting === "enhanced";
      },
      null,
    );
  }
}
