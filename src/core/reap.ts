// What the reaper does with each PR environment it finds, and which tagged resources are orphans.
// Pure: the reaper (src/reap.ts) gathers the facts (stacks, PRs, comments, tags) and acts.
import { type EnvironmentState, expiresAt, STALE_RUN_MS } from "./comment.ts";
import { formatDuration } from "./duration.ts";
import { TAG_KEYS } from "./naming.ts";

/** `pr-42` -> 42; undefined for a stack that is not a PR's. */
export function prOfStack(stack: string): number | undefined {
  const match = /^pr-([1-9]\d{0,9})$/.exec(stack);
  return match ? Number(match[1]) : undefined;
}

export interface ReapRules {
  readonly ttlMs: number;
  /** How long before expiry the comment warns. */
  readonly warnBeforeMs: number;
  /** A PR with this label is never reaped for idleness. */
  readonly keepLabel: string;
}

export interface ReapFacts {
  readonly pr: number;
  /** The PR as GitHub has it; undefined when GitHub does not know it (or the token cannot see it). */
  readonly pull?: { readonly state: "open" | "closed"; readonly labels: readonly string[] };
  /** The state the PR's comment carries, if there is one. */
  readonly state?: EnvironmentState;
  /** Whether the backend has a stack for the PR. */
  readonly hasStack: boolean;
  /** When the backend last updated the stack. */
  readonly stackUpdatedAt?: string;
  readonly now: Date;
}

export type ReapDecision =
  | { readonly action: "destroy"; readonly reason: string }
  | { readonly action: "warn"; readonly expiresAt: Date; readonly reason: string }
  /** The comment is wrong (a run stopped without reporting, a destroy by hand, a lost state file): it is set to what is true, and nothing else changes. */
  | { readonly action: "settle"; readonly status: "failed" | "destroyed" | "deployed"; readonly reason: string }
  | { readonly action: "keep"; readonly reason: string };

const latest = (...times: (string | undefined)[]) => {
  const parsed = times.map((t) => (t ? Date.parse(t) : NaN)).filter(Number.isFinite);
  return parsed.length > 0 ? new Date(Math.max(...parsed)) : undefined;
};

/** One PR environment: destroy it, warn that it expires soon, settle a stuck comment, or keep it. */
export function reapDecision(facts: ReapFacts, rules: ReapRules): ReapDecision {
  const { pr, pull, state, now } = facts;
  if (!pull) {
    // PRs cannot be deleted, so a missing one means the token cannot see it: never destroy on that.
    return { action: "keep", reason: `GitHub does not show PR #${pr} to this token; destroy it by hand (prenv destroy --pr ${pr}) if it is not needed` };
  }
  const lastActivity = latest(state?.lastActivityAt, state?.deployedAt, facts.stackUpdatedAt);
  const quietFor = lastActivity ? now.getTime() - lastActivity.getTime() : Infinity;
  // A run that said "deploying" or "destroying" within the last hours may still be at work.
  if (state && (state.status === "deploying" || state.status === "destroying") && quietFor <= STALE_RUN_MS) {
    return { action: "keep", reason: `its ${state.status === "deploying" ? "deploy" : "destroy"} is running` };
  }
  if (pull.state === "closed") {
    if (facts.hasStack || (state && state.status !== "destroyed") || (state?.leftovers?.length ?? 0) > 0) {
      return { action: "destroy", reason: `PR #${pr} is closed` };
    }
    return { action: "keep", reason: `PR #${pr} is closed and its environment is gone` };
  }
  if (state && (state.status === "deploying" || state.status === "destroying")) {
    const stopped = `stopped reporting ${formatDuration(quietFor)} ago (a cancelled or timed-out run)`;
    // A destroy was the last thing asked for: finish it (destroying again is safe). A deploy is not
    // retried behind anyone's back: the comment says it failed, and the next push redeploys.
    return state.status === "destroying"
      ? { action: "destroy", reason: `its destroy ${stopped}: finishing it` }
      : { action: "settle", status: "failed", reason: `its deploy ${stopped}` };
  }
  // The comment and the backend disagree (a run that did not report, a destroy by hand, a lost
  // state file, a reap against the wrong backend): the comment is set to what the backend holds,
  // and the usual rules apply from there. Tagged resources without a stack are the sweep's.
  if (!facts.hasStack && state?.status === "deployed") {
    return { action: "settle", status: "destroyed", reason: "its comment shows an environment the backend does not have" };
  }
  const stackQuietMs = facts.stackUpdatedAt ? now.getTime() - Date.parse(facts.stackUpdatedAt) : 0;
  if (facts.hasStack && state?.status === "destroyed" && stackQuietMs > STALE_RUN_MS) {
    return { action: "settle", status: "deployed", reason: "its comment says destroyed, and the backend has its stack (a deploy that did not report)" };
  }
  if (!facts.hasStack) return { action: "keep", reason: "no stack" };
  if (pull.labels.includes(rules.keepLabel)) return { action: "keep", reason: `labelled ${rules.keepLabel}` };
  if (!lastActivity) return { action: "keep", reason: "no deploy or command recorded: idle time unknown" };
  const expiry = expiresAt({ lastActivityAt: lastActivity.toISOString(), extendedMs: state?.extendedMs ?? 0 }, rules.ttlMs)!;
  const idleMs = now.getTime() - lastActivity.getTime();
  if (now >= expiry) {
    const allowed = rules.ttlMs + (state?.extendedMs ?? 0);
    return { action: "destroy", reason: `PR #${pr} was idle for ${formatDuration(idleMs)}, past its time to live of ${formatDuration(allowed)}` };
  }
  const warnFrom = expiry.getTime() - rules.warnBeforeMs;
  if (now.getTime() >= warnFrom) {
    const warned = state?.warnedAt ? Date.parse(state.warnedAt) >= warnFrom : false;
    if (!warned && state) return { action: "warn", expiresAt: expiry, reason: `expires in ${formatDuration(expiry.getTime() - now.getTime())}` };
  }
  return { action: "keep", reason: `expires in ${formatDuration(expiry.getTime() - now.getTime())}` };
}

/** A resource prenv tagged (or named), found by the inventory. */
export interface FoundResource {
  /** Its ARN (or, for what has none, the name the inventory knows it by). */
  readonly id: string;
  /** `service:type`, e.g. `ec2:vpc`, `iam:role`. */
  readonly kind: string;
  /** The `prenv:stack` tag (or what the name says). */
  readonly stack?: string;
}

/** Tagged resources whose stack no longer exists, by stack; `skip` holds stacks handled elsewhere. */
export function orphansByStack(
  resources: readonly FoundResource[],
  liveStacks: ReadonlySet<string>,
  skip: ReadonlySet<string> = new Set(),
): Map<string, FoundResource[]> {
  const groups = new Map<string, FoundResource[]>();
  for (const resource of resources) {
    const stack = resource.stack ?? `(no ${TAG_KEYS.stack} tag)`;
    if (liveStacks.has(stack) || skip.has(stack)) continue;
    groups.set(stack, [...(groups.get(stack) ?? []), resource]);
  }
  return groups;
}

/** What the sweep does with one stack's orphans. */
export type OrphanAction = "retry the destroy" | "delete" | "report";

/**
 * Leftovers a destroy named in its comment are the reaper's to retry, always: prenv made them and
 * lost them. Anything else may be someone's (a lost state file, another tool's copy of the tags):
 * deleted only when the team asked for it.
 */
export const orphanAction = (namedInComment: boolean, deleteOrphans: boolean): OrphanAction =>
  namedInComment ? "retry the destroy" : deleteOrphans ? "delete" : "report";
