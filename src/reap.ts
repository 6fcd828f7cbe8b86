// The reaper: makes sure nothing is left running. It lists the repo's stacks in the backend and
// the PRs updated lately, and for each PR destroys what is closed or idle past its time to live,
// warns in the comment before expiry, and sets right a comment a stopped run left wrong.
// Then it sweeps AWS by the repo's tag for resources whose stack is gone: leftovers of a destroy
// are retried, anything else is reported (and deleted with delete-orphans).
import type { EnvironmentState, Failure } from "./core/comment.ts";
import { formatDuration } from "./core/duration.ts";
import { linksOf } from "./core/outputs.ts";
import { stackName } from "./core/naming.ts";
import { type FoundResource, orphanAction, orphansByStack, prOfStack, type ReapDecision, reapDecision, type ReapFacts } from "./core/reap.ts";
import { type Inventory, PullRequestNotFound, type PullRequestSummary, type StackSummary } from "./ports.ts";
import { isDependencyError } from "./core/teardown.ts";
import { LivingComment, Run, type RunResult } from "./run.ts";

/** How far back a scheduled reap looks at PRs' activity: a day covers any schedule up to daily. */
export const REAP_LOOKBACK_MS = 24 * 3_600_000;

export interface ReapOptions {
  /** Say what would be done, and do nothing. */
  readonly dryRun: boolean;
  /** Delete tagged resources whose stack is gone and that no destroy left (otherwise they are reported). */
  readonly deleteOrphans: boolean;
  /** How far back to look at PRs (open or closed) whose comment may still show something untrue. */
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
  // PRs with recent activity may carry a comment to settle even without a stack (a first deploy
  // whose run stopped); a closed one may have lost its close run.
  const recent = await run.step(
    "list the PRs updated lately",
    () => forge.updatedSince(new Date(now.getTime() - options.lookbackMs)),
    (prs) => `${prs.length} updated in the last ${formatDuration(options.lookbackMs)} (${prs.filter((p) => p.state === "closed").length} closed)`,
  );
  const listed = new Map(recent.map((p) => [p.number, p]));
  const prs = [...new Set([...byPr.keys(), ...listed.keys()])].sort((a, b) => a - b);

  const environments: ReapedEnvironment[] = [];
  for (const pr of prs) {
    environments.push(await reapOne(run, pr, { stack: byPr.get(pr), listed: listed.get(pr), now, options }));
  }

  const tried = new Set(environments.filter((e) => e.decision.action === "destroy").map((e) => stackName(e.pr)));
  const orphans = run.ports.inventory ? await sweep(run, tried, options) : [];

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
  /** The PR as the list of recently updated ones gave it, if it was there. */
  readonly listed: PullRequestSummary | undefined;
  readonly now: Date;
  readonly options: ReapOptions;
}

/** The PR as GitHub has it now; undefined when GitHub does not show it to this token. */
async function currentPull(run: Run, pr: number): Promise<ReapFacts["pull"]> {
  try {
    const { state, labels } = await run.ports.forge.pullRequest(pr);
    return { state, labels };
  } catch (error) {
    if (error instanceof PullRequestNotFound) return undefined;
    throw error;
  }
}

async function reapOne(run: Run, pr: number, context: OneContext): Promise<ReapedEnvironment> {
  const { now, options } = context;
  let decision: ReapDecision = { action: "keep", reason: "not looked at" };
  try {
    const living = new LivingComment(run.ports, pr, run.settings.comment);
    const decide = async (pull: ReapFacts["pull"]) => {
      const state = await living.load({ tidy: !options.dryRun });
      const facts: ReapFacts = {
        pr,
        ...(pull ? { pull } : {}),
        ...(state ? { state } : {}),
        hasStack: context.stack !== undefined,
        ...(context.stack?.updatedAt ? { stackUpdatedAt: context.stack.updatedAt } : {}),
        now,
      };
      return reapDecision(facts, { ttlMs: run.settings.ttlMs, warnBeforeMs: run.settings.warnBeforeMs, keepLabel: run.settings.keepLabel });
    };
    decision = await decide(context.listed ?? (await currentPull(run, pr)));
    // The lists are minutes old by now: a PR reopened (and redeployed) since must not lose its
    // environment, and a first deploy that finished since must not be called gone.
    if (decision.action === "destroy" && context.listed && !options.dryRun) decision = await decide(await currentPull(run, pr));
    if (decision.action === "settle" && decision.status === "destroyed" && (await run.ports.engine.listStacks()).some((s) => s.name === stackName(pr))) {
      decision = { action: "keep", reason: "its stack was created after the list was taken" };
    }
    const state = living.state;
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
        const settled = decision.status === "deployed" ? await redeployed(run, pr, state!, context.stack?.updatedAt ?? now.toISOString()) : { ...state!, status: decision.status };
        if (!settled) return done("kept: the stack went meanwhile");
        const view = { failed: { failure: STOPPED }, destroyed: { destroyReason: `The reaper: ${decision.reason}` }, deployed: {} }[decision.status];
        await living.show(run.comment(pr, settled, view));
        return done(`settled the comment: ${decision.status}`);
      }
    }
  } catch (error) {
    const message = run.message(error);
    run.note(`PR #${pr}`, `failed: ${message}`, false);
    return { pr, decision, outcome: `failed: ${message}`, ok: false };
  }
}

/**
 * The state of a stack a deploy made without reporting: its outputs and live traffic, deployed as
 * of the stack's last update (the time to live counts from there). Undefined if it is gone now.
 */
async function redeployed(run: Run, pr: number, state: EnvironmentState, updatedAt: string): Promise<EnvironmentState | undefined> {
  const outputs = await run.ports.engine.outputs(stackName(pr));
  if (!outputs) return undefined;
  const live = await run.ports.traffic.read({ repo: run.context.repo, pr, outputs }).catch(() => undefined);
  const { leftovers: _gone, ...rest } = state;
  return {
    ...rest,
    status: "deployed",
    deployedAt: updatedAt,
    lastActivityAt: updatedAt,
    links: linksOf(outputs),
    images: { blue: outputs.blueImage, green: outputs.greenImage },
    ...(live ? { weights: live.production.weights } : {}),
  };
}

const NOT_DELETED = "left in place: nothing in prenv's state holds them; delete them with delete-orphans (prenv reap --delete-orphans)";

/** Tagged resources whose stack is gone: a destroy's leftovers are retried, the rest reported or deleted. */
async function sweep(run: Run, tried: ReadonlySet<string>, options: ReapOptions): Promise<ReapedOrphans[]> {
  const inventory = run.ports.inventory!;
  const found = await run.step("sweep by tag", () => inventory.list(run.context.repo), (r) => `${r.length} tagged resources`);
  // Listed after the resources, so a stack created meanwhile (a deploy starting) counts as live:
  // a resource is tagged only after its stack exists.
  const live = new Set((await run.ports.engine.listStacks()).map((s) => s.name));
  const results: ReapedOrphans[] = [];
  for (const [stack, resources] of orphansByStack(found, live, tried)) {
    const pr = prOfStack(stack);
    // Orphans left in place are a warning in the log, not a failure of the reaper.
    const report = (outcome: string, ok = true, warn = !ok): ReapedOrphans => {
      run.note(`orphans of ${stack}`, `${resources.length} resource${resources.length === 1 ? "" : "s"} (${resources.map((r) => r.id).join(", ")}): ${outcome}`, !warn);
      return { stack, resources, outcome, ok };
    };
    try {
      const state = pr === undefined ? undefined : await new LivingComment(run.ports, pr, run.settings.comment).load({ tidy: !options.dryRun });
      const leftovers = new Set(state?.leftovers ?? []);
      const action = orphanAction(resources.some((r) => leftovers.has(r.id)), options.deleteOrphans);
      if (action === "report") {
        results.push(report(NOT_DELETED, true, true));
      } else if (options.dryRun) {
        results.push(report("would delete"));
      } else if (action === "retry the destroy") {
        const own = new Run(run.ports, run.context);
        const result = await run.operations.destroy(own, pr!, "The reaper retried what the last destroy left");
        run.steps.push(...own.steps);
        results.push(report(result.failure ? `retry failed: ${result.failure}` : "deleted (leftovers of a destroy)", !result.failure));
      } else {
        results.push(deleted(await inventory.remove(resources), report));
      }
    } catch (error) {
      results.push(report(`failed: ${run.message(error)}`, false));
    }
  }
  return results;
}

/**
 * What deleting orphans came to. Some deletions take minutes (a database instance, a NAT gateway),
 * and what they hold fails meanwhile: that is progress, and the next round goes on with it.
 */
function deleted(failures: Awaited<ReturnType<Inventory["remove"]>>, report: (outcome: string, ok?: boolean, warn?: boolean) => ReapedOrphans) {
  if (failures.length === 0) return report("deleted");
  const list = failures.map((f) => `${f.resource.id} (${f.error})`).join("; ");
  return failures.every((f) => isDependencyError(f.error))
    ? report(`${failures.length} still held by what is being deleted; the next round goes on: ${list}`, true, true)
    : report(`${failures.length} could not be deleted: ${list}`, false);
}
