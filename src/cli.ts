// The `prenv` command. A thin door: parse flags, validate them once, call the same code the
// Action and the App use, print the result. Exit 0 ok, 1 the operation failed, 2 bad usage/input.
import { readFile } from "node:fs/promises";
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { BadInputError } from "./core/errors.ts";
import { renderPlan } from "./core/plan-report.ts";
import { parseStackConfig } from "./core/stack-config.ts";
import { planStack } from "./plan.ts";
import { scriptedLife, simulate, singleEvent } from "./simulate.ts";

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

type Values = Record<string, string | boolean | undefined>;

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: ParseArgsOptionsConfig;
  run(values: Values, io: CliIo): Promise<number>;
}

const flag = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
};

const GITHUB_REPO = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;

/** The repo a command acts for: --repo, else the payload's, else $GITHUB_REPOSITORY, else example/app. */
function repoOf(values: Values, io: CliIo, payload?: unknown): string {
  const fromPayload = (payload as { repository?: { full_name?: unknown } } | undefined)?.repository?.full_name;
  const repo = flag(values, "repo") ?? (typeof fromPayload === "string" ? fromPayload : undefined) ?? io.env["GITHUB_REPOSITORY"] ?? "example/app";
  if (!GITHUB_REPO.test(repo)) throw new BadInputError(`repo must be a GitHub repository as owner/name (got "${repo}")`);
  return repo.toLowerCase();
}

const parseOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // reported properly when the payload itself is read
  }
};

async function readPayload(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new BadInputError(`cannot read the payload file ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
}

const COMMANDS: Readonly<Record<string, Command>> = {
  simulate: {
    summary: "replay a PR's life (or one webhook payload) offline, against the sandbox engine and a GitHub stand-in",
    usage: "prenv simulate [--pr N] [--event NAME --payload FILE] [--repo owner/name] [--json]",
    options: {
      pr: { type: "string" },
      event: { type: "string" },
      payload: { type: "string" },
      repo: { type: "string" },
      json: { type: "boolean" },
    },
    async run(values, io) {
      const event = flag(values, "event");
      const payloadFile = flag(values, "payload");
      if ((event === undefined) !== (payloadFile === undefined)) throw new BadInputError("--event and --payload go together");
      const json = values["json"] === true;
      const print = json ? undefined : io.stdout;
      if (event !== undefined && payloadFile !== undefined) {
        if (flag(values, "pr") !== undefined) throw new BadInputError("--pr replays a whole PR; with --event the payload names the PR");
        const text = await readPayload(payloadFile);
        const repo = repoOf(values, io, parseOrUndefined(text));
        print?.(`prenv simulate · ${event} from ${payloadFile} · ${repo} · SIMULATED: sandbox engine and a local GitHub stand-in\n`);
        const [run] = await simulate([singleEvent(event, text, repo)], { repo, ...(print ? { print } : {}) });
        if (json) io.stdout(`${JSON.stringify(run, null, 2)}\n`);
        return run?.failure ? 1 : 0;
      }
      const pr = parseStackConfig({ pr: flag(values, "pr") ?? "42", repo: "example/app", region: "us-east-1" }).identity.pr;
      const repo = repoOf(values, io);
      print?.(`prenv simulate · PR #${pr} of ${repo}: opened, pushed to, merged · SIMULATED: sandbox engine and a local GitHub stand-in\n`);
      const runs = await simulate(scriptedLife(repo, pr), { repo, ...(print ? { print } : {}) });
      if (json) io.stdout(`${JSON.stringify({ pr, repo, simulated: true, runs }, null, 2)}\n`);
      return runs.some((run) => run.failure) ? 1 : 0;
    },
  },
  plan: {
    summary: "show a PR's environment, its cost and quota use, offline (no cloud account)",
    usage: [
      "prenv plan --pr N [--profile preview|production] [--repo owner/name] [--json]",
      "           [--region R] [--image REF] [--database serverless|provisioned|none] [--waf true|false]",
    ].join("\n"),
    options: {
      pr: { type: "string" },
      profile: { type: "string" },
      repo: { type: "string" },
      region: { type: "string" },
      image: { type: "string" },
      database: { type: "string" },
      waf: { type: "string" },
      json: { type: "boolean" },
    },
    async run(values, io) {
      const config = parseStackConfig({
        pr: flag(values, "pr"),
        repo: flag(values, "repo") ?? io.env["GITHUB_REPOSITORY"] ?? "example/app",
        profile: flag(values, "profile"),
        blueImage: flag(values, "image"),
        database: flag(values, "database"),
        waf: flag(values, "waf"),
        region: flag(values, "region") ?? io.env["AWS_REGION"] ?? io.env["AWS_DEFAULT_REGION"] ?? "us-east-1",
      });
      const plan = await planStack(config);
      io.stdout(values["json"] ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan));
      return 0;
    },
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    "prenv: per-pull-request AWS environments",
    "",
    "Usage: prenv <command> [flags]   (prenv <command> --help for its flags)",
    "",
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
    "",
  ].join("\n");
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.stderr : io.stdout)(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`prenv: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }

  let values: Values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.stderr(`prenv ${name}: ${(error as Error).message}\nUsage: ${command.usage}\n`);
    return 2;
  }
  if (values["help"]) {
    io.stdout(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }

  try {
    return await command.run(values, io);
  } catch (error) {
    if (error instanceof BadInputError) {
      io.stderr(`prenv ${name}: ${error.problems.join("\n  ")}\nUsage: ${command.usage}\n`);
      return 2;
    }
    io.stderr(`prenv ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    if (io.env["PRENV_DEBUG"] && error instanceof Error) io.stderr(`${error.stack}\n`);
    return 1;
  }
}
