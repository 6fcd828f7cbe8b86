// Estimated cost of a planned stack: a price table, and per resource type a rule that says what
// that resource costs per hour. An estimate from list prices of one region on one date, for the
// fixed hourly part of the bill; usage-based charges are named, not guessed.
import { list, num, ofType, type PlannedResource, text, TYPES } from "./planned-resource.ts";

export const PRICES = {
  region: "us-east-1",
  takenOn: "2025-06-01",
  source: "AWS public on-demand price pages; Fargate Spot at a typical rate, as Spot prices move",
  hoursPerMonth: 730,
  usd: {
    natGatewayHour: 0.045,
    publicIpv4Hour: 0.005,
    albHour: 0.0225,
    fargateVcpuHour: 0.04048,
    fargateGbHour: 0.004445,
    fargateSpotVcpuHour: 0.01334053,
    fargateSpotGbHour: 0.00146489,
    auroraAcuHour: 0.12,
    wafAclMonth: 5,
    wafRuleMonth: 1,
    secretMonth: 0.4,
    dashboardMonth: 3,
    alarmMetricMonth: 0.1,
  },
  /** Aurora MySQL (Aurora Standard) per instance-hour. */
  auroraInstanceHour: {
    "db.t4g.medium": 0.073,
    "db.t4g.large": 0.146,
    "db.r6g.large": 0.26,
    "db.r6g.xlarge": 0.519,
    "db.r7g.large": 0.276,
  } as Readonly<Record<string, number>>,
} as const;

export const USAGE_BASED = [
  "NAT data processing ($0.045/GB)",
  "ALB capacity units ($0.008/LCU-hour)",
  "WAF requests ($0.60/million)",
  "CloudWatch log ingestion and Container Insights metrics",
  "Aurora storage and I/O",
  "ECR storage",
  "data transfer",
] as const;

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  /** At the stack's minimum scale: tasks at their minimum count, Aurora Serverless at its minimum ACU. */
  readonly hourlyUsd: number;
  /** Everything scaled out to its configured maximum. */
  readonly maxHourlyUsd: number;
  readonly note?: string;
}

export interface CostEstimate {
  readonly hourlyUsd: number;
  readonly dailyUsd: number;
  readonly maxHourlyUsd: number;
  readonly lines: readonly CostLine[];
  readonly basis: string;
  readonly excludes: readonly string[];
}

const { usd, hoursPerMonth } = PRICES;
const monthly = (amount: number) => amount / hoursPerMonth;

type Rule = (resource: PlannedResource, all: readonly PlannedResource[]) => CostLine[];

const fixed = (item: string, quantity: number, unit: string, hourly: number, note?: string): CostLine => ({
  item,
  quantity,
  unit,
  hourlyUsd: quantity * hourly,
  maxHourlyUsd: quantity * hourly,
  ...(note ? { note } : {}),
});

/**
 * How many of `tasks` land on each capacity provider: each provider's `base` first, the rest split
 * by weight (the capacity-provider strategy rule of ECS), as an expected, possibly fractional count.
 */
export function splitTasks(
  strategy: readonly { capacityProvider: string; weight: number; base: number }[],
  tasks: number,
): Record<string, number> {
  const split: Record<string, number> = {};
  let remaining = tasks;
  for (const { capacityProvider, base } of strategy) {
    const placed = Math.min(base, remaining);
    split[capacityProvider] = placed;
    remaining -= placed;
  }
  const totalWeight = strategy.reduce((sum, share) => sum + share.weight, 0);
  for (const { capacityProvider, weight } of strategy) {
    split[capacityProvider] = (split[capacityProvider] ?? 0) + (totalWeight > 0 ? (remaining * weight) / totalWeight : 0);
  }
  return split;
}

const fargateService: Rule = (service, all) => {
  const taskDefinition = ofType(all, TYPES.taskDefinition).find(
    (candidate) => text(candidate.state["arn"]) === text(service.inputs["taskDefinition"]),
  );
  const vcpu = num(taskDefinition?.inputs["cpu"]) / 1024;
  const gb = num(taskDefinition?.inputs["memory"]) / 1024;
  const serviceName = text(service.inputs["name"]);
  const scaling = ofType(all, TYPES.scalingTarget).find((target) =>
    text(target.inputs["resourceId"]).endsWith(`/${serviceName}`),
  );
  const minTasks = num(scaling?.inputs["minCapacity"], num(service.inputs["desiredCount"], 1));
  const maxTasks = num(scaling?.inputs["maxCapacity"], minTasks);
  const strategy = list(service.inputs["capacityProviderStrategies"]).map((entry) => {
    const share = entry as Record<string, unknown>;
    return { capacityProvider: text(share["capacityProvider"]), weight: num(share["weight"]), base: num(share["base"]) };
  });
  const perTask = {
    FARGATE: vcpu * usd.fargateVcpuHour + gb * usd.fargateGbHour,
    FARGATE_SPOT: vcpu * usd.fargateSpotVcpuHour + gb * usd.fargateSpotGbHour,
  };
  const hourly = (tasks: number) => {
    const split = strategy.length > 0 ? splitTasks(strategy, tasks) : { FARGATE: tasks };
    return (split["FARGATE"] ?? 0) * perTask.FARGATE + (split["FARGATE_SPOT"] ?? 0) * perTask.FARGATE_SPOT;
  };
  const spot = strategy.length > 0 ? (splitTasks(strategy, minTasks)["FARGATE_SPOT"] ?? 0) / minTasks : 0;
  return [
    {
      item: "Fargate tasks",
      quantity: minTasks,
      unit: `task (${vcpu} vCPU, ${gb} GB)`,
      hourlyUsd: hourly(minTasks),
      maxHourlyUsd: hourly(maxTasks),
      note: `${Math.round(spot * 100)}% on Fargate Spot at ${minTasks} tasks; scales ${minTasks}–${maxTasks}`,
    },
  ];
};

const auroraInstance: Rule = (instance, all) => {
  const instanceClass = text(instance.inputs["instanceClass"]);
  if (instanceClass !== "db.serverless") {
    const price = PRICES.auroraInstanceHour[instanceClass];
    if (price === undefined) return [fixed("Aurora MySQL", 1, `instance (${instanceClass}, not in the price table)`, 0)];
    return [fixed("Aurora MySQL", 1, `instance (${instanceClass})`, price)];
  }
  const cluster = ofType(all, TYPES.dbCluster)[0];
  const scaling = (cluster?.inputs["serverlessv2ScalingConfiguration"] ?? {}) as Record<string, unknown>;
  const min = num(scaling["minCapacity"]);
  const max = num(scaling["maxCapacity"], min);
  return [
    {
      item: "Aurora MySQL",
      quantity: 1,
      unit: `Serverless v2 instance (${min}–${max} ACU)`,
      hourlyUsd: min * usd.auroraAcuHour,
      maxHourlyUsd: max * usd.auroraAcuHour,
      note: min === 0 ? `pauses when idle; $${usd.auroraAcuHour} per ACU-hour while in use` : `$${usd.auroraAcuHour} per ACU-hour`,
    },
  ];
};

const PUBLIC_IPV4 = "Public IPv4 addresses";
const CLOUDWATCH = "CloudWatch";
const SECRETS = "Secrets Manager";

/** What each resource type costs by the hour; types not listed here have no fixed hourly price. */
const RULES: Readonly<Record<string, Rule>> = {
  [TYPES.natGateway]: () => [fixed("NAT gateways", 1, "gateway", usd.natGatewayHour)],
  [TYPES.eip]: () => [fixed(PUBLIC_IPV4, 1, "address", usd.publicIpv4Hour)],
  [TYPES.loadBalancer]: (alb) => [
    fixed("Application Load Balancer", 1, "load balancer", usd.albHour),
    // An internet-facing ALB holds one public IPv4 address per subnet (zone) it spans.
    fixed(PUBLIC_IPV4, list(alb.inputs["subnets"]).length, "address", usd.publicIpv4Hour),
  ],
  [TYPES.ecsService]: fargateService,
  [TYPES.dbInstance]: auroraInstance,
  [TYPES.webAcl]: (acl) => [
    fixed("WAF", 1, "web ACL", monthly(usd.wafAclMonth)),
    fixed("WAF", list(acl.inputs["rules"]).length, "rule", monthly(usd.wafRuleMonth)),
  ],
  [TYPES.secret]: () => [fixed(SECRETS, 1, "secret", monthly(usd.secretMonth))],
  [TYPES.dbCluster]: (cluster) =>
    cluster.inputs["manageMasterUserPassword"] ? [fixed(SECRETS, 1, "secret", monthly(usd.secretMonth))] : [],
  [TYPES.dashboard]: () => [fixed(CLOUDWATCH, 1, "dashboard", monthly(usd.dashboardMonth))],
  // Alarms are billed per metric they watch; metric math alarms watch several.
  [TYPES.metricAlarm]: (alarm) => {
    const metrics = list(alarm.inputs["metricQueries"]).filter((query) => (query as { metric?: unknown }).metric);
    return [fixed(CLOUDWATCH, Math.max(1, metrics.length), "alarm metric", monthly(usd.alarmMetricMonth))];
  },
};

export function estimateCost(resources: readonly PlannedResource[]): CostEstimate {
  const merged = new Map<string, CostLine>();
  for (const resource of resources) {
    for (const line of RULES[resource.type]?.(resource, resources) ?? []) {
      const key = `${line.item}\0${line.unit}\0${line.note ?? ""}`;
      const previous = merged.get(key);
      merged.set(key, {
        ...line,
        quantity: (previous?.quantity ?? 0) + line.quantity,
        hourlyUsd: (previous?.hourlyUsd ?? 0) + line.hourlyUsd,
        maxHourlyUsd: (previous?.maxHourlyUsd ?? 0) + line.maxHourlyUsd,
      });
    }
  }
  const lines = [...merged.values()].sort((a, b) => b.hourlyUsd - a.hourlyUsd || a.item.localeCompare(b.item));
  const hourlyUsd = lines.reduce((sum, line) => sum + line.hourlyUsd, 0);
  return {
    hourlyUsd,
    dailyUsd: hourlyUsd * 24,
    maxHourlyUsd: lines.reduce((sum, line) => sum + line.maxHourlyUsd, 0),
    lines,
    basis: `${PRICES.region} list prices as of ${PRICES.takenOn} (${PRICES.source}); an estimate, not a bill`,
    excludes: USAGE_BASED,
  };
}
