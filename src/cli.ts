// The `prenv` command. A thin door: parse flags, validate them once, call the same code the
// Action and the App use, print the result. Exit 0 ok, 1 the operation failed, 2 bad usage/input.
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { BadInputError } from "./core/errors.ts";
import { renderPlan } from "./core/plan-report.ts";
import { parseStackConfig } from "./core/stack-config.ts";
import { planStack } from "./plan.ts";

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

const COMMANDS: Readonly<Record<string, Command>> = {
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
