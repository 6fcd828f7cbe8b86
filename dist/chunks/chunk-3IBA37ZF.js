import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);
import {
  external_exports
} from "./chunk-4O2OTYLT.js";
import {
  MAX_PR_DIGITS
} from "./chunk-SGK2CS55.js";

// src/core/errors.ts
var BadInputError = class extends Error {
  problems;
  constructor(problems) {
    const list = typeof problems === "string" ? [problems] : problems;
    super(list.join("\n"));
    this.name = "BadInputError";
    this.problems = list;
  }
};

// src/core/outputs.ts
var STACK_OUTPUT_KEYS = [
  "appUrl",
  "testUrl",
  "albDnsName",
  "albArn",
  "listenerArn",
  "testListenerArn",
  "blueTargetGroupArn",
  "greenTargetGroupArn",
  "clusterName",
  "blueServiceName",
  "greenServiceName",
  "dashboardUrl",
  "dbEndpoint",
  "dbReaderEndpoint",
  "dbSecretArn",
  "ecrRepositoryUrl",
  "wafAclArn",
  "vpcId",
  "blueImage",
  "greenImage"
];
var linksOf = (outputs) => ({ appUrl: outputs.appUrl, testUrl: outputs.testUrl, dashboardUrl: outputs.dashboardUrl });

// src/core/image.ts
var alnum = "[a-z0-9]+";
var separator = "(?:[._]|__|-+)";
var pathComponent = `${alnum}(?:${separator}${alnum})*`;
var domainComponent = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
var domainName = `${domainComponent}(?:\\.${domainComponent})*`;
var ipv6 = "\\[[a-fA-F0-9:]+\\]";
var domain = `(?:${domainName}|${ipv6})(?::[0-9]+)?`;
var tag = "[\\w][\\w.-]{0,127}";
var digest = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
var name = `(?:${domain}/)?${pathComponent}(?:/${pathComponent})*`;
var REFERENCE = new RegExp(`^(${name})(?::(${tag}))?(?:@(${digest}))?$`);
var NAME_MAX = 255;
function isImageReference(ref) {
  const match = REFERENCE.exec(ref);
  return match !== null && (match[1] ?? "").length <= NAME_MAX;
}
var ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/;
function ecrRepositoryArn(ref) {
  const match = ECR_IMAGE.exec(ref);
  if (!match) return void 0;
  const [, account, region, repository] = match;
  const partition = ref.includes(".amazonaws.com.cn/") ? "aws-cn" : "aws";
  return `arn:${partition}:ecr:${region}:${account}:repository/${repository}`;
}

// src/core/profiles.ts
var PROFILE_NAMES = ["preview", "production"];
var DATABASE_MODES = ["serverless", "provisioned", "none"];
var PROFILES = {
  preview: {
    availabilityZones: 2,
    natGateways: "shared",
    capacityProviderStrategy: [
      { capacityProvider: "FARGATE_SPOT", weight: 3, base: 0 },
      { capacityProvider: "FARGATE", weight: 1, base: 0 }
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
      connectionsAlarmThreshold: 50
    },
    alarms: { periodSeconds: 60, evaluationPeriods: 3, max5xxPercent: 5 }
  },
  production: {
    availabilityZones: 3,
    natGateways: "perAz",
    capacityProviderStrategy: [
      { capacityProvider: "FARGATE", weight: 1, base: 1 },
      { capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }
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
      connectionsAlarmThreshold: 500
    },
    alarms: { periodSeconds: 60, evaluationPeriods: 5, max5xxPercent: 1 }
  }
};

// src/core/stack-config.ts
var DEFAULT_IMAGE = "public.ecr.aws/nginx/nginx:stable-alpine";
var GITHUB_REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
var AWS_REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
var HEALTH_PATH = /^\/[A-Za-z0-9_\-.$/~"'@:+&]{0,1023}$/;
var checked = (test, expected) => external_exports.string().refine(test, { error: (issue) => `${expected} (got "${String(issue.input)}")` });
var oneOf = (key, values) => external_exports.enum(values, { error: (issue) => `${key} must be one of ${values.join(", ")} (got "${String(issue.input)}")` });
var image = (key) => checked(isImageReference, `${key} must be a container image reference like "ghcr.io/acme/shop:1.2.3"`).optional();
var stackConfigSchema = external_exports.object({
  pr: checked(
    (value) => new RegExp(`^[1-9][0-9]{0,${MAX_PR_DIGITS - 1}}$`).test(value),
    `pr must be a positive whole number of at most ${MAX_PR_DIGITS} digits`
  ),
  repo: checked((value) => GITHUB_REPO.test(value), "repo must be a GitHub repository as owner/name"),
  profile: oneOf("profile", PROFILE_NAMES).default("preview"),
  blueImage: image("blueImage"),
  greenImage: image("greenImage"),
  containerPort: checked(
    (value) => /^[1-9][0-9]{0,4}$/.test(value) && Number(value) <= 65535,
    "containerPort must be a TCP port from 1 to 65535"
  ).optional(),
  healthPath: checked(
    (value) => HEALTH_PATH.test(value),
    `healthPath must start with "/" and use only letters, digits and _-.$/~"'@:+&`
  ).default("/"),
  database: oneOf("database", DATABASE_MODES).optional(),
  waf: oneOf("waf", ["true", "false"]).default("true"),
  region: checked((value) => AWS_REGION.test(value), "aws:region must be an AWS region like us-east-1")
});
var STACK_CONFIG_KEYS = Object.keys(stackConfigSchema.shape);
function parseStackConfig(raw) {
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== void 0 && value !== ""));
  const result = stackConfigSchema.safeParse(present);
  if (!result.success) throw new BadInputError(result.error.issues.map(describeIssue));
  const parsed = result.data;
  const blueImage = parsed.blueImage ?? DEFAULT_IMAGE;
  return {
    // GitHub treats repo names case-insensitively; tags and names must too, or the reaper misses things.
    identity: { repo: parsed.repo.toLowerCase(), pr: Number(parsed.pr) },
    profile: parsed.profile,
    images: { blue: blueImage, green: parsed.greenImage ?? blueImage },
    containerPort: parsed.containerPort === void 0 ? 80 : Number(parsed.containerPort),
    healthPath: parsed.healthPath,
    database: parsed.database ?? PROFILES[parsed.profile].database.defaultMode,
    waf: parsed.waf === "true",
    region: parsed.region
  };
}
function describeIssue(issue) {
  const key = issue.path.join(".");
  if (issue.code === "invalid_type" && issue.input === void 0) {
    return key === "region" ? "aws:region is required (e.g. us-east-1)" : `${key} is required`;
  }
  return issue.message;
}
function toPulumiConfig(config) {
  return {
    "prenv:pr": String(config.identity.pr),
    "prenv:repo": config.identity.repo,
    "prenv:profile": config.profile,
    "prenv:blueImage": config.images.blue,
    "prenv:greenImage": config.images.green,
    "prenv:containerPort": String(config.containerPort),
    "prenv:healthPath": config.healthPath,
    "prenv:database": config.database,
    "prenv:waf": String(config.waf),
    "aws:region": config.region
  };
}

export {
  BadInputError,
  ecrRepositoryArn,
  PROFILES,
  DEFAULT_IMAGE,
  STACK_CONFIG_KEYS,
  parseStackConfig,
  toPulumiConfig,
  STACK_OUTPUT_KEYS,
  linksOf
};
