// `prenv simulate`: the main job on an embedded default. A whole PR's life (open, push, close) or
// one real webhook payload runs through the same decision and lifecycle as the Action, against
// the sandbox engine and a local GitHub stand-in on 127.0.0.1. Nothing leaves the machine; every
// URL and ARN it shows is simulated.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { marker } from "./core/comment.ts";
import { decide, type Intent, payloadProblem } from "./core/event.ts";
import { BadInputError } from "./core/errors.ts";
import { parseSettings, type Settings } from "./core/settings.ts";
import { GitHubStandin, type StandinChange } from "./github/standin.ts";
import { runLifecycle, type Step } from "./lifecycle.ts";
import type { Log } from "./ports.ts";
import { createPorts } from "./wiring.ts";

export interface SimulatedRun {
  readonly event: string;
  readonly intent: Intent;
  readonly steps: readonly Step[];
  readonly failure?: string;
  /** What GitHub saw happen, in order: comment versions and deployment statuses. */
  readonly changes: readonly string[];
}

export interface SimulateOptions {
  readonly repo: string;
  /** Called as things happen, for a live transcript. */
  readonly print?: (text: string) => void;
}

interface ScriptedEvent {
  readonly name: string;
  readonly payload: unknown;
  /** The image the workflow would pass for this event (one per commit), if any. */
  readonly image?: string;
  /** What the PR looks like on GitHub when the event is delivered. */
  readonly pr?: { number: number; state: "open" | "closed"; merged: boolean; draft: boolean; headSha: string; headRepo: string };
}

const sha = (digit: string) => digit.repeat(40);

/** A pull_request payload with the fields GitHub sends that prenv reads (and a few it does not). */
export function pullRequestPayload(repo: string, pr: number, action: string, head: string, extra: { merged?: boolean; draft?: boolean } = {}) {
  const [owner] = repo.split("/");
  return {
    action,
    number: pr,
    pull_request: {
      number: pr,
      state: action === "closed" ? "closed" : "open",
      draft: extra.draft ?? false,
      merged: extra.merged ?? false,
      head: { sha: head, ref: "feature", repo: { full_name: repo } },
      base: { ref: "main", repo: { full_name: repo } },
      user: { login: "octocat", type: "User" },
    },
    repository: { full_name: repo, owner: { login: owner } },
    sender: { login: "octocat", type: "User" },
  };
}

/** Open, push, merge: the life of PR `pr`, as GitHub would deliver it. */
export function scriptedLife(repo: string, pr: number): ScriptedEvent[] {
  const base = { number: pr, merged: false, draft: false, headRepo: repo };
  // As a workflow would pass it: the image CI built for the commit.
  const image = (head: string) => `ghcr.io/${repo}:${head.slice(0, 7)}`;
  return [
    { name: "pull_request", payload: pullRequestPayload(repo, pr, "opened", sha("1")), image: image(sha("1")), pr: { ...base, state: "open", headSha: sha("1") } },
    { name: "pull_request", payload: pullRequestPayload(repo, pr, "synchronize", sha("2")), image: image(sha("2")), pr: { ...base, state: "open", headSha: sha("2") } },
    {
      name: "pull_request",
      payload: pullRequestPayload(repo, pr, "closed", sha("2"), { merged: true }),
      pr: { ...base, state: "closed", merged: true, headSha: sha("2") },
    },
  ];
}

/** The PR a single payload describes, so the stand-in can answer for it. */
function pullRequestOf(payload: unknown, repo: string): ScriptedEvent["pr"] {
  const p = payload as { pull_request?: Record<string, any>; issue?: { number?: unknown }; inputs?: { pr?: unknown } }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const number = Number(p.pull_request?.["number"] ?? p.issue?.number ?? p.inputs?.pr);
  if (!Number.isInteger(number) || number <= 0) return undefined;
  const head = p.pull_request?.["head"] as { sha?: unknown; repo?: { full_name?: unknown } } | undefined;
  return {
    number,
    state: p.pull_request?.["state"] === "closed" ? "closed" : "open",
    merged: p.pull_request?.["merged"] === true,
    draft: p.pull_request?.["draft"] === true,
    headSha: typeof head?.sha === "string" && /^[0-9a-f]{40}$/.test(head.sha) ? head.sha : sha("1"),
    headRepo: typeof head?.repo?.full_name === "string" ? head.repo.full_name : repo,
  };
}

function describe(change: StandinChange): { summary: string; body?: string } {
  switch (change.kind) {
    case "comment":
      return { summary: `comment ${change.comment.id} ${change.action}`, body: change.comment.body };
    case "deployment":
      return { summary: `deployment ${change.deployment.id} created for ${change.deployment.environment} at ${change.deployment.sha.slice(0, 7)}` };
    case "deployment_status":
      return { summary: `deployment ${change.deployment.id}: ${change.state}` };
    case "reaction":
      return { summary: `reaction ${change.content} on comment ${change.commentId}` };
    case "dispatch":
      return { summary: `workflow ${change.workflow} dispatched with ${JSON.stringify(change.inputs)}` };
    case "label_removed":
      return { summary: `label ${change.label} removed from #${change.pr}` };
    case "check_run":
      return { summary: `check run ${change.checkRun.name}: ${change.checkRun.conclusion ?? change.checkRun.status}` };
  }
}

/** The comment as a reader sees it: no hidden markers. */
const visible = (body: string) =>
  body
    .split("\n")
    .filter((line) => !line.startsWith("<!-- prenv:"))
    .join("\n")
    .trim();

export async function simulate(events: readonly ScriptedEvent[], options: SimulateOptions): Promise<SimulatedRun[]> {
  const print = options.print ?? (() => {});
  const state = await mkdtemp(join(tmpdir(), "prenv-simulate-"));
  const github = new GitHubStandin(options.repo);
  let changes: string[] = [];
  github.onChange = (change) => {
    const { summary, body } = describe(change);
    changes.push(summary);
    print(`  ⇢ ${summary}\n${body ? `${visible(body).replace(/^/gm, "    │ ")}\n` : ""}`);
  };
  const apiUrl = await github.start();
  try {
    const settingsFor = (image: string | undefined): Settings =>
      parseSettings(
        (name) => ({ "github-token": "simulated-token", "aws-region": "us-east-1", engine: "sandbox", image: image ?? "" })[name as string] ?? "",
        options.repo,
      );
    const log: Log = { info: () => {}, warn: (m) => print(`  warning: ${m}\n`), group: (_title, fn) => fn() };
    const ports = createPorts({ settings: settingsFor(undefined), repo: options.repo, githubApiUrl: apiUrl, log, workspace: state, env: {} });
    const runs: SimulatedRun[] = [];
    for (const event of events) {
      const settings = settingsFor(event.image);
      if (event.pr) {
        const existing = github.pulls.get(event.pr.number);
        github.addPullRequest({ ...event.pr, author: "octocat", labels: existing?.labels ?? [] });
      }
      const action = (event.payload as { action?: unknown }).action;
      const name = `${event.name}${typeof action === "string" ? `.${action}` : ""}`;
      const intent = decide(event.name, event.payload, { deployDrafts: settings.deployDrafts, approveLabel: settings.approveLabel, maxExtendMs: settings.maxTtlMs });
      print(`\n▶ ${name}\n  decision: ${intent.kind}${"pr" in intent && intent.pr ? ` PR #${intent.pr}` : ""}: ${intent.reason}\n`);
      changes = [];
      const result = await runLifecycle(intent, ports, {
        repo: options.repo,
        runUrl: `${apiUrl}/simulated-run`,
        settings,
        secrets: [settings.githubToken],
        onStep: (step) => print(`  ${step.ok ? "✓" : "✗"} ${step.step}: ${step.detail}\n`),
      });
      runs.push({ event: name, intent, steps: result.steps, changes, ...(result.failure ? { failure: result.failure } : {}) });
    }
    const pr = events.find((e) => e.pr)?.pr?.number;
    if (pr !== undefined) {
      const comment = github.commentsOn(pr).find((c) => c.body.startsWith(marker(pr)));
      print(`\n${github.requests.length} requests to the GitHub stand-in; ${comment ? "one living comment" : "no comment"} on PR #${pr}.\n`);
    }
    return runs;
  } finally {
    await github.stop();
    await rm(state, { recursive: true, force: true });
  }
}

/** One payload from a file, checked to be the event it claims to be. */
export function singleEvent(name: string, text: string, repo: string): ScriptedEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (error) {
    throw new BadInputError(`the payload file is not JSON: ${(error as Error).message}`);
  }
  if (typeof payload !== "object" || payload === null) throw new BadInputError("the payload file must hold a JSON object");
  const problem = payloadProblem(name, payload);
  if (problem) throw new BadInputError(problem);
  const pr = pullRequestOf(payload, repo);
  return { name, payload, ...(pr ? { pr } : {}) };
}
