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
var checkedNames = {
  dashboard: (id) => resourceName(id, "dashboard", "dashboard"),
  logGroup: (id) => `/prenv/${resourceName(id, "app", "logGroup")}`,
  dbCluster: (id) => resourceName(id, "db", "dbCluster"),
  repository: (id) => resourceName(id, "images", "ecrRepository"),
  alarm: (id, role) => resourceName(id, role, "alarm"),
  /** IAM roles take no part in the tagging API's search, so leftovers are looked for by these names. */
  iamRole: (id, role) => resourceName(id, role, "iamRole")
};
var IAM_ROLES = ["execution", "task"];
function prOfName(repo, name) {
  const match = new RegExp(`^pr([1-9]\\d{0,9})-(?:[a-z0-9-]+-)?${repoHash(repo)}-[a-z0-9-]+$`).exec(name);
  return match ? Number(match[1]) : void 0;
}
var ALARM_ROLES = { perColor: ["5xx-rate", "unhealthy-hosts"], database: "db-connections" };
function alarmNames(id, hasDatabase) {
  return [
    ...COLORS.flatMap((color) => ALARM_ROLES.perColor.map((role) => checkedNames.alarm(id, `${color}-${role}`))),
    ...hasDatabase ? [checkedNames.alarm(id, ALARM_ROLES.database)] : []
  ];
}

// src/core/traffic.ts
var LISTENER_PORTS = { production: 80, test: 8080 };
var activeColor = (weights) => weights && weights.green > weights.blue ? "green" : "blue";
var otherColor = (color) => color === "blue" ? "green" : "blue";
var trafficSplit = (weights) => COLORS.map((color) => `${color} ${weights[color]}%`).join(" \xB7 ");
var sameWeights = (a, b) => COLORS.every((color) => a[color] === b[color]);
var allTo = (color) => ({ blue: color === "blue" ? 100 : 0, green: color === "green" ? 100 : 0 });
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
      return change.color === "blue" ? { blue: change.weight, green: 100 - change.weight } : { blue: 100 - change.weight, green: change.weight };
  }
}
var gainingColors = (before, after) => COLORS.filter((color) => after[color] > before[color]);
var readyForTraffic = (health) => health.healthy >= 1 && health.unhealthy === 0;
var describeHealth = (health) => `${health.healthy} healthy, ${health.unhealthy} unhealthy${health.other > 0 ? `, ${health.other} not yet in service` : ""}`;

export {
  COLORS,
  stackName,
  projectName,
  MAX_PR_DIGITS,
  resourceName,
  parameterPath,
  TAG_KEYS,
  stackTags,
  checkedNames,
  IAM_ROLES,
  prOfName,
  alarmNames,
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
  describeHealth
};
