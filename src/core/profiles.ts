// The two shapes of the same stack. `preview` is what every PR gets by default: cheap, quick to
// create, fully destroyable. `production` is the shape of a real production stack, so a PR can
// rehearse it. Everything that differs between them is data in this table, not branches in infra/.

export const PROFILE_NAMES = ["preview", "production"] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export const DATABASE_MODES = ["serverless", "provisioned", "none"] as const;
export type DatabaseMode = (typeof DATABASE_MODES)[number];

export interface CapacityShare {
  readonly capacityProvider: "FARGATE" | "FARGATE_SPOT";
  readonly weight: number;
  readonly base: number;
}

export interface Profile {
  readonly availabilityZones: 2 | 3;
  /** One NAT gateway shared by every private subnet, or one per availability zone. */
  readonly natGateways: "shared" | "perAz";
  readonly capacityProviderStrategy: readonly CapacityShare[];
  readonly task: { readonly cpu: number; readonly memoryMiB: number };
  readonly scaling: { readonly min: number; readonly max: number; readonly cpuTargetPercent: number };
  /** Connection draining: how long the ALB waits for in-flight requests of a leaving target. */
  readonly deregistrationDelaySeconds: number;
  readonly healthCheck: {
    readonly intervalSeconds: number;
    readonly timeoutSeconds: number;
    readonly healthyThreshold: number;
    readonly unhealthyThreshold: number;
  };
  readonly logRetentionDays: number;
  readonly database: {
    readonly defaultMode: Exclude<DatabaseMode, "none">;
    /** Reader instances next to the writer, each in another availability zone. */
    readonly readers: number;
    readonly backupRetentionDays: number;
    /** Aurora Serverless v2 capacity; 0 ACU lets the cluster pause when idle. */
    readonly serverless: { readonly minAcu: number; readonly maxAcu: number; readonly autoPauseSeconds: number };
    readonly instanceClass: string;
    readonly connectionsAlarmThreshold: number;
  };
  readonly alarms: { readonly periodSeconds: number; readonly evaluationPeriods: number; readonly max5xxPercent: number };
}

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  preview: {
    availabilityZones: 2,
    natGateways: "shared",
    capacityProviderStrategy: [
      { capacityProvider: "FARGATE_SPOT", weight: 3, base: 0 },
      { capacityProvider: "FARGATE", weight: 1, base: 0 },
    ],
    task: { cpu: 256, memoryMiB: 512 },
    scaling: { min: 1, max: 2, cpuTargetPercent: 70 },
    deregistrationDelaySeconds: 5,
    healthCheck: { intervalSeconds: 10, timeoutSeconds: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
    logRetentionDays: 3,
    database: {
      defaultMode: "serverless",
      readers: 0,
      backupRetentionDays: 1,
      serverless: { minAcu: 0, maxAcu: 1, autoPauseSeconds: 300 },
      instanceClass: "db.t4g.medium",
      connectionsAlarmThreshold: 50,
    },
    alarms: { periodSeconds: 60, evaluationPeriods: 3, max5xxPercent: 5 },
  },
  production: {
    availabilityZones: 3,
    natGateways: "perAz",
    capacityProviderStrategy: [
      { capacityProvider: "FARGATE", weight: 1, base: 1 },
      { capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 },
    ],
    task: { cpu: 512, memoryMiB: 1024 },
    scaling: { min: 2, max: 10, cpuTargetPercent: 70 },
    deregistrationDelaySeconds: 60,
    healthCheck: { intervalSeconds: 15, timeoutSeconds: 5, healthyThreshold: 3, unhealthyThreshold: 3 },
    logRetentionDays: 30,
    database: {
      defaultMode: "provisioned",
      readers: 1,
      backupRetentionDays: 7,
      serverless: { minAcu: 0.5, maxAcu: 16, autoPauseSeconds: 0 },
      instanceClass: "db.r6g.large",
      connectionsAlarmThreshold: 500,
    },
    alarms: { periodSeconds: 60, evaluationPeriods: 5, max5xxPercent: 1 },
  },
};
