// A webhook (or workflow_dispatch) event in, one Intent out: deploy, destroy, run a command, or
// ignore, always with the reason. Payloads are untrusted data: only the fields read here are
// looked at, each checked for its type; nothing of them reaches a shell, a path or a name.
import { z } from "zod";
import { type ParsedComment, parseComment, type ParseOptions } from "./command.ts";

export type Intent =
  | { readonly kind: "deploy"; readonly pr: number; readonly sha?: string; readonly reason: string; readonly actor: string }
  | { readonly kind: "destroy"; readonly pr: number; readonly reason: string; readonly actor: string }
  | {
      readonly kind: "command";
      readonly pr: number;
      readonly reason: string;
      readonly actor: string;
      readonly parsed: Exclude<ParsedComment, { kind: "none" }>;
      /** The comment to react to and reply under; absent when the command came another way (label, dispatch). */
      readonly commentId?: number;
      /** A label-driven approval: the label to take off again once it has been used. */
      readonly label?: string;
      /** The commit an approval is for, when the event names one (workflow_dispatch). */
      readonly sha?: string;
    }
  /** The reaper's rounds: every environment of the repo, not one PR's. */
  | { readonly kind: "reap"; readonly reason: string; readonly actor: string; readonly dryRun?: boolean }
  | { readonly kind: "ignore"; readonly pr?: number; readonly reason: string };

export interface EventOptions extends ParseOptions {
  /** Deploy draft PRs too (default: wait until ready for review). */
  readonly deployDrafts: boolean;
  /** The label a maintainer adds to approve a fork PR's head commit. */
  readonly approveLabel: string;
}

const user = z.object({ login: z.string(), type: z.string().optional() });

const pullRequestEvent = z.object({
  action: z.string(),
  number: z.number().int().positive().optional(),
  pull_request: z.object({
    number: z.number().int().positive().optional(),
    draft: z.boolean().optional(),
    merged: z.boolean().nullish(),
    head: z.object({ sha: z.string().regex(/^[0-9a-f]{40}$/) }).optional(),
  }),
  label: z.object({ name: z.string() }).optional(),
  sender: user.optional(),
});

const issueCommentEvent = z.object({
  action: z.string(),
  issue: z.object({ number: z.number().int().positive().optional(), pull_request: z.unknown().optional() }),
  comment: z.object({ id: z.number().int().positive(), body: z.string().nullish(), user: user.optional(), performed_via_github_app: z.unknown().optional() }),
  sender: user.optional(),
});

/** What a workflow_dispatch for one PR may ask for (the App hands these over); `reap` takes no PR. */
export const DISPATCH_OPERATIONS = ["deploy", "redeploy", "destroy", "approve"] as const;

const workflowDispatchEvent = z.object({
  inputs: z
    .object({
      pr: z.union([z.string(), z.number()]).optional(),
      operation: z.string().optional(),
      sha: z.string().optional(),
      "requested-by": z.string().optional(),
      "dry-run": z.union([z.string(), z.boolean()]).optional(),
    })
    .nullish(),
  sender: user.optional(),
});

const scheduleEvent = z.object({ schedule: z.string().optional() });

/** What makes a payload the named event; a payload without it is not that event at all. */
const SHAPES: Readonly<Record<string, z.ZodType>> = {
  pull_request: pullRequestEvent,
  pull_request_target: pullRequestEvent,
  issue_comment: issueCommentEvent,
  workflow_dispatch: workflowDispatchEvent,
  schedule: scheduleEvent,
};

export const SUPPORTED_EVENTS = Object.keys(SHAPES);

/** Why `payload` is not a `name` event, or undefined if it is one (or an event prenv does not read). */
export function payloadProblem(name: string, payload: unknown): string | undefined {
  const shape = SHAPES[name];
  if (!shape) return undefined;
  const result = shape.safeParse(payload);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return `the payload is not ${/^[aeiou]/.test(name) ? "an" : "a"} ${name} event: ${issue ? `${issue.path.join(".") || "payload"}: ${issue.message}` : "unexpected shape"}`;
}

/** The pull_request actions that deploy, and how to say what happened. */
const DEPLOY_ACTIONS: Readonly<Record<string, string>> = {
  opened: "opened",
  reopened: "reopened",
  synchronize: "pushed to",
  ready_for_review: "marked ready for review",
};

const isBot = (who: z.infer<typeof user> | undefined) => who?.type === "Bot" || (who?.login.endsWith("[bot]") ?? false);

export function decide(name: string, payload: unknown, options: EventOptions): Intent {
  const problem = payloadProblem(name, payload);
  if (!SHAPES[name]) return { kind: "ignore", reason: `prenv does not act on ${name} events` };
  if (problem) return { kind: "ignore", reason: problem };
  switch (name) {
    case "pull_request":
    case "pull_request_target":
      return decidePullRequest(pullRequestEvent.parse(payload), options);
    case "issue_comment":
      return decideComment(issueCommentEvent.parse(payload), options);
    case "schedule": {
      const cron = scheduleEvent.parse(payload).schedule;
      return { kind: "reap", actor: "schedule", reason: `the schedule${cron ? ` (${cron})` : ""} started the reaper` };
    }
    default:
      return decideDispatch(workflowDispatchEvent.parse(payload));
  }
}

function decidePullRequest(event: z.infer<typeof pullRequestEvent>, options: EventOptions): Intent {
  const pr = event.pull_request.number ?? event.number;
  const actor = event.sender?.login ?? "unknown";
  if (pr === undefined) return { kind: "ignore", reason: "the payload has no pull request number" };
  const sha = event.pull_request.head?.sha;
  if (event.action === "closed") {
    const how = event.pull_request.merged ? "merged" : "closed without merging";
    return { kind: "destroy", pr, actor, reason: `PR #${pr} was ${how}` };
  }
  if (event.action === "labeled" && event.label?.name === options.approveLabel) {
    return {
      kind: "command",
      pr,
      actor,
      label: options.approveLabel,
      parsed: { kind: "command", command: { name: "approve" }, text: `label ${options.approveLabel}` },
      reason: `${actor} added the ${options.approveLabel} label`,
    };
  }
  const happened = DEPLOY_ACTIONS[event.action];
  if (happened === undefined) return { kind: "ignore", pr, reason: `prenv does not act on pull_request.${event.action}` };
  if (event.pull_request.draft && !options.deployDrafts && event.action !== "ready_for_review") {
    return { kind: "ignore", pr, reason: `PR #${pr} is a draft; prenv deploys it once it is ready for review (or set deploy-drafts: true)` };
  }
  return { kind: "deploy", pr, actor, ...(sha ? { sha } : {}), reason: `PR #${pr} was ${happened}` };
}

function decideComment(event: z.infer<typeof issueCommentEvent>, options: EventOptions): Intent {
  const pr = event.issue.number;
  if (pr === undefined) return { kind: "ignore", reason: "the payload has no issue number" };
  if (event.issue.pull_request === undefined || event.issue.pull_request === null) {
    return { kind: "ignore", pr, reason: `#${pr} is an issue, not a pull request` };
  }
  if (event.action !== "created") return { kind: "ignore", pr, reason: `comment ${event.action}: only new comments can carry commands` };
  const author = event.comment.user;
  if (isBot(author) || event.comment.performed_via_github_app) {
    return { kind: "ignore", pr, reason: `the comment is by a bot (${author?.login ?? "an app"}); bots cannot run commands` };
  }
  const parsed = parseComment(event.comment.body ?? "", options);
  if (parsed.kind === "none") return { kind: "ignore", pr, reason: "the comment is not a command (its first line does not start with /)" };
  const actor = author?.login ?? event.sender?.login ?? "unknown";
  return { kind: "command", pr, actor, parsed, commentId: event.comment.id, reason: `${actor} commented ${parsed.text}` };
}

function decideDispatch(event: z.infer<typeof workflowDispatchEvent>): Intent {
  const inputs = event.inputs ?? {};
  if (inputs.operation?.trim() === "reap") {
    const actor = inputs["requested-by"]?.trim() || event.sender?.login || "unknown";
    const dryRun = String(inputs["dry-run"] ?? "false").trim() === "true";
    return { kind: "reap", actor, reason: `${actor} started the reaper${dryRun ? " (dry run)" : ""} through workflow_dispatch`, ...(dryRun ? { dryRun } : {}) };
  }
  const text = String(inputs.pr ?? "").trim();
  if (!/^[1-9]\d{0,9}$/.test(text)) {
    return { kind: "ignore", reason: text ? `workflow_dispatch input pr must be a PR number, not "${text}"` : "workflow_dispatch has no pr input" };
  }
  const pr = Number(text);
  const operation = inputs.operation?.trim() || "deploy";
  const actor = inputs["requested-by"]?.trim() || event.sender?.login || "unknown";
  const sha = inputs.sha?.trim();
  const reason = `${actor} asked for ${operation} through workflow_dispatch`;
  switch (operation) {
    case "deploy":
    case "redeploy":
      return { kind: "deploy", pr, actor, reason, ...(sha && /^[0-9a-f]{40}$/.test(sha) ? { sha } : {}) };
    case "destroy":
      return { kind: "destroy", pr, actor, reason };
    case "approve":
      return {
        kind: "command",
        pr,
        actor,
        reason,
        parsed: { kind: "command", command: { name: "approve" }, text: "/approve" },
        ...(sha && /^[0-9a-f]{40}$/.test(sha) ? { sha } : {}),
      };
    default:
      return { kind: "ignore", pr, reason: `workflow_dispatch operation must be one of ${DISPATCH_OPERATIONS.join(", ")}, not "${operation}"` };
  }
}

/** Commands that run Pulumi; the rest (traffic, status, help, extend) only talk to GitHub and the load balancer. */
const ENGINE_COMMANDS: ReadonlySet<string> = new Set(["redeploy", "destroy", "approve"]);

/** Whether acting on `intent` needs the Pulumi engine (and so its credentials). */
export function needsEngine(intent: Intent): boolean {
  if (intent.kind === "deploy" || intent.kind === "destroy" || intent.kind === "reap") return true;
  return intent.kind === "command" && intent.parsed.kind === "command" && ENGINE_COMMANDS.has(intent.parsed.command.name);
}
