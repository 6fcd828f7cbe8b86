// One PR's whole environment, from one validated config. infra/index.ts (the Pulumi CLI), the
// prenv Action (inline program) and the offline sandbox all build the stack through this function.
import * as pulumi from "@pulumi/pulumi";
import { ecrRepositoryArn } from "../src/core/image.ts";
import type { StackOutputKey } from "../src/core/outputs.ts";
import type { StackConfig } from "../src/core/stack-config.ts";
import { LISTENER_PORTS } from "../src/core/traffic.ts";
import { AppConfig } from "./components/app-config.ts";
import { BlueGreenService } from "./components/blue-green-service.ts";
import { Database, DATABASE_NAME } from "./components/database.ts";
import { LoadBalancer } from "./components/load-balancer.ts";
import { Monitoring } from "./components/monitoring.ts";
import { DB_PORT, Network } from "./components/network.ts";
import { Registry } from "./components/registry.ts";
import { Waf } from "./components/waf.ts";
import { stackContext } from "./context.ts";

export type StackOutputValues = Record<StackOutputKey, pulumi.Output<string>>;

export function createStack(config: StackConfig): StackOutputValues {
  const context = stackContext(config);
  const { containerPort, images } = config;

  const network = new Network("network", { context, containerPort });
  const registry = new Registry("registry", { context });
  const appConfig = new AppConfig("config", { context });
  const database =
    config.database === "none"
      ? undefined
      : new Database("database", {
          context,
          mode: config.database,
          subnetIds: network.privateSubnetIds,
          availabilityZones: network.availabilityZones,
          securityGroupId: network.dbSecurityGroupId,
        });
  const edge = new LoadBalancer("edge", {
    context,
    vpcId: network.vpcId,
    subnetIds: network.publicSubnetIds,
    securityGroupId: network.albSecurityGroupId,
    containerPort,
    healthPath: config.healthPath,
  });
  const waf = config.waf ? new Waf("waf", { context, loadBalancerArn: edge.arn }) : undefined;

  const imageRepositories = [...new Set(Object.values(images).map(ecrRepositoryArn))].filter(
    (arn): arn is string => arn !== undefined,
  );
  const app = new BlueGreenService("app", {
    context,
    images,
    containerPort,
    subnetIds: network.privateSubnetIds,
    securityGroupId: network.appSecurityGroupId,
    targetGroupArns: { blue: edge.targetGroups.blue.arn, green: edge.targetGroups.green.arn },
    listeners: edge.listeners,
    environment: database
      ? [
          { name: "DB_HOST", value: database.endpoint },
          { name: "DB_READER_HOST", value: database.readerEndpoint },
          { name: "DB_PORT", value: String(DB_PORT) },
          { name: "DB_NAME", value: DATABASE_NAME },
        ]
      : [],
    secrets: [
      ...appConfig.containerSecrets,
      ...(database
        ? [
            { name: "DB_USERNAME", valueFrom: pulumi.interpolate`${database.secretArn}:username::` },
            { name: "DB_PASSWORD", valueFrom: pulumi.interpolate`${database.secretArn}:password::` },
          ]
        : []),
    ],
    secretArns: [appConfig.secretArn, ...(database ? [database.secretArn] : [])],
    parameterArns: appConfig.parameterArns,
    pullRepositoryArns: [registry.repositoryArn, ...imageRepositories],
  });
  const monitoring = new Monitoring("monitoring", {
    context,
    loadBalancerArnSuffix: edge.arnSuffix,
    targetGroupArnSuffixes: { blue: edge.targetGroups.blue.arnSuffix, green: edge.targetGroups.green.arnSuffix },
    clusterName: app.clusterName,
    serviceNames: app.serviceNames,
    ...(database ? { dbClusterIdentifier: database.clusterIdentifier } : {}),
  });

  const absent = pulumi.output("");
  return {
    appUrl: pulumi.interpolate`http://${edge.dnsName}`,
    testUrl: pulumi.interpolate`http://${edge.dnsName}:${LISTENER_PORTS.test}`,
    albDnsName: edge.dnsName,
    albArn: edge.arn,
    listenerArn: edge.listenerArn,
    testListenerArn: edge.testListenerArn,
    blueTargetGroupArn: edge.targetGroups.blue.arn,
    greenTargetGroupArn: edge.targetGroups.green.arn,
    clusterName: app.clusterName,
    blueServiceName: app.serviceNames.blue,
    greenServiceName: app.serviceNames.green,
    dashboardUrl: monitoring.dashboardUrl,
    dbEndpoint: database?.endpoint ?? absent,
    dbReaderEndpoint: database?.readerEndpoint ?? absent,
    dbSecretArn: database?.secretArn ?? absent,
    ecrRepositoryUrl: registry.repositoryUrl,
    wafAclArn: waf?.aclArn ?? absent,
    vpcId: network.vpcId,
    blueImage: pulumi.output(images.blue),
    greenImage: pulumi.output(images.green),
  };
}
