// The `prenv:*` Pulumi config of DESIGN.md, validated once into one typed object. infra/index.ts
// reads it from Pulumi, the CLI builds it from flags, and both get the same checks and messages.
import { z } from "zod";
import { BadInputError } from "./errors.ts";
import { isImageReference } from "./image.ts";
import { type Color, MAX_PR_DIGITS, type StackIdentity } from "./naming.ts";
import { DATABASE_MODES, type DatabaseMode, PROFILE_NAMES, PROFILES, type ProfileName } from "./profiles.ts";

/** Serves `/` with 200 on port 80; a working default so a PR environment comes up before any image is built. */
export const DEFAULT_IMAGE = "public.ecr.aws/nginx/nginx:stable-alpine";

const GITHUB_REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;
const AWS_REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
// What an ALB accepts as a health-check path.
const HEALTH_PATH = /^\/[A-Za-z0-9_\-.$/~"'@:+&]{0,1023}$/;

/** A string that must satisfy `test`; the message names the key, the expected form and what was given. */
const checked = (test: (value: string) => boolean, expected: string) =>
  z.string().refine(test, { error: (issue) => `${expected} (got "${String(issue.input)}")` });

const oneOf = <const T extends readonly [string, ...string[]]>(key: string, values: T) =>
  z.enum(values, { error: (issue) => `${key} must be one of ${values.join(", ")} (got "${String(issue.input)}")` });

const image = (key: string) =>
  checked(isImageReference, `${key} must be a container image reference like "ghcr.io/acme/shop:1.2.3"`).optional();

/** The raw config: every value is a string, exactly as Pulumi stores it. */
export const stackConfigSchema = z.object({
  pr: checked(
    (value) => new RegExp(`^[1-9][0-9]{0,${MAX_PR_DIGITS - 1}}$`).test(value),
    `pr must be a positive whole number of at most ${MAX_PR_DIGITS} digits`,
  ),
  repo: checked((value) => GITHUB_REPO.test(value), "repo must be a GitHub repository as owner/name"),
  profile: oneOf("profile", PROFILE_NAMES).default("preview"),
  blueImage: image("blueImage"),
  greenImage: image("greenImage"),
  containerPort: checked(
    (value) => /^[1-9][0-9]{0,4}$/.test(value) && Number(value) <= 65535,
    "containerPort must be a TCP port from 1 to 65535",
  ).optional(),
  healthPath: checked(
    (value) => HEALTH_PATH.test(value),
    `healthPath must start with "/" and use only letters, digits and _-.$/~"'@:+&`,
  ).default("/"),
  database: oneOf("database", DATABASE_MODES).optional(),
  waf: oneOf("waf", ["true", "false"]).default("true"),
  region: checked((value) => AWS_REGION.test(value), "aws:region must be an AWS region like us-east-1"),
});

export type RawStackConfig = Partial<Record<keyof z.input<typeof stackConfigSchema>, string>>;
export const STACK_CONFIG_KEYS = Object.keys(stackConfigSchema.shape) as (keyof RawStackConfig)[];

export interface StackConfig {
  readonly identity: StackIdentity;
  readonly profile: ProfileName;
  readonly images: Readonly<Record<Color, string>>;
  readonly containerPort: number;
  readonly healthPath: string;
  readonly database: DatabaseMode;
  readonly waf: boolean;
  readonly region: string;
}

/** Validates the raw config; throws {@link BadInputError} listing every problem at once. */
export function parseStackConfig(raw: RawStackConfig): StackConfig {
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value !== ""));
  const result = stackConfigSchema.safeParse(present);
  if (!result.success) throw new BadInputError(result.error.issues.map(describeIssue));
  const parsed = result.data;
  const blueImage = parsed.blueImage ?? DEFAULT_IMAGE;
  return {
    // GitHub treats repo names case-insensitively; tags and names must too, or the reaper misses things.
    identity: { repo: parsed.repo.toLowerCase(), pr: Number(parsed.pr) },
    profile: parsed.profile,
    images: { blue: blueImage, green: parsed.greenImage ?? blueImage },
    containerPort: parsed.containerPort === undefined ? 80 : Number(parsed.containerPort),
    healthPath: parsed.healthPath,
    database: parsed.database ?? PROFILES[parsed.profile].database.defaultMode,
    waf: parsed.waf === "true",
    region: parsed.region,
  };
}

/** Missing required keys come back from zod as a type error; say which key is missing instead. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.join(".");
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return key === "region" ? "aws:region is required (e.g. us-east-1)" : `${key} is required`;
  }
  return issue.message;
}

/** The inverse of {@link parseStackConfig}: the Pulumi config (full keys) that yields `config`. */
export function toPulumiConfig(config: StackConfig): Record<string, string> {
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
    "aws:region": config.region,
  };
}
