// The CloudWatch dashboard of one PR environment, as plain data: ECS CPU and memory, ALB requests,
// latency and 5xx per colour, and the database's connections and CPU. Kept free of Pulumi types so
// the exact body can be read and tested on its own.
import { type Color, COLORS } from "../../src/core/naming.ts";

export interface DashboardTargets {
  readonly region: string;
  readonly loadBalancer: string;
  readonly targetGroups: Readonly<Record<Color, string>>;
  readonly cluster: string;
  readonly services: Readonly<Record<Color, string>>;
  /** Absent when the stack has no database. */
  readonly dbCluster?: string;
}

type Metric = (string | { label: string; stat?: string })[];

export interface DashboardWidget {
  readonly type: "metric";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title: string;
    readonly region: string;
    readonly view: "timeSeries";
    readonly stacked: boolean;
    readonly period: number;
    readonly stat: string;
    readonly metrics: Metric[];
  };
}

const WIDTH = 12;
const HEIGHT = 6;

export function dashboardBody(t: DashboardTargets): { widgets: DashboardWidget[] } {
  const perColor = (metric: (color: Color) => Metric) => COLORS.map(metric);
  const ecs = (name: string) => (color: Color): Metric => [
    "AWS/ECS",
    name,
    "ClusterName",
    t.cluster,
    "ServiceName",
    t.services[color],
    { label: `${color}` },
  ];
  const alb = (name: string, stat: string) => (color: Color): Metric => [
    "AWS/ApplicationELB",
    name,
    "TargetGroup",
    t.targetGroups[color],
    "LoadBalancer",
    t.loadBalancer,
    { label: `${color}`, stat },
  ];
  const rds = (name: string): Metric => ["AWS/RDS", name, "DBClusterIdentifier", t.dbCluster ?? "", { label: name }];

  const charts: { title: string; metrics: Metric[]; stat: string }[] = [
    { title: "ECS CPU utilization (%) by colour", metrics: perColor(ecs("CPUUtilization")), stat: "Average" },
    { title: "ECS memory utilization (%) by colour", metrics: perColor(ecs("MemoryUtilization")), stat: "Average" },
    { title: "ALB requests by colour", metrics: perColor(alb("RequestCount", "Sum")), stat: "Sum" },
    { title: "ALB target response time (s) by colour", metrics: perColor(alb("TargetResponseTime", "p90")), stat: "p90" },
    { title: "ALB target 5xx by colour", metrics: perColor(alb("HTTPCode_Target_5XX_Count", "Sum")), stat: "Sum" },
    { title: "ALB healthy targets by colour", metrics: perColor(alb("HealthyHostCount", "Minimum")), stat: "Minimum" },
    ...(t.dbCluster
      ? [
          { title: "Database connections", metrics: [rds("DatabaseConnections")], stat: "Maximum" },
          { title: "Database CPU utilization (%)", metrics: [rds("CPUUtilization")], stat: "Average" },
        ]
      : []),
  ];

  return {
    widgets: charts.map((chart, index) => ({
      type: "metric" as const,
      x: (index % 2) * WIDTH,
      y: Math.floor(index / 2) * HEIGHT,
      width: WIDTH,
      height: HEIGHT,
      properties: {
        title: chart.title,
        region: t.region,
        view: "timeSeries" as const,
        stacked: false,
        period: 60,
        stat: chart.stat,
        metrics: chart.metrics,
      },
    })),
  };
}

export const dashboardUrl = (region: string, name: string): string =>
  `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${name}`;
