// A resource as a plan sees it: its Pulumi type token, logical name, the inputs the program gave it
// and the state the (simulated) cloud answered with. Cost and quota estimates read only this.

export interface PlannedResource {
  /** Pulumi type token, e.g. `aws:lb/loadBalancer:LoadBalancer`. */
  readonly type: string;
  readonly name: string;
  /** The cloud's ID for it (simulated in a plan). */
  readonly id: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly state: Readonly<Record<string, unknown>>;
}

export const TYPES = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  internetGateway: "aws:ec2/internetGateway:InternetGateway",
  eip: "aws:ec2/eip:Eip",
  natGateway: "aws:ec2/natGateway:NatGateway",
  loadBalancer: "aws:lb/loadBalancer:LoadBalancer",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  ecsService: "aws:ecs/service:Service",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  scalingTarget: "aws:appautoscaling/target:Target",
  dbCluster: "aws:rds/cluster:Cluster",
  dbInstance: "aws:rds/clusterInstance:ClusterInstance",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  secret: "aws:secretsmanager/secret:Secret",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;

export const ofType = (resources: readonly PlannedResource[], type: string) =>
  resources.filter((resource) => resource.type === type);

export const num = (value: unknown, fallback = 0): number => {
  const parsed = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : fallback;
};

export const text = (value: unknown): string => (typeof value === "string" ? value : "");

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
