// A stand-in for AWS under Pulumi's mocks: for each resource type, the computed fields the real
// provider would return (ARNs, IDs, DNS names, endpoints), shaped like the real ones and derived
// deterministically from the stack and resource names, so a simulated plan reads like a real one
// and two runs of the same PR give the same answers. Everything it returns is simulated.
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

type MockResourceArgs = pulumi.runtime.MockResourceArgs;
type MockResourceResult = pulumi.runtime.MockResourceResult;
type MockCallArgs = pulumi.runtime.MockCallArgs;

/** AWS's documentation account: obviously not anybody's real one. */
export const SIMULATED_ACCOUNT = "123456789012";

interface Fields {
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly region: string;
  /** Deterministic hex, unique per (stack, type, name). */
  hex(length: number): string;
}

type Computed = (r: Fields) => Record<string, unknown> & { id?: string };

const str = (value: unknown, fallback: string): string => (typeof value === "string" && value !== "" ? value : fallback);
const arn = (service: string, region: string, resource: string) =>
  `arn:aws:${service}:${region}:${SIMULATED_ACCOUNT}:${resource}`;

/** A UUID-shaped string from the resource's hex. */
const uuid = (r: Fields) => {
  const h = r.hex(32);
  return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
};

/** `arn:…:loadbalancer/app/name/hex` -> `app/name/hex`, as the listener ARN embeds it. */
const loadBalancerPart = (lbArn: unknown) => str(lbArn, "").split(":loadbalancer/")[1] ?? "app/unknown/0";

const COMPUTED: Record<string, Computed> = {
  "aws:ec2/vpc:Vpc": (r) => ({ id: `vpc-${r.hex(17)}`, arn: arn("ec2", r.region, `vpc/vpc-${r.hex(17)}`) }),
  "aws:ec2/subnet:Subnet": (r) => ({ id: `subnet-${r.hex(17)}` }),
  "aws:ec2/internetGateway:InternetGateway": (r) => ({ id: `igw-${r.hex(17)}` }),
  "aws:ec2/routeTable:RouteTable": (r) => ({ id: `rtb-${r.hex(17)}` }),
  "aws:ec2/routeTableAssociation:RouteTableAssociation": (r) => ({ id: `rtbassoc-${r.hex(17)}` }),
  "aws:ec2/eip:Eip": (r) => ({
    id: `eipalloc-${r.hex(17)}`,
    publicIp: `198.51.100.${parseInt(r.hex(2), 16) % 254 + 1}`,
  }),
  "aws:ec2/natGateway:NatGateway": (r) => ({ id: `nat-${r.hex(17)}` }),
  "aws:ec2/securityGroup:SecurityGroup": (r) => ({ id: `sg-${r.hex(17)}` }),
  "aws:lb/loadBalancer:LoadBalancer": (r) => {
    const name = str(r.inputs["name"], r.name);
    const suffix = `app/${name}/${r.hex(16)}`;
    return {
      arn: arn("elasticloadbalancing", r.region, `loadbalancer/${suffix}`),
      arnSuffix: suffix,
      dnsName: `${name}-${parseInt(r.hex(8), 16)}.${r.region}.elb.amazonaws.com`,
      zoneId: "Z35SXDOTRQ7X7K",
    };
  },
  "aws:lb/targetGroup:TargetGroup": (r) => {
    const suffix = `targetgroup/${str(r.inputs["name"], r.name)}/${r.hex(16)}`;
    return { arn: arn("elasticloadbalancing", r.region, suffix), arnSuffix: suffix };
  },
  "aws:lb/listener:Listener": (r) => ({
    arn: arn("elasticloadbalancing", r.region, `listener/${loadBalancerPart(r.inputs["loadBalancerArn"])}/${r.hex(16)}`),
  }),
  "aws:ecs/cluster:Cluster": (r) => ({ arn: arn("ecs", r.region, `cluster/${str(r.inputs["name"], r.name)}`) }),
  "aws:ecs/taskDefinition:TaskDefinition": (r) => {
    const family = str(r.inputs["family"], r.name);
    return {
      arn: arn("ecs", r.region, `task-definition/${family}:1`),
      arnWithoutRevision: arn("ecs", r.region, `task-definition/${family}`),
      revision: 1,
    };
  },
  "aws:ecs/service:Service": (r) => ({
    id: arn("ecs", r.region, `service/${str(r.inputs["cluster"], "cluster").split("/").pop()}/${str(r.inputs["name"], r.name)}`),
  }),
  "aws:rds/cluster:Cluster": (r) => {
    const id = str(r.inputs["clusterIdentifier"], r.name);
    const host = `cluster-${r.hex(12)}.${r.region}.rds.amazonaws.com`;
    return {
      id,
      arn: arn("rds", r.region, `cluster:${id}`),
      endpoint: `${id}.${host}`,
      readerEndpoint: `${id}.${host.replace("cluster-", "cluster-ro-")}`,
      port: 3306,
      masterUserSecrets: r.inputs["manageMasterUserPassword"]
        ? [{ secretArn: arn("secretsmanager", r.region, `secret:rds!cluster-${uuid(r)}-${r.hex(6)}`), secretStatus: "active" }]
        : [],
    };
  },
  "aws:rds/clusterInstance:ClusterInstance": (r) => {
    const id = str(r.inputs["identifier"], r.name);
    return { id, arn: arn("rds", r.region, `db:${id}`), endpoint: `${id}.${r.hex(12)}.${r.region}.rds.amazonaws.com` };
  },
  "aws:rds/subnetGroup:SubnetGroup": (r) => ({ id: str(r.inputs["name"], r.name) }),
  "aws:ecr/repository:Repository": (r) => {
    const name = str(r.inputs["name"], r.name);
    return {
      id: name,
      arn: arn("ecr", r.region, `repository/${name}`),
      repositoryUrl: `${SIMULATED_ACCOUNT}.dkr.ecr.${r.region}.amazonaws.com/${name}`,
      registryId: SIMULATED_ACCOUNT,
    };
  },
  "aws:wafv2/webAcl:WebAcl": (r) => {
    const id = uuid(r);
    return { id, arn: arn("wafv2", r.region, `regional/webacl/${str(r.inputs["name"], r.name)}/${id}`) };
  },
  "aws:secretsmanager/secret:Secret": (r) => {
    const secretArn = arn("secretsmanager", r.region, `secret:${str(r.inputs["name"], r.name)}-${r.hex(6)}`);
    return { id: secretArn, arn: secretArn };
  },
  "aws:ssm/parameter:Parameter": (r) => ({
    id: str(r.inputs["name"], r.name),
    arn: arn("ssm", r.region, `parameter${str(r.inputs["name"], `/${r.name}`)}`),
  }),
  "aws:iam/role:Role": (r) => ({
    id: str(r.inputs["name"], r.name),
    arn: `arn:aws:iam::${SIMULATED_ACCOUNT}:role/${str(r.inputs["name"], r.name)}`,
  }),
  "aws:cloudwatch/logGroup:LogGroup": (r) => ({
    id: str(r.inputs["name"], r.name),
    arn: arn("logs", r.region, `log-group:${str(r.inputs["name"], r.name)}`),
  }),
  "aws:cloudwatch/dashboard:Dashboard": (r) => ({
    id: str(r.inputs["dashboardName"], r.name),
    dashboardArn: `arn:aws:cloudwatch::${SIMULATED_ACCOUNT}:dashboard/${str(r.inputs["dashboardName"], r.name)}`,
  }),
  "aws:cloudwatch/metricAlarm:MetricAlarm": (r) => ({
    id: str(r.inputs["name"], r.name),
    arn: arn("cloudwatch", r.region, `alarm:${str(r.inputs["name"], r.name)}`),
  }),
  "aws:lambda/function:Function": (r) => {
    const name = str(r.inputs["name"], r.name);
    const fnArn = arn("lambda", r.region, `function:${name}`);
    return { id: name, arn: fnArn, invokeArn: `arn:aws:apigateway:${r.region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`, version: "$LATEST" };
  },
  "aws:lambda/functionUrl:FunctionUrl": (r) => ({ functionUrl: `https://${r.hex(32)}.lambda-url.${r.region}.on.aws/`, urlId: r.hex(32) }),
  "random:index/randomPassword:RandomPassword": (r) => ({ result: `simulated-${r.hex(40)}` }),
};

const INVOKES: Record<string, (region: string) => Record<string, unknown>> = {
  "aws:index/getAvailabilityZones:getAvailabilityZones": (region) => ({
    names: ["a", "b", "c"].map((zone) => `${region}${zone}`),
    zoneIds: [1, 2, 3].map((n) => `use1-az${n}`),
  }),
  "aws:index/getRegion:getRegion": (region) => ({ name: region, region, id: region }),
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: SIMULATED_ACCOUNT,
    arn: `arn:aws:iam::${SIMULATED_ACCOUNT}:user/simulated`,
    userId: "SIMULATED",
  }),
  "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" }),
};

/** Pulumi mocks for one simulated stack in one region. */
export function mockCloud(stack: string, region: string) {
  return {
    newResource(args: MockResourceArgs): MockResourceResult {
      const hex = (length: number) =>
        createHash("sha256").update(`${stack}\0${args.type}\0${args.name}`).digest("hex").slice(0, length);
      const inputs = args.inputs as Record<string, unknown>;
      const computed = COMPUTED[args.type]?.({ name: args.name, inputs, region, hex }) ?? {};
      const { id, ...fields } = computed;
      const resourceArn = fields["arn"];
      return {
        id: id ?? (typeof resourceArn === "string" ? resourceArn : `${args.name}-${hex(8)}`),
        state: { ...inputs, ...fields, tagsAll: inputs["tags"] },
      };
    },
    call(args: MockCallArgs): Record<string, unknown> {
      const invoke = INVOKES[args.token];
      if (!invoke) throw new Error(`the prenv sandbox cannot simulate ${args.token}; add it to src/pulumi/mock-cloud.ts`);
      return invoke(region);
    },
  };
}
