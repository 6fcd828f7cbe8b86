import { createRequire as __prenvCreateRequire } from "node:module";
import { fileURLToPath as __prenvFileURLToPath } from "node:url";
import { dirname as __prenvDirname } from "node:path";
const require = __prenvCreateRequire(import.meta.url);
const __filename = __prenvFileURLToPath(import.meta.url);
const __dirname = __prenvDirname(__filename);

// src/core/naming.ts
import { createHash } from "node:crypto";
var COLORS = ["blue", "green"];
var stackName = (pr) => `pr-${pr}`;
var projectName = (repo) => ["prenv", repoSlug(repo).slice(0, 60).replace(/-+$/, ""), repoHash(repo)].filter(Boolean).join("-");
var NAME_LIMITS = {
  loadBalancer: 32,
  targetGroup: 32,
  dbCluster: 63,
  dbInstance: 63,
  dbSubnetGroup: 255,
  iamRole: 64,
  iamPolicy: 128,
  securityGroup: 255,
  ecsCluster: 255,
  ecsService: 255,
  taskFamily: 255,
  logGroup: 512,
  secret: 512,
  wafAcl: 128,
  dashboard: 255,
  alarm: 255,
  scalingPolicy: 255,
  ecrRepository: 256,
  tagName: 256
};
var ROLE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
var HASH_LENGTH = 8;
var MAX_PR_DIGITS = 10;
function repoHash(repo) {
  return createHash("sha256").update(repo.toLowerCase()).digest("hex").slice(0, HASH_LENGTH);
}
function repoSlug(repo) {
  const name = repo.slice(repo.indexOf("/") + 1);
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
function resourceName(id, role, kind) {
  if (!ROLE.test(role)) throw new Error(`prenv bug: resource role "${role}" is not [a-z0-9-]`);
  const limit = NAME_LIMITS[kind];
  if (`pr${"9".repeat(MAX_PR_DIGITS)}`.length + 1 + HASH_LENGTH + 1 + role.length > limit) {
    throw new Error(`prenv bug: role "${role}" leaves no room in a ${kind} name (at most ${limit} characters)`);
  }
  const fixed = `pr${id.pr}`.length + 1 + HASH_LENGTH + 1 + role.length;
  const room = limit - fixed - 1;
  const slug = room > 0 ? repoSlug(id.repo).slice(0, room).replace(/-+$/, "") : "";
  return [`pr${id.pr}`, slug, repoHash(id.repo), role].filter(Boolean).join("-");
}
function parameterPath(id) {
  const slug = repoSlug(id.repo).slice(0, 64);
  return `/prenv/${[slug, repoHash(id.repo)].filter(Boolean).join("-")}/${stackName(id.pr)}`;
}
var TAG_KEYS = {
  repo: "prenv:repo",
  pr: "prenv:pr",
  stack: "prenv:stack",
  color: "prenv:color"
};
function stackTags(id, color) {
  return {
    [TAG_KEYS.repo]: id.repo,
    [TAG_KEYS.pr]: String(id.pr),
    [TAG_KEYS.stack]: stackName(id.pr),
    ...color ? { [TAG_KEYS.color]: color } : {}
  };
}

// src/core/traffic.ts
var LISTENER_PORTS = { production: 80, test: 8080 };
var activeColor = (weights) => weights && weights.green > weights.blue ? "green" : "blue";
var otherColor = (color) => color === "blue" ? "green" : "blue";
var trafficSplit = (weights) => COLORS.map((color) => `${color} ${weights[color]}%`).join(" \xB7 ");
var sameWeights = (a, b) => COLORS.every((color) => a[color] === b[color]);
var allTo = (color) => ({ [color]: 100, [otherColor(color)]: 0 });
function weightsByColor(groups, targetGroupArns) {
  if (groups.length === 0) return void 0;
  return Object.fromEntries(COLORS.map((color) => [color, groups.find((g) => g.arn === targetGroupArns[color])?.weight ?? 0]));
}
function targetWeights(change) {
  switch (change.kind) {
    case "promote":
      return allTo(change.color);
    case "rollback":
      return allTo(change.to);
    case "shift":
      return { [change.color]: change.weight, [otherColor(change.color)]: 100 - change.weight };
  }
}
var gainingColors = (before, after) => COLORS.filter((color) => after[color] > before[color]);
var readyForTraffic = (health) => health.healthy >= 1 && health.unhealthy === 0;
var describeHealth = (health) => `${health.healthy} healthy, ${health.unhealthy} unhealthy${health.other > 0 ? `, ${health.other} not yet in service` : ""}`;

// src/core/planned-resource.ts
var TYPES = {
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
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm"
};
var ofType = (resources, type) => resources.filter((resource) => resource.type === type);
var num = (value, fallback = 0) => {
  const parsed = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(parsed) ? parsed : fallback;
};
var text = (value) => typeof value === "string" ? value : "";
var list = (value) => Array.isArray(value) ? value : [];

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

// src/core/duration.ts
var UNITS = {
  s: 1e3,
  m: 6e4,
  h: 36e5,
  d: 864e5,
  w: 6048e5
};
var DURATION = /^(?:\d{1,6}[smhdw])+$/;
var PART = /(\d{1,6})([smhdw])/g;
function parseDuration(text2) {
  const normalized = text2.trim().toLowerCase();
  if (!DURATION.test(normalized)) return void 0;
  let total = 0;
  for (const [, amount, unit] of normalized.matchAll(PART)) total += Number(amount) * UNITS[unit];
  return total > 0 ? total : void 0;
}
function formatDuration(ms) {
  const parts = [];
  let rest = Math.max(0, Math.round(ms / 1e3)) * 1e3;
  for (const unit of ["d", "h", "m", "s"]) {
    const size = UNITS[unit];
    if (rest >= size || unit === "s" && parts.length === 0) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

// src/core/command.ts
var DEFAULT_PARSE_OPTIONS = { maxExtendMs: 7 * 864e5 };
var MAX_LINE = 100;
var withForce = (args, usage) => {
  if (args.length === 0) return false;
  if (args.length === 1 && args[0] === "force") return true;
  return `takes no words other than "force": ${usage}`;
};
var noArgs = (command, usage) => (args) => args.length === 0 ? command : `takes no arguments: ${usage}`;
var promote = (color) => {
  const usage = `/promote-${color} [force]`;
  return {
    usage,
    summary: `send all production traffic to ${color} (force: even if its targets are not healthy)`,
    parse: (args) => {
      const force = withForce(args, usage);
      return typeof force === "string" ? force : { name: "promote", color, force };
    }
  };
};
var COMMANDS = {
  "promote-green": promote("green"),
  "promote-blue": promote("blue"),
  rollback: {
    usage: "/rollback [force]",
    summary: "send traffic back to the colour that served before the last promotion",
    parse: (args) => {
      const force = withForce(args, "/rollback [force]");
      return typeof force === "string" ? force : { name: "rollback", force };
    }
  },
  shift: {
    usage: "/shift blue|green 0-100 [force]",
    summary: "canary: send that percentage of production traffic to a colour",
    parse: (args) => {
      const [color, weight, ...rest] = args;
      if (color === void 0 || weight === void 0) return "needs a colour and a percentage: /shift green 25";
      if (!COLORS.includes(color)) return `colour must be blue or green, not "${color}": /shift green 25`;
      if (!/^\d{1,3}$/.test(weight) || Number(weight) > 100) return `percentage must be a whole number from 0 to 100, not "${weight}": /shift green 25`;
      const force = withForce(rest, "/shift blue|green 0-100 [force]");
      return typeof force === "string" ? force : { name: "shift", color, weight: Number(weight), force };
    }
  },
  redeploy: { usage: "/redeploy", summary: "deploy the PR's head commit again", parse: noArgs({ name: "redeploy" }, "/redeploy") },
  destroy: { usage: "/destroy", summary: "destroy this PR's environment now", parse: noArgs({ name: "destroy" }, "/destroy") },
  status: { usage: "/status", summary: "refresh the environment's status in the comment", parse: noArgs({ name: "status" }, "/status") },
  extend: {
    usage: "/extend <duration>",
    summary: "keep the environment longer before the reaper removes it, e.g. /extend 24h",
    parse: (args, options) => {
      const [text2, ...rest] = args;
      if (text2 === void 0 || rest.length > 0) return "needs one duration: /extend 24h";
      const durationMs = parseDuration(text2);
      if (durationMs === void 0) return `"${text2}" is not a duration; use a number and a unit (m, h, d, w): /extend 24h`;
      if (durationMs > options.maxExtendMs) return `can extend by at most ${formatDuration(options.maxExtendMs)}, not ${text2}`;
      return { name: "extend", durationMs };
    }
  },
  approve: {
    usage: "/approve",
    summary: "let this fork PR's current head commit deploy (a later push needs a new approval)",
    parse: noArgs({ name: "approve" }, "/approve")
  },
  help: { usage: "/help", summary: "list the commands", parse: noArgs({ name: "help" }, "/help") }
};
function parseComment(body, options = DEFAULT_PARSE_OPTIONS) {
  const line = (body.split(/\r?\n/, 1)[0] ?? "").trim();
  if (!line.startsWith("/")) return { kind: "none" };
  const text2 = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}\u2026` : line;
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e]/.test(line)) {
    return { kind: "invalid", text: text2.replace(/[^\x20-\x7e]/g, "?"), message: "contains control characters; type the command as plain text" };
  }
  if (line.length > MAX_LINE) {
    return { kind: "invalid", text: text2, message: `is longer than ${MAX_LINE} characters; a command is one short line, e.g. /promote-green` };
  }
  const [word = "", ...args] = line.slice(1).toLowerCase().split(/\s+/);
  const spec = Object.hasOwn(COMMANDS, word) ? COMMANDS[word] : void 0;
  if (!spec) {
    const closest = closestCommand(word);
    return {
      kind: "invalid",
      text: text2,
      message: `is not a prenv command${closest ? `; did you mean /${closest}?` : "."} Commands: ${Object.keys(COMMANDS).map((c) => `/${c}`).join(", ")}`
    };
  }
  const result = spec.parse(args, options);
  return typeof result === "string" ? { kind: "invalid", text: text2, message: result } : { kind: "command", command: result, text: text2 };
}
function closestCommand(word) {
  let best;
  for (const name of Object.keys(COMMANDS)) {
    const distance = editDistance(word, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(best.name.length / 3)) ? best.name : void 0;
}
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
function helpText() {
  return Object.values(COMMANDS).map((spec) => `- \`${spec.usage}\`: ${spec.summary}`).join("\n");
}

// src/core/policy.ts
var PERMISSIONS = ["none", "read", "triage", "write", "maintain", "admin"];
var rank = (permission) => PERMISSIONS.indexOf(permission);
var DEFAULT_COMMAND_PERMISSIONS = {
  status: "none",
  help: "none",
  promote: "write",
  rollback: "write",
  shift: "write",
  redeploy: "write",
  destroy: "write",
  extend: "write",
  approve: "write"
};
function authorize(command, has, required = DEFAULT_COMMAND_PERMISSIONS) {
  const needed = required[command];
  return rank(has) >= rank(needed) ? { allowed: true } : { allowed: false, needed, has };
}
var needsPermission = (command, required = DEFAULT_COMMAND_PERMISSIONS) => required[command] !== "none";
function deployGate(pr, allowForks, approval) {
  if (!pr.fork || allowForks) return { allowed: true };
  if (approval?.sha === pr.headSha) return { allowed: true };
  return {
    allowed: false,
    reason: approval ? `commit ${pr.headSha.slice(0, 7)} is newer than the approved ${approval.sha.slice(0, 7)}; a push needs a new approval` : `the PR comes from the fork ${pr.headRepo}`
  };
}
function parsePermissionTable(text2) {
  const table = {};
  for (const entry of text2.split(/[,\n]/).map((part) => part.trim()).filter(Boolean)) {
    const [command, permission] = entry.split("=").map((part) => part.trim().replace(/^\//, "").toLowerCase());
    const name = command === "promote-green" || command === "promote-blue" ? "promote" : command;
    if (!name || !(name in DEFAULT_COMMAND_PERMISSIONS)) return `unknown command "${command ?? ""}" in "${entry}"`;
    if (!permission || !PERMISSIONS.includes(permission)) {
      return `permission must be one of ${PERMISSIONS.join(", ")} in "${entry}"`;
    }
    table[name] = permission;
  }
  return table;
}

export {
  COLORS,
  stackName,
  projectName,
  MAX_PR_DIGITS,
  resourceName,
  parameterPath,
  TAG_KEYS,
  stackTags,
  parseDuration,
  formatDuration,
  parseComment,
  helpText,
  PERMISSIONS,
  DEFAULT_COMMAND_PERMISSIONS,
  authorize,
  needsPermission,
  deployGate,
  parsePermissionTable,
  LISTENER_PORTS,
  activeColor,
  otherColor,
  trafficSplit,
  sameWeights,
  allTo,
  weightsByColor,
  targetWeights,
  gainingColors,
  readyForTraffic,
  describeHealth,
  TYPES,
  ofType,
  num,
  text,
  list,
  STACK_OUTPUT_KEYS
};
