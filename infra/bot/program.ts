// The prenv GitHub App, deployed: Lambda (Node 24, arm64) running dist/lambda.js behind a
// Function URL, its secrets in Secrets Manager (read at cold start), its logs kept for a set
// time, and a role limited to what the App does: read and shift ELBv2 listeners, find them by
// tag, read its own secret, write its own logs.
import { fileURLToPath } from "node:url";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface BotConfig {
  readonly appId: string;
  readonly privateKey: pulumi.Output<string>;
  readonly webhookSecret: pulumi.Output<string>;
  /** The workflow that runs the prenv Action (workflow_dispatch). */
  readonly workflow: string;
  readonly logRetentionDays: number;
  /** The Action's settings the App must agree on, as PRENV_* variables (e.g. PRENV_TTL). */
  readonly settings: Readonly<Record<string, string>>;
  /** The bundled handler; `npm run build` writes it. */
  readonly bundle: string;
}

const BOT_TAGS = { "prenv:component": "bot" };

const LAMBDA_TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** Every action the App's role may take; the tests hold the policy to exactly these. */
export const BOT_ACTIONS = [
  "elasticloadbalancing:DescribeListeners",
  "elasticloadbalancing:DescribeTargetHealth",
  "elasticloadbalancing:DescribeTags",
  "elasticloadbalancing:ModifyListener",
  "tag:GetResources",
  "secretsmanager:GetSecretValue",
  "logs:CreateLogStream",
  "logs:PutLogEvents",
] as const;

export function createBot(config: BotConfig) {
  const name = `prenv-bot-${pulumi.getStack()}`.slice(0, 64);

  const secret = new aws.secretsmanager.Secret("app-secrets", {
    name: `${name}-app`,
    description: "The prenv GitHub App's ID, private key and webhook secret",
    recoveryWindowInDays: 7,
    tags: BOT_TAGS,
  });
  new aws.secretsmanager.SecretVersion("app-secrets", {
    secretId: secret.id,
    // Pulumi keeps this encrypted in the state: it is built from secret config.
    secretString: pulumi.secret(
      pulumi.jsonStringify({ appId: config.appId, privateKey: config.privateKey, webhookSecret: config.webhookSecret }),
    ),
  });

  const logs = new aws.cloudwatch.LogGroup("logs", { name: `/aws/lambda/${name}`, retentionInDays: config.logRetentionDays, tags: BOT_TAGS });

  const role = new aws.iam.Role("role", { name, assumeRolePolicy: LAMBDA_TRUST, tags: BOT_TAGS });
  new aws.iam.RolePolicy("role", {
    role: role.id,
    policy: pulumi.jsonStringify({
      Version: "2012-10-17",
      Statement: [
        // ELBv2's Describe* actions have no resource-level permissions: AWS requires "*" here.
        {
          Sid: "ReadListeners",
          Effect: "Allow",
          Action: ["elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeTags"],
          Resource: "*",
        },
        // Only the listeners of prenv's PR stacks.
        {
          Sid: "ShiftTraffic",
          Effect: "Allow",
          Action: ["elasticloadbalancing:ModifyListener"],
          Resource: "arn:aws:elasticloadbalancing:*:*:listener/app/pr*/*",
          Condition: { StringLike: { "aws:ResourceTag/prenv:stack": "pr-*" } },
        },
        // tag:GetResources has no resource-level permissions: AWS requires "*" here.
        { Sid: "FindByTags", Effect: "Allow", Action: ["tag:GetResources"], Resource: "*" },
        { Sid: "ReadOwnSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secret.arn },
        { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${logs.arn}:*` },
      ],
    }),
  });

  const fn = new aws.lambda.Function(
    "app",
    {
      name,
      runtime: "nodejs24.x",
      architectures: ["arm64"],
      handler: "index.handler",
      code: new pulumi.asset.AssetArchive({ "index.mjs": new pulumi.asset.FileAsset(config.bundle) }),
      role: role.arn,
      memorySize: 512,
      timeout: 30,
      environment: {
        variables: { PRENV_SECRET_ARN: secret.arn, PRENV_WORKFLOW: config.workflow, LOG_LEVEL: "info", ...config.settings },
      },
      loggingConfig: { logFormat: "Text", logGroup: logs.name },
      tags: BOT_TAGS,
    },
    { dependsOn: [logs] },
  );
  // GitHub calls it unauthenticated; every delivery's HMAC signature is its authentication.
  const url = new aws.lambda.FunctionUrl("webhooks", { functionName: fn.name, authorizationType: "NONE" });

  return {
    webhookUrl: url.functionUrl,
    functionName: fn.name,
    secretArn: secret.arn,
    roleArn: role.arn,
    logGroupName: logs.name,
  };
}

/** Settings the App passes on to the Action's rules, by their config key. */
const SETTINGS: Readonly<Record<string, string>> = {
  approveLabel: "PRENV_APPROVE_LABEL",
  ttl: "PRENV_TTL",
  maxTtl: "PRENV_MAX_TTL",
  commandPermissions: "PRENV_COMMAND_PERMISSIONS",
  deployDrafts: "PRENV_DEPLOY_DRAFTS",
};

export async function program() {
  const config = new pulumi.Config("prenv-bot");
  const appId = config.require("appId");
  if (!/^\d{1,12}$/.test(appId)) throw new pulumi.RunError(`prenv-bot:appId must be the GitHub App's numeric ID (got "${appId}")`);
  const retention = config.getNumber("logRetentionDays") ?? 14;
  return createBot({
    appId,
    privateKey: config.requireSecret("privateKey"),
    webhookSecret: config.requireSecret("webhookSecret"),
    workflow: config.get("workflow") ?? "preview.yml",
    logRetentionDays: retention,
    settings: Object.fromEntries(
      Object.entries(SETTINGS).flatMap(([key, variable]) => {
        const value = config.get(key);
        return value === undefined ? [] : [[variable, value]];
      }),
    ),
    bundle: config.get("bundle") ?? fileURLToPath(new URL("../../dist/lambda.js", import.meta.url)),
  });
}
