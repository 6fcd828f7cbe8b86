import { describe, expect, it } from "vitest";
import { estimateCost, PRICES, splitTasks } from "../../src/core/cost.ts";
import type { PlannedResource } from "../../src/core/planned-resource.ts";

const resource = (type: string, name: string, inputs: Record<string, unknown> = {}, state: Record<string, unknown> = {}): PlannedResource => ({
  type,
  name,
  id: `${name}-id`,
  inputs,
  state,
});

describe("splitTasks", () => {
  it("places each provider's base first, then splits the rest by weight", () => {
    const production = [
      { capacityProvider: "FARGATE", weight: 1, base: 1 },
      { capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 },
    ];
    expect(splitTasks(production, 1)).toEqual({ FARGATE: 1, FARGATE_SPOT: 0 });
    expect(splitTasks(production, 3)).toEqual({ FARGATE: 2, FARGATE_SPOT: 1 });
    const preview = [
      { capacityProvider: "FARGATE_SPOT", weight: 3, base: 0 },
      { capacityProvider: "FARGATE", weight: 1, base: 0 },
    ];
    expect(splitTasks(preview, 4)).toEqual({ FARGATE_SPOT: 3, FARGATE: 1 });
  });
});

describe("estimateCost", () => {
  it("prices fixed hourly resources from the table and names what it leaves out", () => {
    const estimate = estimateCost([
      resource("aws:ec2/natGateway:NatGateway", "nat-0"),
      resource("aws:ec2/eip:Eip", "nat-0"),
      resource("aws:lb/loadBalancer:LoadBalancer", "alb", { subnets: ["a", "b"] }),
      resource("aws:ec2/vpc:Vpc", "vpc"),
    ]);
    expect(estimate.lines).toEqual([
      { item: "NAT gateways", quantity: 1, unit: "gateway", hourlyUsd: 0.045, maxHourlyUsd: 0.045 },
      { item: "Application Load Balancer", quantity: 1, unit: "load balancer", hourlyUsd: 0.0225, maxHourlyUsd: 0.0225 },
      { item: "Public IPv4 addresses", quantity: 3, unit: "address", hourlyUsd: 0.015, maxHourlyUsd: 0.015 },
    ]);
    expect(estimate.hourlyUsd).toBeCloseTo(0.0825, 10);
    expect(estimate.dailyUsd).toBeCloseTo(0.0825 * 24, 10);
    expect(estimate.basis).toContain(`${PRICES.region} list prices as of ${PRICES.takenOn}`);
    expect(estimate.basis).toContain("an estimate, not a bill");
    expect(estimate.excludes).toContain("NAT data processing ($0.045/GB)");
  });

  it("prices Fargate tasks from the task size, the scaling bounds and the Spot share", () => {
    const taskDefinition = resource("aws:ecs/taskDefinition:TaskDefinition", "blue-task", { cpu: "1024", memory: "2048" }, { arn: "td-arn" });
    const service = resource("aws:ecs/service:Service", "blue-service", {
      name: "svc",
      taskDefinition: "td-arn",
      desiredCount: 2,
      capacityProviderStrategies: [
        { capacityProvider: "FARGATE", weight: 1, base: 1 },
        { capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 },
      ],
    });
    const scaling = resource("aws:appautoscaling/target:Target", "blue-scaling", { resourceId: "service/c/svc", minCapacity: 2, maxCapacity: 4 });
    const [line] = estimateCost([taskDefinition, service, scaling]).lines;
    const onDemand = 1 * 0.04048 + 2 * 0.004445;
    const spot = 1 * 0.01334053 + 2 * 0.00146489;
    expect(line).toMatchObject({ item: "Fargate tasks", quantity: 2, unit: "task (1 vCPU, 2 GB)", note: "25% on Fargate Spot at 2 tasks; scales 2–4" });
    expect(line!.hourlyUsd).toBeCloseTo(1.5 * onDemand + 0.5 * spot, 10);
    expect(line!.maxHourlyUsd).toBeCloseTo(2.5 * onDemand + 1.5 * spot, 10);
  });

  it("prices Aurora Serverless v2 at its minimum capacity, and provisioned instances by class", () => {
    const cluster = resource("aws:rds/cluster:Cluster", "db", {
      manageMasterUserPassword: true,
      serverlessv2ScalingConfiguration: { minCapacity: 0, maxCapacity: 2 },
    });
    const serverless = estimateCost([cluster, resource("aws:rds/clusterInstance:ClusterInstance", "w", { instanceClass: "db.serverless" })]);
    expect(serverless.lines.find((l) => l.item === "Aurora MySQL")).toMatchObject({
      hourlyUsd: 0,
      maxHourlyUsd: 0.24,
      note: "pauses when idle; $0.12 per ACU-hour while in use",
    });
    expect(serverless.lines.find((l) => l.item === "Secrets Manager")).toMatchObject({ quantity: 1, unit: "secret" });
    const provisioned = estimateCost([
      resource("aws:rds/clusterInstance:ClusterInstance", "w", { instanceClass: "db.r6g.large" }),
      resource("aws:rds/clusterInstance:ClusterInstance", "r", { instanceClass: "db.r6g.large" }),
    ]);
    expect(provisioned.lines).toEqual([
      { item: "Aurora MySQL", quantity: 2, unit: "instance (db.r6g.large)", hourlyUsd: 0.52, maxHourlyUsd: 0.52 },
    ]);
  });

  it("turns monthly prices into hourly ones and bills alarms per watched metric", () => {
    const estimate = estimateCost([
      resource("aws:wafv2/webAcl:WebAcl", "waf", { rules: [{}] }),
      resource("aws:cloudwatch/metricAlarm:MetricAlarm", "a", { metricQueries: [{ metric: {} }, { metric: {} }, { expression: "x" }] }),
      resource("aws:cloudwatch/metricAlarm:MetricAlarm", "b", { metricName: "X" }),
    ]);
    expect(estimate.lines.find((l) => l.unit === "web ACL")!.hourlyUsd).toBeCloseTo(5 / 730, 10);
    expect(estimate.lines.find((l) => l.unit === "rule")!.hourlyUsd).toBeCloseTo(1 / 730, 10);
    expect(estimate.lines.find((l) => l.unit === "alarm metric")).toMatchObject({ quantity: 3 });
  });
});
