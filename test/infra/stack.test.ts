// The preview stack of issue #2, requirement by requirement, under Pulumi's mocks. Each `describe`
// is one numbered requirement; each test fails if that part of the program is removed.
import { beforeAll, describe, expect, it } from "vitest";
import { repoHash } from "../../src/core/naming.ts";
import { STACK_OUTPUT_KEYS } from "../../src/core/outputs.ts";
import { isSecret, simulateStack, type SimulatedStack, walk } from "../helpers/stack.ts";

const T = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  nat: "aws:ec2/natGateway:NatGateway",
  eip: "aws:ec2/eip:Eip",
  routeTable: "aws:ec2/routeTable:RouteTable",
  routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  cluster: "aws:ecs/cluster:Cluster",
  capacity: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  service: "aws:ecs/service:Service",
  alb: "aws:lb/loadBalancer:LoadBalancer",
  targetGroup: "aws:lb/targetGroup:TargetGroup",
  listener: "aws:lb/listener:Listener",
  scalingTarget: "aws:appautoscaling/target:Target",
  scalingPolicy: "aws:appautoscaling/policy:Policy",
  dbCluster: "aws:rds/cluster:Cluster",
  dbInstance: "aws:rds/clusterInstance:ClusterInstance",
  webAcl: "aws:wafv2/webAcl:WebAcl",
  webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
  secret: "aws:secretsmanager/secret:Secret",
  secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
  parameter: "aws:ssm/parameter:Parameter",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  dashboard: "aws:cloudwatch/dashboard:Dashboard",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  ecr: "aws:ecr/repository:Repository",
} as const;

let preview: SimulatedStack;
let production: SimulatedStack;

beforeAll(async () => {
  preview = await simulateStack({ healthPath: "/healthz", containerPort: "8000" });
  production = await simulateStack({ profile: "production" });
});

const inputs = (resource: { inputs: Readonly<Record<string, unknown>> }) => resource.inputs as Record<string, any>;
const containerDefinitions = (stack: SimulatedStack, color: string) =>
  JSON.parse(inputs(stack.one(T.taskDefinition, `${color}-task`)).containerDefinitions as string) as Record<string, any>[];
const policyStatements = (stack: SimulatedStack, name: string) =>
  (JSON.parse(inputs(stack.one(T.rolePolicy, name)).policy as string) as { Statement: Record<string, any>[] }).Statement;

describe("1. VPC over availability zones with public and private subnets", () => {
  it("preview spans 2 zones and shares one NAT gateway", () => {
    const zones = preview.all(T.subnet).map((subnet) => inputs(subnet).availabilityZone as string);
    expect(new Set(zones)).toEqual(new Set(["us-east-1a", "us-east-1b"]));
    expect(preview.all(T.subnet).map((s) => s.name).sort()).toEqual(["private-0", "private-1", "public-0", "public-1"]);
    expect(preview.all(T.nat)).toHaveLength(1);
    const nat = preview.all(T.nat)[0]!;
    for (const az of [0, 1]) {
      expect(inputs(preview.one(T.routeTable, `private-routes-${az}`)).routes).toEqual([
        { cidrBlock: "0.0.0.0/0", natGatewayId: nat.id },
      ]);
    }
  });

  it("production spans 3 zones with a NAT gateway per zone, each private subnet routed to its own", () => {
    expect(production.all(T.subnet).filter((s) => s.name.startsWith("private"))).toHaveLength(3);
    expect(production.all(T.subnet).filter((s) => s.name.startsWith("public"))).toHaveLength(3);
    expect(production.all(T.nat)).toHaveLength(3);
    expect(production.all(T.eip)).toHaveLength(3);
    for (const az of [0, 1, 2]) {
      const nat = production.one(T.nat, `nat-${az}`);
      expect(inputs(nat).subnetId).toBe(production.one(T.subnet, `public-${az}`).id);
      expect(inputs(production.one(T.routeTable, `private-routes-${az}`)).routes).toEqual([
        { cidrBlock: "0.0.0.0/0", natGatewayId: nat.id },
      ]);
      const association = production.one(T.routeTableAssociation, `private-${az}`);
      expect(inputs(association)).toMatchObject({
        subnetId: production.one(T.subnet, `private-${az}`).id,
        routeTableId: production.one(T.routeTable, `private-routes-${az}`).id,
      });
    }
  });

  it("keeps tasks and the database off the internet: only the ALB is reachable from outside", () => {
    const groups = Object.fromEntries(preview.all(T.securityGroup).map((sg) => [sg.name, inputs(sg)]));
    expect(groups["alb-sg"]!.ingress).toEqual([
      { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
      { protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["0.0.0.0/0"] },
    ]);
    const albGroupId = preview.one(T.securityGroup, "alb-sg").id;
    const appGroupId = preview.one(T.securityGroup, "app-sg").id;
    expect(groups["app-sg"]!.ingress).toEqual([{ protocol: "tcp", fromPort: 8000, toPort: 8000, securityGroups: [albGroupId] }]);
    expect(groups["db-sg"]!.ingress).toEqual([{ protocol: "tcp", fromPort: 3306, toPort: 3306, securityGroups: [appGroupId] }]);
    expect(inputs(preview.one(T.service, "blue-service")).networkConfiguration).toMatchObject({ assignPublicIp: false });
  });
});

describe("2. ECS cluster on Fargate with Container Insights and Spot capacity", () => {
  it("turns Container Insights on", () => {
    expect(inputs(preview.one(T.cluster, "cluster")).settings).toEqual([{ name: "containerInsights", value: "enabled" }]);
  });

  it("offers FARGATE and FARGATE_SPOT; preview runs mostly on Spot", () => {
    const capacity = inputs(preview.one(T.capacity, "capacity"));
    expect(capacity.capacityProviders).toEqual(["FARGATE", "FARGATE_SPOT"]);
    expect(inputs(preview.one(T.service, "blue-service")).capacityProviderStrategies).toEqual([
      { capacityProvider: "FARGATE_SPOT", weight: 3, base: 0 },
      { capacityProvider: "FARGATE", weight: 1, base: 0 },
    ]);
  });

  it("production splits 50% Spot by weight, with one on-demand task as a base", () => {
    const strategy = inputs(production.one(T.service, "green-service")).capacityProviderStrategies as { capacityProvider: string; weight: number; base: number }[];
    expect(strategy).toEqual([
      { capacityProvider: "FARGATE", weight: 1, base: 1 },
      { capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 },
    ]);
  });
});

describe("3. Internet-facing ALB with health checks and connection draining", () => {
  it("is internet-facing in the public subnets", () => {
    const alb = inputs(preview.one(T.alb, "alb"));
    expect(alb).toMatchObject({ internal: false, loadBalancerType: "application", enableDeletionProtection: false });
    expect(alb.subnets).toEqual([preview.one(T.subnet, "public-0").id, preview.one(T.subnet, "public-1").id]);
  });

  it("health-checks both colours on healthPath, with a short deregistration delay in preview", () => {
    for (const color of ["blue", "green"]) {
      const group = inputs(preview.one(T.targetGroup, `${color}-tg`));
      expect(group).toMatchObject({ port: 8000, protocol: "HTTP", targetType: "ip", deregistrationDelay: 5 });
      expect(group.healthCheck).toMatchObject({ path: "/healthz", matcher: "200-399" });
    }
    expect(inputs(production.one(T.targetGroup, "blue-tg")).deregistrationDelay).toBe(60);
  });
});

describe("4. Blue/green: two services, two target groups, weighted listeners the bot owns", () => {
  it("runs each colour as its own service and task definition with its own image", async () => {
    const stack = await simulateStack({ blueImage: "ghcr.io/acme/shop:1.0", greenImage: "ghcr.io/acme/shop:1.1" });
    expect(containerDefinitions(stack, "blue")[0]!.image).toBe("ghcr.io/acme/shop:1.0");
    expect(containerDefinitions(stack, "green")[0]!.image).toBe("ghcr.io/acme/shop:1.1");
    for (const color of ["blue", "green"]) {
      const service = inputs(stack.one(T.service, `${color}-service`));
      expect(service.taskDefinition).toBe(stack.one(T.taskDefinition, `${color}-task`).state["arn"]);
      expect(service.loadBalancers).toEqual([
        { targetGroupArn: stack.one(T.targetGroup, `${color}-tg`).state["arn"], containerName: "app", containerPort: 80 },
      ]);
    }
    expect(stack.outputs["blueImage"]).toBe("ghcr.io/acme/shop:1.0");
    expect(stack.outputs["greenImage"]).toBe("ghcr.io/acme/shop:1.1");
  });

  it("forwards production (80) by weight to both colours, blue 100 / green 0, and tests (8080) on green", () => {
    const blue = preview.one(T.targetGroup, "blue-tg").state["arn"];
    const green = preview.one(T.targetGroup, "green-tg").state["arn"];
    const production80 = inputs(preview.one(T.listener, "listener"));
    const test8080 = inputs(preview.one(T.listener, "test-listener"));
    expect(production80.port).toBe(80);
    expect(production80.defaultActions).toEqual([
      { type: "forward", forward: { targetGroups: [{ arn: blue, weight: 100 }, { arn: green, weight: 0 }] } },
    ]);
    expect(test8080.port).toBe(8080);
    expect(test8080.defaultActions).toEqual([
      { type: "forward", forward: { targetGroups: [{ arn: blue, weight: 0 }, { arn: green, weight: 100 }] } },
    ]);
  });

  it("never diffs the listeners' forwarding, so a later `up` cannot revert a promotion", () => {
    for (const name of ["listener", "test-listener"]) {
      expect(preview.one(T.listener, name).ignoreChanges).toEqual(["defaultActions"]);
    }
  });

  it("leaves the task count to auto scaling once a service exists", () => {
    expect(preview.one(T.service, "blue-service").ignoreChanges).toEqual(["desiredCount"]);
  });
});

describe("5. Auto scaling: target tracking on CPU at 70%", () => {
  it.each([
    ["preview", () => preview, 1, 2],
    ["production", () => production, 2, 10],
  ] as const)("%s scales each colour between its bounds", (_profile, stack, min, max) => {
    for (const color of ["blue", "green"]) {
      const target = inputs(stack().one(T.scalingTarget, `${color}-scaling`));
      expect(target).toMatchObject({ minCapacity: min, maxCapacity: max, scalableDimension: "ecs:service:DesiredCount" });
      expect(target.resourceId).toBe(`service/${stack().outputs["clusterName"] as string}/${stack().outputs[`${color}ServiceName`] as string}`);
      const policy = inputs(stack().one(T.scalingPolicy, `${color}-cpu`));
      expect(policy.policyType).toBe("TargetTrackingScaling");
      expect(policy.targetTrackingScalingPolicyConfiguration).toMatchObject({
        targetValue: 70,
        predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
      });
    }
  });
});

describe("6. Aurora MySQL: encrypted, backed up, destroyable, password kept by RDS in Secrets Manager", () => {
  it("preview is one Serverless v2 writer at the lowest capacity, pausing when idle", () => {
    const cluster = inputs(preview.one(T.dbCluster, "db"));
    expect(cluster.serverlessv2ScalingConfiguration).toEqual({ minCapacity: 0, maxCapacity: 1, secondsUntilAutoPause: 300 });
    expect(preview.all(T.dbInstance).map((i) => inputs(i).instanceClass)).toEqual(["db.serverless"]);
  });

  it("production is a provisioned writer and reader in different zones", () => {
    const instances = Object.fromEntries(production.all(T.dbInstance).map((instance) => [instance.name, inputs(instance)]));
    expect(Object.keys(instances).sort()).toEqual(["db-reader-1", "db-writer"]);
    expect(instances["db-writer"]!.instanceClass).toBe("db.r6g.large");
    expect(instances["db-reader-1"]!.instanceClass).toBe("db.r6g.large");
    expect(instances["db-writer"]!.availabilityZone).not.toBe(instances["db-reader-1"]!.availabilityZone);
    expect(inputs(production.one(T.dbCluster, "db")).serverlessv2ScalingConfiguration).toBeUndefined();
  });

  it.each([
    ["preview", () => preview, 1],
    ["production", () => production, 7],
  ] as const)("%s is encrypted, backed up and deletable without a snapshot", (_profile, stack, backupDays) => {
    expect(inputs(stack().one(T.dbCluster, "db"))).toMatchObject({
      engine: "aurora-mysql",
      storageEncrypted: true,
      backupRetentionPeriod: backupDays,
      skipFinalSnapshot: true,
      deletionProtection: false,
      manageMasterUserPassword: true,
    });
  });

  it("never puts a password in the program: no master password, no plaintext password in any input", () => {
    const leaks: string[] = [];
    for (const stack of [preview, production]) {
      expect(inputs(stack.one(T.dbCluster, "db")).masterPassword).toBeUndefined();
      for (const resource of stack.resources) {
        walk(resource.inputs, (path, leaf, insideSecret) => {
          // The only "password" input allowed is the switch that makes RDS generate one.
          const key = path.split(".").pop() ?? "";
          if (/password/i.test(key) && typeof leaf !== "boolean") leaks.push(`${resource.name}.${path}`);
          // Generated values (the mock cloud's RandomPassword results) may only travel as secrets.
          if (typeof leaf === "string" && leaf.startsWith("simulated-") && !insideSecret) leaks.push(`${resource.name}.${path}`);
        });
      }
    }
    expect(leaks).toEqual([]);
  });

  it("hands the app the database through the RDS-managed secret", () => {
    const secretArn = preview.outputs["dbSecretArn"] as string;
    expect(secretArn).toMatch(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:rds!cluster-/);
    const container = containerDefinitions(preview, "blue")[0]!;
    expect(container.secrets).toEqual(
      expect.arrayContaining([
        { name: "DB_USERNAME", valueFrom: `${secretArn}:username::` },
        { name: "DB_PASSWORD", valueFrom: `${secretArn}:password::` },
      ]),
    );
    expect(container.environment).toEqual(
      expect.arrayContaining([{ name: "DB_HOST", value: preview.outputs["dbEndpoint"] }]),
    );
  });

  it("database: none leaves the database out entirely", async () => {
    const stack = await simulateStack({ database: "none" });
    expect(stack.all(T.dbCluster)).toEqual([]);
    expect(stack.all(T.dbInstance)).toEqual([]);
    expect(stack.all(T.alarm).map((alarm) => alarm.name)).not.toContain("db-connections");
    expect([stack.outputs["dbEndpoint"], stack.outputs["dbReaderEndpoint"], stack.outputs["dbSecretArn"]]).toEqual(["", "", ""]);
    expect(containerDefinitions(stack, "blue")[0]!.secrets.map((s: { name: string }) => s.name)).not.toContain("DB_PASSWORD");
  });
});

describe("7. WAF: 100 requests per 5 minutes per IP, on the ALB", () => {
  it("blocks an IP over the rate and is associated with the ALB", () => {
    const acl = inputs(preview.one(T.webAcl, "waf"));
    expect(acl.scope).toBe("REGIONAL");
    expect(acl.rules).toHaveLength(1);
    expect(acl.rules[0]).toMatchObject({
      action: { block: {} },
      statement: { rateBasedStatement: { limit: 100, evaluationWindowSec: 300, aggregateKeyType: "IP" } },
    });
    expect(inputs(preview.one(T.webAclAssociation, "waf-alb"))).toEqual({
      resourceArn: preview.outputs["albArn"],
      webAclArn: preview.outputs["wafAclArn"],
    });
  });

  it("waf: false leaves it out", async () => {
    const stack = await simulateStack({ waf: "false" });
    expect(stack.all(T.webAcl)).toEqual([]);
    expect(stack.outputs["wafAclArn"]).toBe("");
  });
});

describe("8. Secrets Manager and SSM for app configuration, least-privilege roles", () => {
  it("injects the app secret and the SSM parameters into both colours", () => {
    const secretArn = preview.one(T.secret, "app-secrets").state["arn"] as string;
    const parameters = preview.all(T.parameter);
    expect(parameters.map((p) => inputs(p).name as string).sort()).toEqual(
      ["APP_ENV", "LOG_LEVEL", "PRENV_PR", "PRENV_REPO", "PRENV_STACK"].map((key) => `/prenv/shop-${repoHash("acme/shop")}/pr-42/${key}`),
    );
    for (const color of ["blue", "green"]) {
      const secrets = containerDefinitions(preview, color)[0]!.secrets as { name: string; valueFrom: string }[];
      expect(secrets).toContainEqual({ name: "SESSION_KEY", valueFrom: `${secretArn}:SESSION_KEY::` });
      for (const parameter of parameters) {
        expect(secrets).toContainEqual({ name: (inputs(parameter).name as string).split("/").pop(), valueFrom: parameter.state["arn"] });
      }
    }
  });

  it("keeps the generated secret value secret and deletes the secret without a recovery window", () => {
    expect(isSecret(inputs(preview.one(T.secretVersion, "app-secrets")).secretString)).toBe(true);
    expect(inputs(preview.one(T.secret, "app-secrets")).recoveryWindowInDays).toBe(0);
  });

  it("grants no wildcard action, and a wildcard resource only where AWS requires one", () => {
    for (const name of ["execution-role", "task-role"]) {
      for (const statement of policyStatements(preview, name)) {
        expect(statement.Action.filter((action: string) => action.includes("*"))).toEqual([]);
        const resources = [statement.Resource].flat();
        if (resources.includes("*")) expect(statement.Action).toEqual(["ecr:GetAuthorizationToken"]);
      }
    }
  });

  it("lets the execution role read exactly the injected secrets and parameters, and write its own log group", () => {
    const statements = Object.fromEntries(policyStatements(preview, "execution-role").map((s) => [s.Sid, s]));
    expect(statements["InjectSecrets"]!.Resource).toEqual([
      preview.one(T.secret, "app-secrets").state["arn"],
      preview.outputs["dbSecretArn"],
    ]);
    expect([...statements["InjectParameters"]!.Resource].sort()).toEqual(preview.all(T.parameter).map((p) => p.state["arn"]).sort());
    expect(statements["WriteLogs"]!.Resource).toBe(`${preview.one(T.logGroup, "logs").state["arn"] as string}:log-stream:*`);
    expect(statements["PullImages"]!.Resource).toEqual([preview.one(T.ecr, "images").state["arn"]]);
  });

  it("may pull an image from another ECR repository only when an image comes from there", async () => {
    const image = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/shop:abc123";
    const stack = await simulateStack({ blueImage: image });
    const pull = policyStatements(stack, "execution-role").find((s) => s.Sid === "PullImages")!;
    expect(pull.Resource).toEqual([stack.one(T.ecr, "images").state["arn"], "arn:aws:ecr:eu-west-1:111122223333:repository/team/shop"]);
  });
});

describe("9. CloudWatch: log retention, a dashboard, alarms", () => {
  it("keeps logs 3 days in preview and 30 in production", () => {
    expect(inputs(preview.one(T.logGroup, "logs")).retentionInDays).toBe(3);
    expect(inputs(production.one(T.logGroup, "logs")).retentionInDays).toBe(30);
    expect(containerDefinitions(preview, "green")[0]!.logConfiguration).toEqual({
      logDriver: "awslogs",
      options: { "awslogs-group": inputs(preview.one(T.logGroup, "logs")).name, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "green" },
    });
  });

  it("charts ECS, the ALB per colour and the database", () => {
    const body = JSON.parse(inputs(preview.one(T.dashboard, "dashboard")).dashboardBody as string) as { widgets: { properties: { title: string } }[] };
    expect(body.widgets.map((widget) => widget.properties.title)).toEqual([
      "ECS CPU utilization (%) by colour",
      "ECS memory utilization (%) by colour",
      "ALB requests by colour",
      "ALB target response time (s) by colour",
      "ALB target 5xx by colour",
      "ALB healthy targets by colour",
      "Database connections",
      "Database CPU utilization (%)",
    ]);
    expect(preview.outputs["dashboardUrl"]).toBe(
      `https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/${inputs(preview.one(T.dashboard, "dashboard")).dashboardName as string}`,
    );
  });

  it("alarms on the 5xx rate and unhealthy hosts of each colour, and on database connections", () => {
    expect(preview.all(T.alarm).map((alarm) => alarm.name).sort()).toEqual([
      "blue-5xx-rate",
      "blue-unhealthy-hosts",
      "db-connections",
      "green-5xx-rate",
      "green-unhealthy-hosts",
    ]);
    const rate = inputs(preview.one(T.alarm, "green-5xx-rate"));
    expect(rate.metricQueries.map((q: { id: string }) => q.id)).toEqual(["errors", "requests", "rate"]);
    expect(rate.metricQueries[0].metric.dimensions).toEqual({
      TargetGroup: preview.one(T.targetGroup, "green-tg").state["arnSuffix"],
      LoadBalancer: preview.one(T.alb, "alb").state["arnSuffix"],
    });
    expect(inputs(preview.one(T.alarm, "db-connections"))).toMatchObject({
      metricName: "DatabaseConnections",
      dimensions: { DBClusterIdentifier: inputs(preview.one(T.dbCluster, "db")).clusterIdentifier },
      threshold: 50,
    });
  });
});

describe("10. ECR with scan-on-push, deletable while it holds images", () => {
  it("scans on push and force-deletes", () => {
    expect(inputs(preview.one(T.ecr, "images"))).toMatchObject({ imageScanningConfiguration: { scanOnPush: true }, forceDelete: true });
  });
});

describe("11. Names from src/core/naming.ts and the prenv tags on everything", () => {
  // Types AWS cannot tag: the test list is checked against the program, so a new untagged type fails.
  const UNTAGGABLE = new Set([
    T.routeTableAssociation,
    T.capacity,
    T.scalingPolicy,
    T.rolePolicy,
    T.secretVersion,
    T.webAclAssociation,
    T.dashboard,
    "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    "random:index/randomPassword:RandomPassword",
  ]);

  it.each([["preview", () => preview], ["production", () => production]] as const)(
    "%s: every taggable resource carries prenv:repo, prenv:pr and prenv:stack",
    (_profile, stack) => {
      const cloud = stack().resources.filter((resource) => resource.custom);
      const untagged = cloud.filter((resource) => !UNTAGGABLE.has(resource.type) && !inputs(resource).tags);
      expect(untagged.map((resource) => `${resource.type} ${resource.name}`)).toEqual([]);
      for (const resource of cloud.filter((r) => inputs(r).tags)) {
        expect(inputs(resource).tags).toMatchObject({ "prenv:repo": "acme/shop", "prenv:pr": "42", "prenv:stack": "pr-42" });
      }
    },
  );

  it("tags coloured resources with their colour", () => {
    for (const color of ["blue", "green"]) {
      for (const [type, name] of [[T.targetGroup, `${color}-tg`], [T.service, `${color}-service`], [T.taskDefinition, `${color}-task`]] as const) {
        expect(inputs(preview.one(type, name)).tags["prenv:color"]).toBe(color);
      }
    }
  });

  it("names every named resource pr<N>-<repo>-<hash>-<role>", () => {
    const hash = repoHash("acme/shop");
    const named: [string, string, string][] = [
      [T.alb, "alb", "name"],
      [T.targetGroup, "blue-tg", "name"],
      [T.cluster, "cluster", "name"],
      [T.service, "green-service", "name"],
      [T.dbCluster, "db", "clusterIdentifier"],
      [T.role, "task-role", "name"],
      [T.webAcl, "waf", "name"],
      [T.ecr, "images", "name"],
      [T.dashboard, "dashboard", "dashboardName"],
    ];
    for (const [type, name, field] of named) {
      expect(inputs(preview.one(type, name))[field]).toMatch(new RegExp(`^pr42-shop-${hash}-[a-z0-9-]+$`));
    }
    expect(inputs(preview.one(T.alb, "alb")).name).toBe(`pr42-shop-${hash}-alb`);
  });
});

describe("12. The stack outputs of DESIGN.md", () => {
  it("exports every key, each filled in", () => {
    expect(Object.keys(preview.outputs).sort()).toEqual([...STACK_OUTPUT_KEYS].sort());
    for (const key of STACK_OUTPUT_KEYS) expect(preview.outputs[key], key).toMatch(/./);
  });

  it("points the app URL at the production listener and the test URL at 8080", () => {
    const dns = preview.outputs["albDnsName"] as string;
    expect(preview.outputs["appUrl"]).toBe(`http://${dns}`);
    expect(preview.outputs["testUrl"]).toBe(`http://${dns}:8080`);
    expect(preview.outputs["listenerArn"]).toBe(preview.one(T.listener, "listener").state["arn"]);
    expect(preview.outputs["testListenerArn"]).toBe(preview.one(T.listener, "test-listener").state["arn"]);
    expect(preview.outputs["blueTargetGroupArn"]).toBe(preview.one(T.targetGroup, "blue-tg").state["arn"]);
    expect(preview.outputs["vpcId"]).toBe(preview.one(T.vpc, "vpc").id);
  });
});
