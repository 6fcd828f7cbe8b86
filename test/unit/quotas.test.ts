import { describe, expect, it } from "vitest";
import type { PlannedResource } from "../../src/core/planned-resource.ts";
import { quotaReport } from "../../src/core/quotas.ts";

const resource = (type: string, name: string, inputs: Record<string, unknown> = {}): PlannedResource => ({
  type,
  name,
  id: `${name}-id`,
  inputs,
  state: {},
});

const network = (natZones: string[]) => [
  resource("aws:ec2/vpc:Vpc", "vpc"),
  resource("aws:ec2/internetGateway:InternetGateway", "igw"),
  ...["a", "b", "c"].map((zone) => resource("aws:ec2/subnet:Subnet", `public-${zone}`, { availabilityZone: `us-east-1${zone}` })),
  ...natZones.map((zone, i) => resource("aws:ec2/eip:Eip", `eip-${i}`)),
  ...natZones.map((zone, i) => resource("aws:ec2/natGateway:NatGateway", `nat-${i}`, { subnetId: `public-${zone}-id` })),
];

describe("quotaReport", () => {
  it("bounds a shared-NAT stack by the VPCs left beside the default VPC", () => {
    const report = quotaReport([...network(["a"]), resource("aws:lb/loadBalancer:LoadBalancer", "alb")]);
    expect(report.maxConcurrentPrs).toBe(4);
    expect(report.boundBy).toEqual(["VPCs per region", "Internet gateways per region"]);
    expect(report.uses.find((use) => use.key === "natGatewaysPerZone")).toMatchObject({ perPr: 1, prsThatFit: 5 });
  });

  it("bounds a NAT-per-zone stack by Elastic IPs, and counts NATs per zone, not per region", () => {
    const report = quotaReport(network(["a", "b", "c"]));
    expect(report.maxConcurrentPrs).toBe(1);
    expect(report.boundBy).toEqual(["Elastic IP addresses per region"]);
    expect(report.uses.find((use) => use.key === "natGatewaysPerZone")).toMatchObject({ perPr: 1, prsThatFit: 5 });
  });

  it("leaves out quotas the stack does not touch", () => {
    expect(quotaReport([resource("aws:rds/clusterInstance:ClusterInstance", "w")]).uses.map((use) => use.key)).toEqual(["dbInstances"]);
    expect(quotaReport([]).maxConcurrentPrs).toBeNull();
  });
});
