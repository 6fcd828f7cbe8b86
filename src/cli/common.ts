// What every `prenv` command shares: the I/O it is given, flag reading, and validation of the
// flags several commands take (PR, repo, region, outputs file), each failing as bad input (exit 2)
// before anything is called.
import { readFile } from "node:fs/promises";
import type { ParseArgsOptionsConfig } from "node:util";
import { BadInputError } from "../core/errors.ts";
import { STACK_OUTPUT_KEYS, type StackOutputs } from "../core/outputs.ts";
import { parseStackConfig } from "../core/stack-config.ts";
import type { Log } from "../ports.ts";
import { TrafficError } from "../traffic.ts";
import { enginePorts, systemClock } from "../wiring.ts";

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where relative paths and the sandbox's state are (the current directory). */
  readonly cwd?: string;
}

export type Values = Record<string, string | boolean | undefined>;

export interface CliCommand {
  readonly summary: string;
  readonly usage: string;
  readonly options: ParseArgsOptionsConfig;
  run(values: Values, io: CliIo): Promise<number>;
}

export const flag = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
};

const GITHUB_REPO = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/(?!\.\.?$)[A-Za-z0-9._-]{1,100}$/;

/** The repo a command acts for: --repo, else the payload's, else $GITHUB_REPOSITORY, else example/app. */
export function repoOf(values: Values, io: CliIo, payload?: unknown): string {
  const fromPayload = (payload as { repository?: { full_name?: unknown } } | undefined)?.repository?.full_name;
  const repo = flag(values, "repo") ?? (typeof fromPayload === "string" ? fromPayload : undefined) ?? io.env["GITHUB_REPOSITORY"] ?? "example/app";
  if (!GITHUB_REPO.test(repo)) throw new BadInputError(`repo must be a GitHub repository as owner/name (got "${repo}")`);
  return repo.toLowerCase();
}

export const regionOf = (values: Values, io: CliIo): string =>
  flag(values, "region") ?? io.env["AWS_REGION"] ?? io.env["AWS_DEFAULT_REGION"] ?? "us-east-1";

/** The PR, repo and region of a command, validated as the stack config validates them. */
export function stackOf(values: Values, io: CliIo): { pr: number; repo: string; region: string } {
  const config = parseStackConfig({ pr: flag(values, "pr"), repo: repoOf(values, io), region: regionOf(values, io) });
  return { pr: config.identity.pr, repo: config.identity.repo, region: config.region };
}

/** A stack outputs file (cfn-outputs/flat-outputs.json) with the keys a traffic command needs. */
export async function readOutputsFile(path: string): Promise<StackOutputs> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new BadInputError(`cannot read the outputs file ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadInputError(`the outputs file ${path} is not JSON`);
  }
  const record = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const needed = ["listenerArn", "testListenerArn", "blueTargetGroupArn", "greenTargetGroupArn"];
  const missing = needed.filter((key) => typeof record[key] !== "string" || !/^arn:aws[a-z-]*:elasticloadbalancing:/.test(record[key]));
  if (missing.length > 0) throw new BadInputError(`the outputs file ${path} lacks valid ${missing.join(", ")} (expected ELBv2 ARNs)`);
  return Object.fromEntries(STACK_OUTPUT_KEYS.map((key) => [key, typeof record[key] === "string" ? record[key] : ""])) as StackOutputs;
}

/** Engine and traffic for a CLI command: AWS and Pulumi, or the sandbox with --sandbox. */
export function cliPorts(values: Values, io: CliIo, stack: { repo: string; region: string }) {
  const log: Log = { info: () => {}, warn: (m) => io.stderr(`warning: ${m}\n`), group: (_t, fn) => fn() };
  const backendUrl = flag(values, "backend-url") ?? io.env["PULUMI_BACKEND_URL"];
  return enginePorts({
    repo: stack.repo,
    region: stack.region,
    engine: values["sandbox"] ? "sandbox" : "pulumi",
    ...(backendUrl ? { backendUrl } : {}),
    workspace: io.cwd ?? process.cwd(),
    env: io.env,
    log,
    clock: systemClock,
  });
}

export const SANDBOX_FLAG: ParseArgsOptionsConfig = { sandbox: { type: "boolean" } };

/** The GitHub token from the environment, as the gh CLI reads it (an empty GITHUB_TOKEN does not count). */
export const githubTokenOf = (env: CliIo["env"]): string | undefined => env["GITHUB_TOKEN"] || env["GH_TOKEN"] || undefined;

/**
 * What stopped a traffic read or change, for the user. A listener that is another PR's or repo's
 * is the user's mistake (exit 2); any other error is not a traffic problem, and is thrown on.
 */
export function trafficProblem(error: unknown): string {
  if (!(error instanceof TrafficError)) throw error;
  if (error.problem === "not-owned") throw new BadInputError(error.message);
  return error.message;
}
