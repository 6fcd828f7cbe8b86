// The app itself: one ECS cluster on Fargate (Container Insights on, Spot and on-demand capacity),
// and per colour a task definition, a service behind that colour's target group, and CPU target
// tracking. Both colours always run, so the idle one can be tested before it takes traffic.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkedNames, type Color } from "../../src/core/naming.ts";
import type { StackContext } from "../context.ts";
import type { ContainerSecret } from "./app-config.ts";

export const CONTAINER_NAME = "app";

export interface ContainerVariable {
  readonly name: string;
  readonly value: pulumi.Input<string>;
}

export interface BlueGreenServiceArgs {
  readonly context: StackContext;
  readonly images: Readonly<Record<Color, string>>;
  readonly containerPort: number;
  readonly subnetIds: pulumi.Input<string>[];
  readonly securityGroupId: pulumi.Input<string>;
  readonly targetGroupArns: Readonly<Record<Color, pulumi.Input<string>>>;
  /** The listeners the target groups hang off; ECS cannot attach a service before they exist. */
  readonly listeners: pulumi.Resource[];
  readonly environment: ContainerVariable[];
  readonly secrets: ContainerSecret[];
  /** What the containers may read: exactly the secrets and parameters they are given. */
  readonly secretArns: pulumi.Input<string>[];
  readonly parameterArns: pulumi.Input<string>[];
  /** ECR repositories the images come from; images from public registries need none. */
  readonly pullRepositoryArns: pulumi.Input<string>[];
}

type Statement = { Sid: string; Effect: "Allow"; Action: string[]; Resource: pulumi.Input<string> | pulumi.Input<string>[] };
const policyDocument = (statements: Statement[]) => pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });

const ECS_TASKS_TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

export class BlueGreenService extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly serviceNames: Readonly<Record<Color, pulumi.Output<string>>>;
  readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: BlueGreenServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("prenv:service:BlueGreenService", name, {}, opts);
    const ctx = args.context;
    const { profile } = ctx;
    const parent = { parent: this };

    const cluster = new aws.ecs.Cluster(
      "cluster",
      {
        name: ctx.name("cluster", "ecsCluster"),
        settings: [{ name: "containerInsights", value: "enabled" }],
        tags: ctx.tags("cluster"),
      },
      parent,
    );
    const capacity = new aws.ecs.ClusterCapacityProviders(
      "capacity",
      {
        clusterName: cluster.name,
        capacityProviders: ["FARGATE", "FARGATE_SPOT"],
        defaultCapacityProviderStrategies: profile.capacityProviderStrategy.map((share) => ({ ...share })),
      },
      parent,
    );

    const logGroup = new aws.cloudwatch.LogGroup(
      "logs",
      {
        name: checkedNames.logGroup(ctx.config.identity),
        retentionInDays: profile.logRetentionDays,
        tags: ctx.tags("logs"),
      },
      parent,
    );

    // The execution role is what ECS uses to start a task: pull the image, write logs, fetch the
    // injected secrets. The task role is what the app itself may do at run time.
    const executionRole = new aws.iam.Role(
      "execution-role",
      { name: checkedNames.iamRole(ctx.config.identity, "execution"), assumeRolePolicy: ECS_TASKS_TRUST, tags: ctx.tags("execution-role") },
      parent,
    );
    new aws.iam.RolePolicy(
      "execution-role",
      {
        role: executionRole.id,
        policy: policyDocument([
          // ecr:GetAuthorizationToken has no resource-level permissions: AWS requires "*" here.
          { Sid: "RegistryLogin", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
          {
            Sid: "PullImages",
            Effect: "Allow",
            Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
            Resource: args.pullRepositoryArns,
          },
          {
            Sid: "WriteLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: pulumi.interpolate`${logGroup.arn}:log-stream:*`,
          },
          { Sid: "InjectSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: args.secretArns },
          { Sid: "InjectParameters", Effect: "Allow", Action: ["ssm:GetParameters"], Resource: args.parameterArns },
        ]),
      },
      parent,
    );
    const taskRole = new aws.iam.Role(
      "task-role",
      { name: checkedNames.iamRole(ctx.config.identity, "task"), assumeRolePolicy: ECS_TASKS_TRUST, tags: ctx.tags("task-role") },
      parent,
    );
    new aws.iam.RolePolicy(
      "task-role",
      {
        role: taskRole.id,
        policy: policyDocument([
          // Re-reading at run time matters: RDS rotates the managed database password.
          { Sid: "ReadSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: args.secretArns },
          {
            Sid: "ReadParameters",
            Effect: "Allow",
            Action: ["ssm:GetParameter", "ssm:GetParameters"],
            Resource: args.parameterArns,
          },
        ]),
      },
      parent,
    );

    const service = (color: Color) => {
      const taskDefinition = new aws.ecs.TaskDefinition(
        `${color}-task`,
        {
          family: ctx.name(color, "taskFamily"),
          cpu: String(profile.task.cpu),
          memory: String(profile.task.memoryMiB),
          networkMode: "awsvpc",
          requiresCompatibilities: ["FARGATE"],
          // Fargate Spot runs x86 only.
          runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
          executionRoleArn: executionRole.arn,
          taskRoleArn: taskRole.arn,
          containerDefinitions: pulumi.jsonStringify([
            {
              name: CONTAINER_NAME,
              image: args.images[color],
              essential: true,
              portMappings: [{ containerPort: args.containerPort, protocol: "tcp" }],
              environment: [
                { name: "PORT", value: String(args.containerPort) },
                { name: "PRENV_COLOR", value: color },
                ...args.environment,
              ],
              secrets: args.secrets,
              logConfiguration: {
                logDriver: "awslogs",
                options: {
                  "awslogs-group": logGroup.name,
                  "awslogs-region": ctx.config.region,
                  "awslogs-stream-prefix": color,
                },
              },
            },
          ]),
          tags: ctx.tags(`${color}-task`, color),
        },
        parent,
      );
      const ecsService = new aws.ecs.Service(
        `${color}-service`,
        {
          name: ctx.name(color, "ecsService"),
          cluster: cluster.arn,
          taskDefinition: taskDefinition.arn,
          desiredCount: profile.scaling.min,
          capacityProviderStrategies: profile.capacityProviderStrategy.map((share) => ({ ...share })),
          networkConfiguration: { subnets: args.subnetIds, securityGroups: [args.securityGroupId], assignPublicIp: false },
          loadBalancers: [
            { targetGroupArn: args.targetGroupArns[color], containerName: CONTAINER_NAME, containerPort: args.containerPort },
          ],
          healthCheckGracePeriodSeconds: 30,
          deploymentCircuitBreaker: { enable: true, rollback: true },
          deploymentMinimumHealthyPercent: 100,
          deploymentMaximumPercent: 200,
          propagateTags: "SERVICE",
          enableEcsManagedTags: true,
          // Delete without first draining to zero tasks: teardown of a preview should be quick.
          forceDelete: true,
          tags: ctx.tags(`${color}-service`, color),
        },
        // Auto scaling owns the task count once the service exists.
        { parent: this, dependsOn: [capacity, ...args.listeners], ignoreChanges: ["desiredCount"] },
      );
      const target = new aws.appautoscaling.Target(
        `${color}-scaling`,
        {
          serviceNamespace: "ecs",
          scalableDimension: "ecs:service:DesiredCount",
          resourceId: pulumi.interpolate`service/${cluster.name}/${ecsService.name}`,
          minCapacity: profile.scaling.min,
          maxCapacity: profile.scaling.max,
          tags: ctx.tags(`${color}-scaling`, color),
        },
        parent,
      );
      new aws.appautoscaling.Policy(
        `${color}-cpu`,
        {
          name: ctx.name(`${color}-cpu`, "scalingPolicy"),
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
            targetValue: profile.scaling.cpuTargetPercent,
            scaleOutCooldown: 60,
            scaleInCooldown: 120,
          },
        },
        parent,
      );
      return ecsService.name;
    };

    this.clusterName = cluster.name;
    this.serviceNames = { blue: service("blue"), green: service("green") };
    this.logGroupName = logGroup.name;
    this.registerOutputs({ clusterName: this.clusterName });
  }
}
