// `prenv reap`: the reaper from a terminal or a scheduled job. It needs GitHub (is each PR still
// open? what does its comment say?) and the engine; flags name the same settings as the Action's
// inputs. Exit 0 when every task finished (orphans left in place are reported, not failed), 1 when
// one did not, 2 for bad input.
import { BadInputError } from "../core/errors.ts";
import { parseDuration } from "../core/duration.ts";
import { engineProblems, INPUT_DEFAULTS, type InputName, parseSettings } from "../core/settings.ts";
import { localOperations } from "../operations.ts";
import type { Log } from "../ports.ts";
import { reap, REAP_LOOKBACK_MS, type ReapResult } from "../reap.ts";
import { Run } from "../run.ts";
import { createPorts, secretsOf } from "../wiring.ts";
import { type CliCommand, flag, githubTokenOf, regionOf, repoOf, SANDBOX_FLAG } from "./common.ts";

/** The Action inputs the reaper's flags set, by flag name. */
const INPUT_FLAGS = ["ttl", "warn-before", "keep-label", "backend-url", "program-dir"] as const satisfies readonly InputName[];

export const reapCommand: CliCommand = {
  summary: "destroy the environments of closed or idle PRs, warn before expiry, sweep AWS for orphans",
  usage:
    "prenv reap [--repo owner/name] [--ttl 72h] [--warn-before 12h] [--keep-label prenv:keep] [--lookback 24h]\n" +
    "           [--dry-run] [--delete-orphans] [--json] [--region R] [--backend-url URL] [--program-dir DIR] [--sandbox]\n" +
    "           (GITHUB_TOKEN: a token that can read PRs and write their comments; GITHUB_API_URL for GitHub Enterprise)",
  options: {
    repo: { type: "string" },
    region: { type: "string" },
    lookback: { type: "string" },
    "dry-run": { type: "boolean" },
    "delete-orphans": { type: "boolean" },
    json: { type: "boolean" },
    ...Object.fromEntries(INPUT_FLAGS.map((name) => [name, { type: "string" as const }])),
    ...SANDBOX_FLAG,
  },
  async run(values, io) {
    const repo = repoOf(values, io);
    const token = githubTokenOf(io.env);
    if (!token) throw new BadInputError("GITHUB_TOKEN must be set: the reaper reads each PR's state and comment (a token with pull-requests: write)");
    const lookbackMs = parseDuration(flag(values, "lookback") ?? "") ?? (flag(values, "lookback") === undefined ? REAP_LOOKBACK_MS : undefined);
    if (lookbackMs === undefined) throw new BadInputError(`--lookback must be a duration like 24h (got "${flag(values, "lookback")}")`);
    const inputs: Partial<Record<InputName, string>> = {
      "github-token": token,
      "aws-region": regionOf(values, io),
      engine: values["sandbox"] ? "sandbox" : "pulumi",
      "delete-orphans": String(values["delete-orphans"] === true),
      "backend-url": io.env["PULUMI_BACKEND_URL"] ?? "",
      ...Object.fromEntries(INPUT_FLAGS.flatMap((name) => (flag(values, name) !== undefined ? [[name, flag(values, name)!]] : []))),
    };
    const settings = parseSettings((name) => inputs[name] ?? INPUT_DEFAULTS[name], repo);
    const problems = engineProblems(settings, io.env);
    if (problems.length > 0) throw new BadInputError(problems);

    const json = values["json"] === true;
    const progress = (message: string) => (json ? undefined : io.stderr(`${message}\n`));
    const log: Log = { info: progress, warn: (m) => io.stderr(`warning: ${m}\n`), group: (_t, fn) => fn() };
    const workspace = io.cwd ?? process.cwd();
    const ports = createPorts({ settings, repo, githubApiUrl: io.env["GITHUB_API_URL"] ?? "https://api.github.com", log, workspace, env: io.env });
    const context = { repo, settings, secrets: secretsOf(settings, io.env), workspace };
    const options = { dryRun: values["dry-run"] === true, deleteOrphans: settings.deleteOrphans, lookbackMs };
    const result = await reap(new Run(ports, { ...context, operations: localOperations }), options);

    io.stdout(json ? `${JSON.stringify(result.report, null, 2)}\n` : describe(repo, options.dryRun, result));
    return result.failure ? 1 : 0;
  },
};

function describe(repo: string, dryRun: boolean, result: ReapResult): string {
  const { environments, orphans } = result.report;
  const width = Math.max(0, ...environments.map((e) => e.outcome.length));
  const lines = [
    `prenv reap ${repo}${dryRun ? " (dry run: nothing changed)" : ""}: ${environments.length} environment${environments.length === 1 ? "" : "s"} looked at`,
    ...environments.map((e) => `  ${e.ok ? " " : "!"} PR #${String(e.pr).padEnd(6)} ${e.outcome.padEnd(width)}  ${e.decision.reason}`),
    ...(orphans.length > 0
      ? ["", "Resources whose stack is gone:", ...orphans.map((o) => `  ${o.ok ? " " : "!"} ${o.stack}: ${o.resources.length} (${o.resources.map((r) => r.id).join(", ")}): ${o.outcome}`)]
      : ["", "No resources of this repo outlived their stack."]),
  ];
  return `${lines.join("\n")}\n`;
}
