// Every physical AWS name and tag prenv sets comes from here, so that names are deterministic from
// (repo, PR, role), fit the strictest AWS limit of their kind, and never collide between two repos
// sharing one account (the repo is hashed into every name, not just abbreviated).
import { createHash } from "node:crypto";

export interface StackIdentity {
  /** GitHub `owner/name`. */
  readonly repo: string;
  /** Pull request number. */
  readonly pr: number;
}

export const COLORS = ["blue", "green"] as const;
export type Color = (typeof COLORS)[number];

export const stackName = (pr: number): string => `pr-${pr}`;

/** The Pulumi project of a repo's PR stacks, so one backend can hold many repos without a clash. */
export const projectName = (repo: string): string =>
  ["prenv", repoSlug(repo).slice(0, 60).replace(/-+$/, ""), repoHash(repo)].filter(Boolean).join("-");

/**
 * The longest name AWS accepts for each kind of resource prenv names. Every name prenv builds is
 * lower-case letters, digits and single hyphens, starting with a letter, which every kind here
 * accepts (Aurora identifiers and ECR repositories are the pickiest about characters).
 */
export const NAME_LIMITS = {
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
  tagName: 256,
} as const;
export type NameKind = keyof typeof NAME_LIMITS;

const ROLE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const HASH_LENGTH = 8;
/** GitHub PR numbers are integers; ten digits is more than any repository will reach. */
export const MAX_PR_DIGITS = 10;

/** Eight hex characters of the repo's SHA-256: GitHub repo names are case-insensitive, so is this. */
export function repoHash(repo: string): string {
  return createHash("sha256").update(repo.toLowerCase()).digest("hex").slice(0, HASH_LENGTH);
}

/** The repo's name (without owner) reduced to `[a-z0-9-]`, for humans reading the AWS console. */
function repoSlug(repo: string): string {
  const name = repo.slice(repo.indexOf("/") + 1);
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * `pr{N}-{slug}-{hash}-{role}`, e.g. `pr42-shop-1a2b3c4d-blue`. The readable slug is shortened (or
 * dropped) to fit the kind's limit; the PR number, the repo hash and the role never are, which is
 * what makes names unique.
 */
export function resourceName(id: StackIdentity, role: string, kind: NameKind): string {
  if (!ROLE.test(role)) throw new Error(`prenv bug: resource role "${role}" is not [a-z0-9-]`);
  const limit = NAME_LIMITS[kind];
  // Checked against the longest PR number, so a role that is too long fails on every PR, not one day.
  if (`pr${"9".repeat(MAX_PR_DIGITS)}`.length + 1 + HASH_LENGTH + 1 + role.length > limit) {
    throw new Error(`prenv bug: role "${role}" leaves no room in a ${kind} name (at most ${limit} characters)`);
  }
  const fixed = `pr${id.pr}`.length + 1 + HASH_LENGTH + 1 + role.length;
  const room = limit - fixed - 1; // the hyphen after the slug
  const slug = room > 0 ? repoSlug(id.repo).slice(0, room).replace(/-+$/, "") : "";
  return [`pr${id.pr}`, slug, repoHash(id.repo), role].filter(Boolean).join("-");
}

/** Folder in SSM Parameter Store holding this PR's app configuration, e.g. `/prenv/shop-1a2b3c4d/pr-42`. */
export function parameterPath(id: StackIdentity): string {
  const slug = repoSlug(id.repo).slice(0, 64);
  return `/prenv/${[slug, repoHash(id.repo)].filter(Boolean).join("-")}/${stackName(id.pr)}`;
}

export const TAG_KEYS = {
  repo: "prenv:repo",
  pr: "prenv:pr",
  stack: "prenv:stack",
  color: "prenv:color",
} as const;

/** The tags every AWS resource of a PR carries; the reaper and teardown checks find leftovers by them. */
export function stackTags(id: StackIdentity, color?: Color): Record<string, string> {
  return {
    [TAG_KEYS.repo]: id.repo,
    [TAG_KEYS.pr]: String(id.pr),
    [TAG_KEYS.stack]: stackName(id.pr),
    ...(color ? { [TAG_KEYS.color]: color } : {}),
  };
}

/**
 * The names other parts of prenv look for after a deploy (the integration checks, the reaper):
 * the stack program names these resources through the same functions.
 */
export const checkedNames = {
  dashboard: (id: StackIdentity) => resourceName(id, "dashboard", "dashboard"),
  logGroup: (id: StackIdentity) => `/prenv/${resourceName(id, "app", "logGroup")}`,
  dbCluster: (id: StackIdentity) => resourceName(id, "db", "dbCluster"),
  repository: (id: StackIdentity) => resourceName(id, "images", "ecrRepository"),
  alarm: (id: StackIdentity, role: string) => resourceName(id, role, "alarm"),
  /** IAM roles take no part in the tagging API's search, so leftovers are looked for by these names. */
  iamRole: (id: StackIdentity, role: (typeof IAM_ROLES)[number]) => resourceName(id, role, "iamRole"),
};

/** The service's IAM roles: ECS's (to start tasks) and the app's (at run time). */
export const IAM_ROLES = ["execution", "task"] as const;

/**
 * Which PR a name prenv gave belongs to, if it is one of `repo`'s: `pr42-shop-1a2b3c4d-execution`
 * -> 42. For resources found by name rather than by tag.
 */
export function prOfName(repo: string, name: string): number | undefined {
  const match = new RegExp(`^pr([1-9]\\d{0,9})-(?:[a-z0-9-]+-)?${repoHash(repo)}-[a-z0-9-]+$`).exec(name);
  return match ? Number(match[1]) : undefined;
}

/** Alarm roles per colour, and the database's when there is one. */
export const ALARM_ROLES = { perColor: ["5xx-rate", "unhealthy-hosts"], database: "db-connections" } as const;

export function alarmNames(id: StackIdentity, hasDatabase: boolean): string[] {
  return [
    ...COLORS.flatMap((color) => ALARM_ROLES.perColor.map((role) => checkedNames.alarm(id, `${color}-${role}`))),
    ...(hasDatabase ? [checkedNames.alarm(id, ALARM_ROLES.database)] : []),
  ];
}
