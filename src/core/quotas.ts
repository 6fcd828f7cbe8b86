// How many PR environments fit in one region before an AWS default quota stops the next deploy.
// Each quota counts its resources in the plan; the tightest one bounds the number of PRs.
import { ofType, type PlannedResource, text, TYPES } from "./planned-resource.ts";

export interface QuotaRule {
  readonly key: string;
  readonly name: string;
  /** AWS's default value, per region unless the name says otherwise. */
  readonly quota: number;
  /** Taken before prenv starts, e.g. by the region's default VPC. */
  readonly reserved: number;
  readonly reservedNote?: string;
  readonly count: (resources: readonly PlannedResource[]) => number;
}

const counter = (type: string) => (resources: readonly PlannedResource[]) => ofType(resources, type).length;

/** NAT gateways count per zone; a shared preview NAT always sits in the first zone. */
const busiestZoneNatCount = (resources: readonly PlannedResource[]) => {
  const zoneOfSubnet = new Map(
    ofType(resources, TYPES.subnet).map((subnet) => [subnet.id, text(subnet.inputs["availabilityZone"])]),
  );
  const perZone = new Map<string, number>();
  for (const nat of ofType(resources, TYPES.natGateway)) {
    const zone = zoneOfSubnet.get(text(nat.inputs["subnetId"])) ?? "unknown";
    perZone.set(zone, (perZone.get(zone) ?? 0) + 1);
  }
  return Math.max(0, ...perZone.values());
};

export const DEFAULT_QUOTAS: readonly QuotaRule[] = [
  {
    key: "vpcs",
    name: "VPCs per region",
    quota: 5,
    reserved: 1,
    reservedNote: "the region's default VPC counts against it",
    count: counter(TYPES.vpc),
  },
  {
    key: "internetGateways",
    name: "Internet gateways per region",
    quota: 5,
    reserved: 1,
    reservedNote: "the default VPC's gateway counts against it",
    count: counter(TYPES.internetGateway),
  },
  { key: "elasticIps", name: "Elastic IP addresses per region", quota: 5, reserved: 0, count: counter(TYPES.eip) },
  { key: "natGatewaysPerZone", name: "NAT gateways per availability zone", quota: 5, reserved: 0, count: busiestZoneNatCount },
  { key: "applicationLoadBalancers", name: "Application Load Balancers per region", quota: 50, reserved: 0, count: counter(TYPES.loadBalancer) },
  { key: "targetGroups", name: "Target groups per region", quota: 3000, reserved: 0, count: counter(TYPES.targetGroup) },
  { key: "dbClusters", name: "Aurora DB clusters per region", quota: 40, reserved: 0, count: counter(TYPES.dbCluster) },
  { key: "dbInstances", name: "DB instances per region", quota: 40, reserved: 0, count: counter(TYPES.dbInstance) },
  { key: "wafWebAcls", name: "WAF web ACLs per region", quota: 100, reserved: 0, count: counter(TYPES.webAcl) },
];

export interface QuotaUse {
  readonly key: string;
  readonly name: string;
  readonly quota: number;
  readonly reserved: number;
  readonly reservedNote?: string;
  readonly perPr: number;
  /** How many PR environments fit under this quota alone. */
  readonly prsThatFit: number;
}

export interface QuotaReport {
  readonly uses: readonly QuotaUse[];
  /** Concurrent PR environments per region at default quotas (the tightest quota decides); null if none binds. */
  readonly maxConcurrentPrs: number | null;
  readonly boundBy: readonly string[];
}

export function quotaReport(resources: readonly PlannedResource[], rules = DEFAULT_QUOTAS): QuotaReport {
  const uses = rules
    .map(({ count, ...rule }) => ({ ...rule, perPr: count(resources) }))
    .filter((use) => use.perPr > 0)
    .map((use) => ({ ...use, prsThatFit: Math.floor((use.quota - use.reserved) / use.perPr) }));
  const maxConcurrentPrs = uses.length > 0 ? Math.min(...uses.map((use) => use.prsThatFit)) : null;
  return {
    uses,
    maxConcurrentPrs,
    boundBy: uses.filter((use) => use.prsThatFit === maxConcurrentPrs).map((use) => use.name),
  };
}
