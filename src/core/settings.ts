// The Action's inputs, validated once into one settings object. Every input is documented in
// action.yml; the names here are the input names, so messages point at what the user wrote.
import type { CommandName } from "./command.ts";
import { parseDuration } from "./duration.ts";
import { BadInputError } from "./errors.ts";
import { DEFAULT_COMMAND_PERMISSIONS, type Permission, parsePermissionTable } from "./policy.ts";
import type { ProfileName } from "./profiles.ts";
import { parseStackConfig, type RawStackConfig } from "./stack-config.ts";

export const ENGINES = ["pulumi", "sandbox"] as const;
export type EngineKind = (typeof ENGINES)[number];

export interface Settings {
  readonly githubToken: string;
  readonly region: string;
  /** Pulumi state: `s3://…`, `file://…`, …; undefined for Pulumi Cloud (PULUMI_ACCESS_TOKEN). */
  readonly backendUrl?: string;
  /**
   * The image a deploy puts on the idle colour, with `{sha}` and `{pr}` standing for the commit
   * and the PR; undefined keeps what the idle colour ran.
   */
  readonly image?: string;
  /** Stack config shared by every PR (the PR number and images are added per deploy). */
  readonly stackConfig: Omit<RawStackConfig, "pr" | "blueImage" | "greenImage" | "region">;
  readonly profile: ProfileName;
  /** A Pulumi program of the user's own, instead of the built-in stack. */
  readonly programDir?: string;
  readonly ttlMs: number;
  readonly maxTtlMs: number;
  readonly allowForks: boolean;
  readonly comment: boolean;
  readonly testCommand?: string;
  readonly deployDrafts: boolean;
  readonly approveLabel: string;
  readonly commandPermissions: Readonly<Record<CommandName, Permission>>;
  readonly engine: EngineKind;
  readonly outputsFile: string;
  /** Integration checks after each deploy. */
  readonly verify: boolean;
  readonly verifyTimeoutMs: number;
  readonly testTimeoutMs: number;
  /** Promote the idle colour once every check passes. */
  readonly autoPromote: boolean;
  /** How long before expiry the reaper warns in the comment. */
  readonly warnBeforeMs: number;
  /** A PR with this label is never reaped for idleness. */
  readonly keepLabel: string;
  /** The reaper deletes tagged resources whose stack is gone (otherwise it reports them). */
  readonly deleteOrphans: boolean;
}

/** Input name -> default; an input missing from this table is not one prenv has. */
export const INPUT_DEFAULTS = {
  "github-token": "",
  "aws-region": "",
  "backend-url": "",
  image: "",
  profile: "preview",
  "program-dir": "",
  ttl: "72h",
  "max-ttl": "7d",
  "allow-forks": "false",
  comment: "true",
  "test-command": "",
  "deploy-drafts": "false",
  "approve-label": "prenv:approve",
  "command-permissions": "",
  "container-port": "80",
  "health-path": "/",
  database: "",
  waf: "true",
  engine: "pulumi",
  "outputs-file": "cfn-outputs/flat-outputs.json",
  verify: "true",
  "verify-timeout": "10m",
  "test-timeout": "15m",
  "auto-promote": "false",
  "warn-before": "12h",
  "keep-label": "prenv:keep",
  "delete-orphans": "false",
} as const;

export type InputName = keyof typeof INPUT_DEFAULTS;

/** Stack-config keys as the Action's inputs name them, for messages about them. */
const INPUT_FOR_KEY: Readonly<Record<string, InputName>> = {
  blueImage: "image",
  profile: "profile",
  containerPort: "container-port",
  healthPath: "health-path",
  database: "database",
  waf: "waf",
  "aws:region": "aws-region",
};

const BACKEND = /^(?:s3|gs|azblob|file|https?):\/\/\S+$/;
const LABEL = /^[^,\s][^,]{0,49}$/;

export function parseSettings(read: (name: InputName) => string, repo: string): Settings {
  const input = (name: InputName) => read(name).trim() || INPUT_DEFAULTS[name];
  const problems: string[] = [];
  const bool = (name: InputName) => {
    const value = input(name).toLowerCase();
    if (value !== "true" && value !== "false") problems.push(`${name} must be true or false (got "${input(name)}")`);
    return value === "true";
  };
  const duration = (name: InputName) => {
    const ms = parseDuration(input(name));
    if (ms === undefined) problems.push(`${name} must be a duration like 72h or 3d (got "${input(name)}")`);
    return ms ?? 0;
  };

  const githubToken = read("github-token").trim();
  if (!githubToken) problems.push("github-token is required (the workflow's token: ${{ github.token }})");
  const region = input("aws-region");
  const backendUrl = input("backend-url") || undefined;
  if (backendUrl && !BACKEND.test(backendUrl)) {
    problems.push(`backend-url must be a Pulumi backend URL such as s3://bucket/prefix or file://path (got "${backendUrl}")`);
  }
  const programDir = input("program-dir") || undefined;
  if (programDir && (programDir.startsWith("/") || programDir.split(/[\\/]/).includes(".."))) {
    problems.push(`program-dir must be a folder inside the repository, without "..": got "${programDir}"`);
  }
  const ttlMs = duration("ttl");
  const maxTtlMs = duration("max-ttl");
  if (ttlMs > maxTtlMs && maxTtlMs > 0) problems.push(`ttl (${input("ttl")}) must not exceed max-ttl (${input("max-ttl")})`);
  const approveLabel = input("approve-label");
  if (!LABEL.test(approveLabel)) problems.push(`approve-label must be a label name (got "${approveLabel}")`);
  const permissions = parsePermissionTable(input("command-permissions"));
  if (typeof permissions === "string") problems.push(`command-permissions: ${permissions}`);
  const engine = input("engine");
  if (!(ENGINES as readonly string[]).includes(engine)) problems.push(`engine must be one of ${ENGINES.join(", ")} (got "${engine}")`);
  const outputsFile = input("outputs-file");
  if (outputsFile.startsWith("/") || outputsFile.split(/[\\/]/).includes("..")) {
    problems.push(`outputs-file must be a path inside the workspace, without "..": got "${outputsFile}"`);
  }

  const stackConfig = {
    repo,
    profile: input("profile"),
    containerPort: input("container-port") || undefined,
    healthPath: input("health-path") || undefined,
    database: input("database") || undefined,
    waf: input("waf") || undefined,
  };
  const image = input("image") || undefined;
  const sampleImage = image === undefined ? undefined : imageFor(image, "0".repeat(40), 1);
  let profile: ProfileName = "preview";
  try {
    // Checked now with a stand-in PR number, so a bad input fails before anything happens.
    profile = parseStackConfig({ ...stackConfig, pr: "1", blueImage: sampleImage, region: region || undefined }).profile;
  } catch (error) {
    if (!(error instanceof BadInputError)) throw error;
    problems.push(
      ...error.problems.map((problem) => {
        if (problem.startsWith("repo ")) return `GITHUB_REPOSITORY: ${problem}`;
        const key = Object.keys(INPUT_FOR_KEY).find((k) => problem.startsWith(`${k} `));
        return key ? `${INPUT_FOR_KEY[key]}${problem.slice(key.length)}` : problem;
      }),
    );
  }

  const allowForks = bool("allow-forks");
  const comment = bool("comment");
  const deployDrafts = bool("deploy-drafts");
  const verify = bool("verify");
  const autoPromote = bool("auto-promote");
  const deleteOrphans = bool("delete-orphans");
  const verifyTimeoutMs = duration("verify-timeout");
  const testTimeoutMs = duration("test-timeout");
  const warnBeforeMs = duration("warn-before");
  const keepLabel = input("keep-label");
  if (!LABEL.test(keepLabel)) problems.push(`keep-label must be a label name (got "${keepLabel}")`);
  if (problems.length > 0) throw new BadInputError(problems);
  return {
    githubToken,
    region,
    ...(backendUrl ? { backendUrl } : {}),
    ...(image ? { image } : {}),
    stackConfig,
    profile,
    ...(programDir ? { programDir } : {}),
    ttlMs,
    maxTtlMs,
    allowForks,
    comment,
    ...(input("test-command") ? { testCommand: input("test-command") } : {}),
    deployDrafts,
    approveLabel,
    commandPermissions: { ...DEFAULT_COMMAND_PERMISSIONS, ...(typeof permissions === "string" ? {} : permissions) },
    engine: engine as EngineKind,
    outputsFile,
    verify,
    verifyTimeoutMs,
    testTimeoutMs,
    autoPromote,
    warnBeforeMs,
    keepLabel,
    deleteOrphans,
  };
}

/**
 * What the Pulumi engine will refuse to start without, said before anything happens: a self-managed
 * backend needs the secrets passphrase, Pulumi Cloud needs an access token.
 */
export function engineProblems(settings: Settings, env: Readonly<Record<string, string | undefined>>): string[] {
  if (settings.engine !== "pulumi") return [];
  if (settings.backendUrl) {
    return env["PULUMI_CONFIG_PASSPHRASE"] !== undefined || env["PULUMI_CONFIG_PASSPHRASE_FILE"]
      ? []
      : [`backend-url ${settings.backendUrl} needs PULUMI_CONFIG_PASSPHRASE in the step's env (a repository secret) to encrypt the stack's secrets`];
  }
  return env["PULUMI_ACCESS_TOKEN"]
    ? []
    : ["with no backend-url, state goes to Pulumi Cloud: set PULUMI_ACCESS_TOKEN in the step's env, or set backend-url (s3://bucket/prefix)"];
}

/** The image for one deploy: `{sha}` and `{pr}` in the template filled in. */
export const imageFor = (template: string, sha: string, pr: number): string =>
  template.replaceAll("{sha}", sha).replaceAll("{pr}", String(pr));
