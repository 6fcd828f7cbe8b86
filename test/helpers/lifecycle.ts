// A PR's world for lifecycle tests: the GitHub stand-in on 127.0.0.1 with the real Octokit
// adapter, the sandbox engine in a temporary folder, and the settings an Action run would have.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Intent } from "../../src/core/event.ts";
import { type InputName, parseSettings } from "../../src/core/settings.ts";
import { GitHubStandin } from "../../src/github/standin.ts";
import { runLifecycle } from "../../src/lifecycle.ts";
import type { Log, Ports } from "../../src/ports.ts";
import { createPorts, type WiringOptions } from "../../src/wiring.ts";
import { reap, type ReapOptions, type ReapResult } from "../../src/reap.ts";
import { localOperations } from "../../src/operations.ts";
import { Run } from "../../src/run.ts";

export const REPO = "acme/shop";
export const RUN_URL = "https://github.com/acme/shop/actions/runs/7";
export const TOKEN = "ghs_0123456789abcdefghijklmnopqrstuvwxyzAB";

export interface World {
  readonly github: GitHubStandin;
  /** The run's workspace (the sandbox keeps its state under it). */
  readonly root: string;
  readonly ports: Ports;
  readonly log: string[];
  run(intent: Intent, override?: Partial<Ports>): ReturnType<typeof runLifecycle>;
  reap(options?: Partial<ReapOptions>): Promise<ReapResult>;
  /** Requests since the last call, as "METHOD /path". */
  requests(): string[];
  stop(): Promise<void>;
}

/** Time (default: the system clock), the sandbox's faults, GitHub retry timing. */
export type WorldOptions = Pick<WiringOptions, "clock" | "sandbox" | "resilience">;

export async function world(inputs: Partial<Record<InputName, string>> = {}, options: WorldOptions = {}): Promise<World> {
  const github = new GitHubStandin(REPO);
  const url = await github.start();
  const root = await mkdtemp(join(tmpdir(), "prenv-world-"));
  const settings = parseSettings((name) => ({ "github-token": TOKEN, "aws-region": "us-east-1", engine: "sandbox", ...inputs })[name] ?? "", REPO);
  const lines: string[] = [];
  const log: Log = { info: (m) => lines.push(m), warn: (m) => lines.push(`warning: ${m}`), group: (_t, fn) => fn() };
  const ports = createPorts({ settings, repo: REPO, githubApiUrl: url, log, workspace: root, env: {}, ...options });
  let seen = 0;
  return {
    github,
    root,
    ports,
    log: lines,
    run: (intent, override = {}) => runLifecycle(intent, { ...ports, ...override }, { repo: REPO, runUrl: RUN_URL, settings, secrets: [TOKEN] }),
    reap: (options = {}) =>
      reap(new Run(ports, { repo: REPO, runUrl: RUN_URL, settings, secrets: [TOKEN], operations: localOperations }), {
        dryRun: false,
        deleteOrphans: settings.deleteOrphans,
        lookbackMs: 24 * 3_600_000,
        ...options,
      }),
    requests() {
      const fresh = github.requests.slice(seen).map((r) => `${r.method} ${r.path}`);
      seen = github.requests.length;
      return fresh;
    },
    stop: () => github.stop(),
  };
}

export const sha = (digit: string) => digit.repeat(40);
export const deploy = (pr: number, head: string): Intent => ({ kind: "deploy", pr, sha: head, actor: "octocat", reason: "test" });
export const destroy = (pr: number): Intent => ({ kind: "destroy", pr, actor: "octocat", reason: `PR #${pr} was merged` });
