// The one living PR comment: found by its hidden marker, edited in place, and carrying prenv's
// per-PR state in a second hidden marker so the next run (on a fresh runner) can pick it up.
// Rendering is pure: state + what just happened -> markdown, always under GitHub's size limit.
import { z } from "zod";
import { formatDuration } from "./duration.ts";
import { COLORS, stackName } from "./naming.ts";
import { activeColor, otherColor, trafficSplit } from "./traffic.ts";

export const COMMENT_LIMIT = 65_536;
const LOG_LINE_LIMIT = 400;

export const STATUSES = ["deploying", "deployed", "failed", "waiting", "destroying", "destroyed"] as const;
export type EnvironmentStatus = (typeof STATUSES)[number];

const colorRecord = <T extends z.ZodType>(value: T) => z.object({ blue: value, green: value });

const stateSchema = z.object({
  status: z.enum(STATUSES),
  sha: z.string().optional(),
  deploymentId: z.number().int().optional(),
  firstDeployedAt: z.string().optional(),
  deployedAt: z.string().optional(),
  lastActivityAt: z.string().optional(),
  /** Extra time granted by /extend, on top of the TTL. */
  extendedMs: z.number().nonnegative().optional(),
  deploys: z.number().int().nonnegative().default(0),
  hourlyUsd: z.number().nonnegative().optional(),
  durationMs: z.number().nonnegative().optional(),
  approval: z.object({ sha: z.string(), by: z.string(), at: z.string() }).optional(),
  links: z.object({ appUrl: z.string(), testUrl: z.string(), dashboardUrl: z.string() }).optional(),
  images: colorRecord(z.string()).optional(),
  weights: colorRecord(z.number()).optional(),
  /** The colour serving before the last traffic change: where /rollback goes. */
  previousActive: z.enum(COLORS).optional(),
  /** The integration checks of the last deploy. */
  verification: z
    .object({
      /** `error`: the checks could not finish (GitHub or AWS failed them); the deploy itself stands. */
      status: z.enum(["running", "passed", "failed", "error"]),
      passed: z.number().int().nonnegative().default(0),
      failed: z.number().int().nonnegative().default(0),
      skipped: z.number().int().nonnegative().default(0),
      failing: z.array(z.string()).default([]),
      url: z.string().optional(),
      error: z.string().optional(),
    })
    .optional(),
  /** When the reaper last warned that the environment is about to expire. */
  warnedAt: z.string().optional(),
  /** Resources still there after the last destroy (ARNs or names): the reaper retries them. */
  leftovers: z.array(z.string()).optional(),
  /** While deploying: the colour the new build goes to. */
  deployingTo: z.enum([...COLORS, "both"]).optional(),
  simulated: z.boolean().optional(),
});

export type EnvironmentState = z.infer<typeof stateSchema>;

export const marker = (pr: number) => `<!-- prenv:${stackName(pr)} -->`;
const STATE = /<!-- prenv:state (\{[\s\S]*?\}) -->/;

/** The state a comment body carries; a missing or mangled block reads as no state at all. */
export function readState(body: string | undefined): EnvironmentState | undefined {
  const match = body ? STATE.exec(body) : null;
  if (!match) return undefined;
  try {
    const parsed = stateSchema.safeParse(JSON.parse(match[1]!));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface Failure {
  readonly operation: "deploy" | "destroy";
  /** What failed, in words: "pulumi up", "creating the deployment". */
  readonly step: string;
  readonly message: string;
  /** The last lines of the engine's output, already redacted. */
  readonly logTail: readonly string[];
}

export interface CommentView {
  readonly pr: number;
  readonly state: EnvironmentState;
  readonly now: Date;
  readonly runUrl?: string;
  readonly ttlMs: number;
  /** Why a deploy waits (fork without approval). */
  readonly waitingReason?: string;
  readonly approveLabel?: string;
  /** How long before expiry the reaper warns: a warning given in that window is shown. */
  readonly warnBeforeMs?: number;
  /** The label that keeps an environment from expiring. */
  readonly keepLabel?: string;
  /** Why the environment is being (or was) destroyed. */
  readonly destroyReason?: string;
  readonly failure?: Failure;
}

export const shortSha = (sha: string | undefined) => (sha ? sha.slice(0, 7) : "unknown");

export const utc = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

const usd = (amount: number, digits = 4) => `$${amount.toFixed(digits)}`;

const runLink = (view: CommentView, text = "run log") => (view.runUrl ? `[${text}](${view.runUrl})` : "");

/** A run that has said nothing for this long while deploying or destroying has stopped (cancelled, timed out). */
export const STALE_RUN_MS = 2 * 3_600_000;

/** When the reaper may remove the environment: TTL (plus /extend) after the last activity. */
export function expiresAt(state: Pick<EnvironmentState, "lastActivityAt" | "deployedAt" | "extendedMs">, ttlMs: number): Date | undefined {
  const since = state.lastActivityAt ?? state.deployedAt;
  return since ? new Date(Date.parse(since) + ttlMs + (state.extendedMs ?? 0)) : undefined;
}

const HEADLINES: Readonly<Record<EnvironmentStatus, (stack: string, view: CommentView) => string>> = {
  deploying: (stack) => `### ⏳ Deploying \`${stack}\``,
  deployed: (stack) => `### ✅ \`${stack}\` is deployed`,
  failed: (stack, view) => `### ❌ ${view.failure?.operation === "destroy" ? "Destroying" : "Deploying"} \`${stack}\` failed`,
  waiting: (stack) => `### 🔒 \`${stack}\` is waiting for approval`,
  destroying: (stack) => `### 🧹 Destroying \`${stack}\``,
  destroyed: (stack) => `### 🗑️ \`${stack}\` was destroyed`,
};

const BODIES: Readonly<Record<EnvironmentStatus, (view: CommentView) => string[]>> = {
  deploying: (view) => {
    const { state } = view;
    const target = state.deploys === 0 ? "to both colours (first deploy)" : `to **${otherColor(activeColor(state.weights))}** while ${activeColor(state.weights)} keeps serving`;
    return [`Deploying commit \`${shortSha(state.sha)}\` ${target}. ${runLink(view, "Run log")}`.trimEnd()];
  },
  deployed: (view) => environmentTable(view),
  failed: (view) => failureLines(view),
  waiting: (view) => [
    `Not deployed: ${view.waitingReason ?? "this PR needs an approval"}. A maintainer can approve commit \`${shortSha(view.state.sha)}\` ` +
      `by commenting \`/approve\`${view.approveLabel ? ` or adding the \`${view.approveLabel}\` label` : ""}; a later push needs a new approval.`,
  ],
  destroying: (view) => [`${view.destroyReason ?? "Destroying"}: destroying its environment. ${runLink(view, "Run log")}`.trimEnd()],
  destroyed: (view) => [lifetime(view), ...leftoverLines(view.state.leftovers ?? [])],
};

function environmentTable(view: CommentView): string[] {
  const { state } = view;
  const weights = state.weights ?? { blue: 100, green: 0 };
  const idle = otherColor(activeColor(weights));
  const expiry = expiresAt(state, view.ttlMs);
  const rows: [string, string][] = [
    ["App", state.links?.appUrl ?? "(unknown)"],
    [`Test URL (${idle}, idle)`, state.links?.testUrl ?? "(unknown)"],
    ["Dashboard", state.links?.dashboardUrl ? `[CloudWatch](${state.links.dashboardUrl})` : "(none)"],
    ["Traffic", trafficSplit(weights)],
    ...(state.images ? ([["Images", COLORS.map((c) => `${c} \`${state.images![c]}\``).join(" · ")]] as [string, string][]) : []),
    [
      "Commit",
      `\`${shortSha(state.sha)}\`${state.durationMs !== undefined ? `, deployed in ${formatDuration(state.durationMs)}` : ""}${view.runUrl ? ` (${runLink(view)})` : ""}`,
    ],
    ...(state.verification ? ([["Integration", verificationCell(state.verification)]] as [string, string][]) : []),
    ...(state.hourlyUsd !== undefined
      ? ([["Estimated cost", `${usd(state.hourlyUsd)}/hour (about ${usd(state.hourlyUsd * 24, 2)}/day)`]] as [string, string][])
      : []),
    ...(expiry ? ([["Expires", `${utc(expiry)} (${formatDuration(view.ttlMs + (state.extendedMs ?? 0))} after the last activity)`]] as [string, string][]) : []),
  ];
  return [
    ...(state.simulated ? ["> 🧪 **Simulated** by prenv's sandbox engine: nothing was created in AWS and these URLs do not resolve.", ""] : []),
    ...expiryWarning(view, expiry),
    "| | |",
    "|---|---|",
    ...rows.map(([key, value]) => `| ${key} | ${value} |`),
    "",
    state.images && state.images.blue === state.images.green
      ? `Both colours run the same image; the next push deploys to ${idle}, where the test URL points.`
      : `${idle === "green" ? "Green" : "Blue"} is ready: comment \`/promote-${idle}\` to send it production traffic.`,
  ];
}

/** The reaper's warning, shown while it applies: given within the warning window of the current expiry. */
function expiryWarning(view: CommentView, expiry: Date | undefined): string[] {
  const warnedAt = view.state.warnedAt ? Date.parse(view.state.warnedAt) : NaN;
  if (!expiry || view.warnBeforeMs === undefined || !(warnedAt >= expiry.getTime() - view.warnBeforeMs)) return [];
  const keep = view.keepLabel ? `, or add the \`${view.keepLabel}\` label` : "";
  return [
    `> ⏰ **This environment expires ${utc(expiry)}** (in ${formatDuration(expiry.getTime() - view.now.getTime())}) for lack of activity, and the reaper destroys it then. ` +
      `Comment \`/extend 24h\` to keep it longer${keep}.`,
    "",
  ];
}

function verificationCell(v: NonNullable<EnvironmentState["verification"]>): string {
  const link = v.url ? ` ([check run](${v.url}))` : "";
  if (v.status === "running") return `🔎 running${link}`;
  if (v.status === "error") return `⚠️ could not finish: ${v.error ?? "see the run log"}${link}`;
  const counts = `${v.passed} passed${v.skipped > 0 ? `, ${v.skipped} skipped` : ""}`;
  return v.status === "passed" ? `✅ ${counts}${link}` : `❌ ${v.failed} failed: ${v.failing.join(", ")}; ${counts}${link}`;
}

function failureLines(view: CommentView): string[] {
  const failure = view.failure;
  if (!failure) return ["Something failed; see the run log."];
  const next =
    failure.operation === "destroy"
      ? "Comment `/destroy` or re-run the workflow to try again; the reaper also retries."
      : "Push a commit or comment `/redeploy` to try again; closing the PR destroys whatever was created.";
  return [
    `**${failure.step}** failed: ${failure.message.replace(/[.!?]?$/, ".")} ${runLink(view, "Run log")}`.trimEnd(),
    ...(failure.logTail.length > 0
      ? ["", `<details><summary>Last ${failure.logTail.length} lines of the output (secrets redacted)</summary>`, "", "```text", ...failure.logTail, "```", "", "</details>"]
      : []),
    "",
    next,
  ];
}

/** How many leftovers the comment names; the rest are counted. */
const LEFTOVERS_SHOWN = 20;

function leftoverLines(leftovers: readonly string[]): string[] {
  if (leftovers.length === 0) return [];
  const shown = leftovers.slice(0, LEFTOVERS_SHOWN).map((id) => `- \`${id}\``);
  const more = leftovers.length > LEFTOVERS_SHOWN ? [`- …and ${leftovers.length - LEFTOVERS_SHOWN} more`] : [];
  return [
    "",
    `⚠️ ${leftovers.length === 1 ? "1 resource was" : `${leftovers.length} resources were`} still there after the destroy and could not be deleted yet; the reaper retries ${leftovers.length === 1 ? "it" : "them"}:`,
    "",
    ...shown,
    ...more,
  ];
}

function lifetime(view: CommentView): string {
  const { state } = view;
  const reason = view.destroyReason ? `${view.destroyReason}. ` : "";
  if (!state.firstDeployedAt) return `${reason}Nothing had been deployed.`;
  const ranMs = view.now.getTime() - Date.parse(state.firstDeployedAt);
  const deploys = `${state.deploys} deploy${state.deploys === 1 ? "" : "s"}`;
  const cost =
    state.hourlyUsd !== undefined
      ? ` at an estimated ${usd(state.hourlyUsd)}/hour: about ${usd((state.hourlyUsd * ranMs) / 3_600_000, 2)} in total`
      : "";
  return `${reason}Its environment ran for ${formatDuration(ranMs)} (first deployed ${utc(new Date(state.firstDeployedAt))}, ${deploys})${cost}.`;
}

const stateBlock = (state: EnvironmentState) =>
  // "<" and ">" escaped so no value can close the HTML comment early.
  `<!-- prenv:state ${JSON.stringify(state).replace(/</g, "\\u003c").replace(/>/g, "\\u003e")} -->`;

/** The whole comment body, under {@link COMMENT_LIMIT}: a long log loses its oldest lines first. */
export function renderComment(view: CommentView): string {
  const stack = stackName(view.pr);
  const compose = (v: CommentView) =>
    [marker(v.pr), HEADLINES[v.state.status](stack, v), "", ...BODIES[v.state.status](v), "", stateBlock(v.state)].join("\n");

  const logTail = (view.failure?.logTail ?? []).map((line) => (line.length > LOG_LINE_LIMIT ? `${line.slice(0, LOG_LINE_LIMIT)}…` : line));
  let tail = logTail;
  let body = compose(view.failure ? { ...view, failure: { ...view.failure, logTail: tail } } : view);
  while (body.length > COMMENT_LIMIT && tail.length > 0) {
    tail = tail.slice(Math.max(1, Math.ceil((body.length - COMMENT_LIMIT) / LOG_LINE_LIMIT)));
    body = compose({ ...view, failure: { ...view.failure!, logTail: tail } });
  }
  if (body.length > COMMENT_LIMIT) {
    // Only a pathological message could get here; keep the markers, cut the middle.
    const end = `\n…(cut to fit GitHub's comment limit)\n${stateBlock(view.state)}`;
    body = body.slice(0, COMMENT_LIMIT - end.length) + end;
  }
  return body;
}
