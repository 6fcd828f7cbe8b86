import { describe, expect, it } from "vitest";
import { dashboardBody, dashboardUrl } from "../../infra/components/dashboard-body.ts";

const targets = {
  region: "eu-west-1",
  loadBalancer: "app/pr7-alb/abc",
  targetGroups: { blue: "targetgroup/pr7-blue/1", green: "targetgroup/pr7-green/2" },
  cluster: "pr7-cluster",
  services: { blue: "pr7-blue", green: "pr7-green" },
};

describe("dashboardBody", () => {
  it("charts ECS per service and the ALB per target group, two widgets a row", () => {
    const { widgets } = dashboardBody(targets);
    expect(widgets).toHaveLength(6);
    expect(widgets[0]).toEqual({
      type: "metric",
      x: 0,
      y: 0,
      width: 12,
      height: 6,
      properties: {
        title: "ECS CPU utilization (%) by colour",
        region: "eu-west-1",
        view: "timeSeries",
        stacked: false,
        period: 60,
        stat: "Average",
        metrics: [
          ["AWS/ECS", "CPUUtilization", "ClusterName", "pr7-cluster", "ServiceName", "pr7-blue", { label: "blue" }],
          ["AWS/ECS", "CPUUtilization", "ClusterName", "pr7-cluster", "ServiceName", "pr7-green", { label: "green" }],
        ],
      },
    });
    expect(widgets[4]!.properties.metrics).toEqual([
      ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "TargetGroup", "targetgroup/pr7-blue/1", "LoadBalancer", "app/pr7-alb/abc", { label: "blue", stat: "Sum" }],
      ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "TargetGroup", "targetgroup/pr7-green/2", "LoadBalancer", "app/pr7-alb/abc", { label: "green", stat: "Sum" }],
    ]);
    expect(widgets.map((w) => [w.x, w.y])).toEqual([[0, 0], [12, 0], [0, 6], [12, 6], [0, 12], [12, 12]]);
  });

  it("adds the database's connections and CPU when there is one", () => {
    const { widgets } = dashboardBody({ ...targets, dbCluster: "pr7-db" });
    expect(widgets.slice(6).map((w) => w.properties.metrics)).toEqual([
      [["AWS/RDS", "DatabaseConnections", "DBClusterIdentifier", "pr7-db", { label: "DatabaseConnections" }]],
      [["AWS/RDS", "CPUUtilization", "DBClusterIdentifier", "pr7-db", { label: "CPUUtilization" }]],
    ]);
  });

  it("links to the dashboard in the console of its region", () => {
    expect(dashboardUrl("eu-west-1", "pr7-dash")).toBe(
      "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/pr7-dash",
    );
  });
});
