// The `prenv` command. A thin door: parse flags, validate them once, call the same code the
// Action and the App use, print the result. Exit 0 ok, 1 the operation failed, 2 bad usage/input.
import { parseArgs } from "node:util";
import { deploy, destroy } from "./cli/engine.ts";
import { plan } from "./cli/plan.ts";
import { simulate } from "./cli/simulate.ts";
import { promote, status } from "./cli/traffic.ts";
import { verify } from "./cli/verify.ts";
import { reapCommand } from "./cli/reap.ts";
import type { CliCommand, CliIo, Values } from "./cli/common.ts";
import { BadInputError } from "./core/errors.ts";

export type { CliIo } from "./cli/common.ts";

/** Config keys as the flags that set them, so a message names what the user typed. */
const FLAG_FOR_KEY: Readonly<Record<string, string>> = {
  pr: "--pr",
  repo: "--repo",
  profile: "--profile",
  blueImage: "--image",
  database: "--database",
  waf: "--waf",
  "aws:region": "--region",
  ttl: "--ttl",
  "warn-before": "--warn-before",
  "keep-label": "--keep-label",
};

const inFlagTerms = (problem: string) => {
  const key = Object.keys(FLAG_FOR_KEY).find((k) => problem.startsWith(`${k} `));
  return key ? `${FLAG_FOR_KEY[key]}${problem.slice(key.length)}` : problem;
};

/** The commands, in the order `prenv --help` lists them. */
const COMMANDS: Readonly<Record<string, CliCommand>> = { simulate, plan, deploy, verify, promote, status, destroy, reap: reapCommand };

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
      io.stderr(`prenv ${name}: ${error.problems.map(inFlagTerms).join("\n  ")}\nUsage: ${command.usage}\n`);
      return 2;
    }
    io.stderr(`prenv ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    if (io.env["PRENV_DEBUG"] && error instanceof Error) io.stderr(`${error.stack}\n`);
    return 1;
  }
}
