// What a reviewer or the integration check looks at: one dashboard, and alarms for the failures
// that matter in a preview: a colour answering with 5xx, a colour with unhealthy targets, a
// database running out of connections.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkedNames, type Color, COLORS } from "../../src/core/naming.ts";
import type { StackContext } from "../context.ts";
import { dashboardBody, dashboardUrl } from "./dashboard-body.ts";

export interface MonitoringArgs {
  readonly context: StackContext;
  readonly loadBalancerArnSuffix: pulumi.Input<string>;
  readonly targetGroupArnSuffixes: Readonly<Record<Color, pulumi.Input<string>>>;
  readonly clusterName: pulumi.Input<string>;
  readonly serviceNames: Readonly<Record<Color, pulumi.Input<string>>>;
  /** Absent when the stack has no database. */
  readonly dbClusterIdentifier?: pulumi.Input<string>;
}

export class Monitoring extends pulumi.ComponentResource {
  readonly dashboardUrl: pulumi.Output<string>;
  readonly alarmNames: pulumi.Output<string>[];

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prenv:monitoring:Monitoring", name, {}, opts);
    const ctx = args.context;
    const { region } = ctx.config;
    const { alarms } = ctx.profile;
    const parent = { parent: this };
    const dashboardName = checkedNames.dashboard(ctx.config.identity);

    const dashboard = new aws.cloudwatch.Dashboard(
      "dashboard",
      {
        dashboardName,
        dashboardBody: pulumi
          .all([
            args.loadBalancerArnSuffix,
            args.targetGroupArnSuffixes.blue,
            args.targetGroupArnSuffixes.green,
            args.clusterName,
            args.serviceNames.blue,
            args.serviceNames.green,
            args.dbClusterIdentifier,
          ])
          .apply(([loadBalancer, blueTargetGroup, greenTargetGroup, cluster, blueService, greenService, dbCluster]) =>
            JSON.stringify(
              dashboardBody({
                region,
                loadBalancer,
                targetGroups: { blue: blueTargetGroup, green: greenTargetGroup },
                cluster,
                services: { blue: blueService, green: greenService },
                ...(dbCluster ? { dbCluster } : {}),
              }),
            ),
          ),
      },
      parent,
    );
    this.dashboardUrl = dashboard.dashboardName.apply((name) => dashboardUrl(region, name));

    const common = {
      evaluationPeriods: alarms.evaluationPeriods,
      comparisonOperator: "GreaterThanThreshold",
      // No traffic is not an outage: a preview nobody is looking at must not alarm.
      treatMissingData: "notBreaching",
    };
    const targetGroupDimensions = (color: Color) => ({
      TargetGroup: args.targetGroupArnSuffixes[color],
      LoadBalancer: args.loadBalancerArnSuffix,
    });
    const albMetric = (color: Color, metricName: string) => ({
      metricName,
      namespace: "AWS/ApplicationELB",
      period: alarms.periodSeconds,
      stat: "Sum",
      dimensions: targetGroupDimensions(color),
    });

    const colorAlarms = COLORS.flatMap((color) => [
      new aws.cloudwatch.MetricAlarm(
        `${color}-5xx-rate`,
        {
          name: checkedNames.alarm(ctx.config.identity, `${color}-5xx-rate`),
          alarmDescription: `More than ${alarms.max5xxPercent}% of the ${color} colour's responses are 5xx`,
          threshold: alarms.max5xxPercent,
          ...common,
          metricQueries: [
            { id: "errors", metric: albMetric(color, "HTTPCode_Target_5XX_Count") },
            { id: "requests", metric: albMetric(color, "RequestCount") },
            {
              id: "rate",
              expression: "IF(requests > 0, 100 * errors / requests, 0)",
              label: `${color} 5xx rate (%)`,
              returnData: true,
            },
          ],
          tags: ctx.tags(`${color}-5xx-rate`, color),
        },
        parent,
      ),
      new aws.cloudwatch.MetricAlarm(
        `${color}-unhealthy-hosts`,
        {
          name: checkedNames.alarm(ctx.config.identity, `${color}-unhealthy-hosts`),
          alarmDescription: `The ${color} colour has unhealthy targets`,
          namespace: "AWS/ApplicationELB",
          metricName: "UnHealthyHostCount",
          dimensions: targetGroupDimensions(color),
          statistic: "Maximum",
          period: alarms.periodSeconds,
          threshold: 0,
          ...common,
          tags: ctx.tags(`${color}-unhealthy-hosts`, color),
        },
        parent,
      ),
    ]);
    const databaseAlarms = args.dbClusterIdentifier
      ? [
          new aws.cloudwatch.MetricAlarm(
            "db-connections",
            {
              name: checkedNames.alarm(ctx.config.identity, "db-connections"),
              alarmDescription: `More than ${ctx.profile.database.connectionsAlarmThreshold} database connections`,
              namespace: "AWS/RDS",
              metricName: "DatabaseConnections",
              dimensions: { DBClusterIdentifier: args.dbClusterIdentifier },
              statistic: "Maximum",
              period: alarms.periodSeconds,
              threshold: ctx.profile.database.connectionsAlarmThreshold,
              ...common,
              tags: ctx.tags("db-connections"),
            },
            parent,
          ),
        ]
      : [];
    this.alarmNames = [...colorAlarms, ...databaseAlarms].map((alarm) => alarm.name);
    this.registerOutputs({ dashboardUrl: this.dashboardUrl });
  }
}
