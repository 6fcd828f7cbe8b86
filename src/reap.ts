// The reaper: makes sure nothing is left running. It lists the repo's stacks in the backend and
// the PRs closed lately, and for each PR destroys what is closed or idle past its time to live,
// warns in the comment before expiry, and settles a comment a stopped run left saying "deploying".
// Then it sweeps AWS by the repo's tag for resources whose stack is gone: leftovers of a destroy
// are retried, anything else is reported (and deleted with delete-orphans).
import type { EnvironmentState, Failure } from "./core/comment.ts";
import { formatDuration } from "./core/duration.ts";
import { stackName } from "./core/naming.ts";
import { type FoundResource, orphansByStack, prOfStack, type ReapDecision, reapDecision } from "./core/reap.ts";
import { PullRequestNotFound, type StackSummary } from "./ports.ts";
import { LivingComment, Run, type RunResult } from "./run.ts";

/** How far back a scheduled reap looks at closed PRs: a day covers any schedule up to daily. */
export const REAP_LOOKBACK_MS = 24 * 3_600_000;

export interface ReapOptions {
  /** Say what would be done, and do nothing. */
  readonly dryRun: boolean;
  /** Delete tagged resources whose stack is gone and that no destroy left (otherwise they are reported). */
  readonly deleteOrphans: boolean;
  /** How far back to look at closed PRs whose comment may still show an environment. */
  readonly lookbackMs: number;
}

export interface ReapedEnvironment {
  readonly pr: number;
  readonly decision: ReapDecision;
  /** What happened: "destroyed", "would destroy", "warned", "kept", or what failed. */
  readonly outcome: string;
  readonly ok: boolean;
}

export interface ReapedOrphans {
  readonly stack: string;
  readonly resources: readonly FoundResource[];
  readonly outcome: string;
  readonly ok: boolean;
}

export interface ReapReport {
  readonly environments: readonly ReapedEnvironment[];
  readonly orphans: readonly ReapedOrphans[];
}

export type ReapResult = RunResult & { readonly report: ReapReport };

/** A settled comment says this instead of "deploying" forever. */
const STOPPED: Failure = {
  operation: "deploy",
  step: "the run",
  message: "stopped without reporting back (it was cancelled or timed out)",
  logTail: [],
};

export async function reap(run: Run, options: ReapOptions): Promise<ReapResult> {
  const { engine, forge, clock } = run.ports;
  const now = clock.now();
  const stacks = await run.step("list the stacks", () => engine.listStacks(), (s) => `${s.length} in the backend`);
  const byPr = new Map<number, StackSummary>();
  for (const stack of stacks) {
    const pr = prOfStack(stack.name);
    if (pr === undefined) run.note("skip", `stack ${stack.name} is not a PR's (pr-N): the reaper leaves it alone`);
    else byPr.set(pr, stack);
  }
  const closed = await run.step(
    "list the PRs closed lately",
    () => forge.closedSince(new Date(now.getTime() - options.lookbackMs)),
    (prs) => `${prs.length} closed in the last ${formatDuration(options.lookbackMs)}`,
  );
  const closedSet = new Set(closed);
  const prs = [...new Set([...byPr.keys(), ...closed])].sort((a, b) => a - b);

  const environments: ReapedEnvironment[] = [];
  for (const pr of prs) {
    environments.push(await reapOne(run, pr, { stack: byPr.get(pr), knownClosed: closedSet.has(pr), now, options }));
  }

  const destroyed = new Set(environments.filter((e) => e.decision.action === "destroy" && e.ok).map((e) => stackName(e.pr)));
  const live = new Set(stacks.map((s) => s.name).filter((name) => !destroyed.has(name)));
  const orphans = run.ports.inventory ? await sweep(run, live, destroyed, options) : [];

  const failed = [...environments, ...orphans].filter((x) => !x.ok).length;
  return {
    operation: "reap",
    steps: run.steps,
    report: { environments, orphans },
    ...(failed > 0 ? { failure: `the reaper could not finish ${failed} of its tasks; see the log` } : {}),
  };
}

interface OneContext {
  readonly stack: StackSummary | undefined;
  /** Listed among the closed PRs, so no need to ask GitHub again. */
  readonly knownClosed: boolean;
  readonly now: Date;
  readonly options: ReapOptions;
}

async function reapOne(run: Run, pr: number, context: OneContext): Promise<ReapedEnvironment> {
  const { forge } = run.ports;
  const { now, options } = context;
  let decision: ReapDecision = { action: "keep", reason: "not looked at" };
  try {
    const pull = context.knownClosed
      ? { state: "closed" as const, labels: [] }
      : await forge.pullRequest(pr).then(
          (p) => ({ state: p.state, labels: p.labels }),
          (error: unknown) => {
            if (error instanceof PullRequestNotFound) return undefined;
            throw error;
          },
        );
    const living = new LivingComment(run.ports, pr, run.settings.comment);
    const state = await living.load();
    decision = reapDecision(
      {
        pr,
        ...(pull ? { pull } : {}),
        ...(state ? { state } : {}),
        hasStack: context.stack !== undefined,
        ...(context.stack?.updatedAt ? { stackUpdatedAt: context.stack.updatedAt } : {}),
        now,
      },
      { ttlMs: run.settings.ttlMs, warnBeforeMs: run.settings.warnBeforeMs, keepLabel: run.settings.keepLabel },
    );
    const done = (outcome: string, ok = true): ReapedEnvironment => {
      run.note(`PR #${pr}`, `${outcome}: ${decision.reason}`, ok);
      return { pr, decision, outcome, ok };
    };
    if (decision.action === "keep") return done("kept");
    if (options.dryRun) return done(`would ${decision.action}`);
    switch (decision.action) {
      case "destroy": {
        // Its own run: its steps, output and failure are this PR's alone.
        const own = new Run(run.ports, run.context);
        const result = await run.operations.destroy(own, pr, `The reaper: ${decision.reason}`);
        run.steps.push(...own.steps);
        return done(result.failure ? `destroy failed: ${result.failure}` : "destroyed", !result.failure);
      }
      case "warn": {
        const warned: EnvironmentState = { ...state!, warnedAt: now.toISOString() };
        await living.show(run.comment(pr, warned));
        return done("warned");
      }
      case "settle": {
        await living.show(run.comment(pr, { ...state!, status: "failed" }, { failure: STOPPED }));
        return done("settled the comment");
      }
    }
  } catch (error) {
    const message = run.message(error);
    run.note(`PR #${pr}`, `failed: ${message}`, false);
    return { pr, decision, outcome: `failed: ${message}`, ok: false };
  }
}

const NOT_DELETED = "left in place: nothing in prenv's state holds them; delete them with delete-orphans (prenv reap --delete-orphans)";

/** Tagged resources whose stack is gone: a destroy's leftovers are retried, the rest reported or deleted. */
async function sweep(run: Run, live: ReadonlySet<string>, handled: ReadonlySet<string>, options: ReapOptions): Promise<ReapedOrphans[]> {
  const inventory = run.ports.inventory!;
  const found = await run.step("sweep by tag", () => inventory.list(run.context.repo), (r) => `${r.length} tagged resources`);
  const results: ReapedOrphans[] = [];
  for (const [stack, resources] of orphansByStack(found, live, handled)) {
    const pr = prOfStack(stack);
    // Orphans left in place are a warning in the log, not a failure of the reaper.
    const report = (outcome: string, ok = true, warn = !ok): ReapedOrphans => {
      run.note(`orphans of ${stack}`, `${resources.length} resource${resources.length === 1 ? "" : "s"} (${resources.map((r) => r.id).join(", ")}): ${outcome}`, !warn);
      return { stack, resources, outcome, ok };
    };
    try {
      // Leftovers a destroy named in its comment are the reaper's to retry, delete-orphans or not.
      const state = pr === undefined ? undefined : await new LivingComment(run.ports, pr, run.settings.comment).load();
      const leftovers = new Set(state?.leftovers ?? []);
      const isLeftover = pr !== undefined && resources.some((r) => leftovers.has(r.id));
      if (options.dryRun) {
        results.push(isLeftover || options.deleteOrphans ? report("would delete") : report(NOT_DELETED, true, true));
      } else if (isLeftover) {
        const own = new Run(run.ports, run.context);
        const result = await run.operations.destroy(own, pr, "The reaper retried what the last destroy left");
        run.steps.push(...own.steps);
        results.push(report(result.failure ? `retry failed: ${result.failure}` : "deleted (leftovers of a destroy)", !result.failure));
      } else if (options.deleteOrphans) {
        const failures = await inventory.remove(resources);
        results.push(
          report(failures.length === 0 ? "deleted" : `${failures.length} could not be deleted: ${failures.map((f) => `${f.resource.id} (${f.error})`).join("; ")}`, failures.length === 0),
        );
      } else {
        results.push(report(NOT_DELETED, true, true));
      }
    } catch (error) {
      results.push(report(`failed: ${run.message(error)}`, false));
    }
  }
  return results;
}
