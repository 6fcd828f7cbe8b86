// What happens to a PR's environment: deploy (open, push, /redeploy, approval), destroy (close,
// /destroy) and the approval of a fork PR's commit. Each is a sequence of recorded steps with its
// failure rule: a failure is reported on the PR and leaves the next event able to recover.
import { type EnvironmentState, type Failure, shortSha } from "./core/comment.ts";
import { estimateCost } from "./core/cost.ts";
import type { Intent } from "./core/event.ts";
import { type Color, stackName } from "./core/naming.ts";
import { linksOf, type StackOutputs } from "./core/outputs.ts";
import { checkRunSummary, summarize, summaryLine } from "./core/checks.ts";
import { changeTraffic } from "./traffic.ts";
import { verifyEnvironment } from "./verify.ts";
import { type Approval, deployGate } from "./core/policy.ts";
import { planRollout } from "./core/rollout.ts";
import { activeColor, trafficSplit } from "./core/traffic.ts";
import { imageFor } from "./core/settings.ts";
import { parseStackConfig, toPulumiConfig } from "./core/stack-config.ts";
import type { PullRequestInfo } from "./ports.ts";
import { describeLeftovers, destroyWithRetries, type Leftovers, removeLeftovers } from "./teardown.ts";
import { LivingComment, type Operations, type Run, type RunResult } from "./run.ts";

/** The check run every deploy's integration checks report to. */
export const CHECK_RUN_NAME = "prenv / integration";

export interface DeployOptions {
  /** The comment, already loaded (an approval has just read it). */
  readonly living?: LivingComment;
  /** The PR, already fetched. */
  readonly info?: PullRequestInfo;
  readonly approval?: Approval;
}

export async function deploy(run: Run, pr: number, sha: string | undefined, options: DeployOptions = {}): Promise<RunResult> {
  const { forge, engine, traffic, clock } = run.ports;
  const stack = stackName(pr);
  const living = options.living ?? new LivingComment(run.ports, pr, run.settings.comment);

  const info =
    options.info ??
    (await run.step("check the PR", () => forge.pullRequest(pr), (p) => `${p.state}, head ${shortSha(p.headSha)}${p.fork ? `, from the fork ${p.headRepo}` : ""}`));
  // Close wins: a deploy that arrives for a closed PR, or for a commit that is no longer the head, does nothing.
  if (info.state === "closed") {
    run.note("skip", `PR #${pr} is closed; the close event destroys its environment`);
    return { operation: "none", stack, steps: run.steps };
  }
  if (sha && sha !== info.headSha) {
    run.note("skip", `commit ${shortSha(sha)} is no longer the head of PR #${pr} (now ${shortSha(info.headSha)}); that push deploys instead`);
    return { operation: "none", stack, steps: run.steps };
  }

  const saved = options.living ? living.state : await run.step("find the comment", () => living.load(), (s) => (s ? `found, ${s.status}` : "none yet"));
  const state: EnvironmentState = { ...(saved ?? { status: "deploying", deploys: 0 }), ...(options.approval ? { approval: options.approval } : {}) };
  const gate = deployGate(info, run.settings.allowForks, state.approval);
  if (!gate.allowed) {
    const waiting = { ...state, status: "waiting" as const, sha: info.headSha };
    await run.step("comment: waiting", () => living.show(run.comment(pr, waiting, { waitingReason: gate.reason })), (r) => r);
    return { operation: "none", stack, steps: run.steps };
  }

  let deploymentId: number | undefined;
  let deploying: EnvironmentState = state;
  let up: { id: number; deployed: EnvironmentState; outputs: StackOutputs; target: Color | "both" };
  try {
    const previous = await run.step("read the previous deployment", () => engine.outputs(stack), (o) => (o ? "found" : "none: first deploy"));
    const live = previous
      ? await run.step("read the live traffic", () => traffic.read({ repo: run.context.repo, pr, outputs: previous }), (l) => (l ? trafficSplit(l.production.weights) : "unavailable"))
      : undefined;
    const weights = live?.production.weights ?? state.weights;
    const image = run.settings.image === undefined ? undefined : imageFor(run.settings.image, info.headSha, pr);
    const rollout = planRollout(previous, weights, image);
    const startedAt = clock.now();
    deploying = {
      ...state,
      status: "deploying",
      sha: info.headSha,
      lastActivityAt: startedAt.toISOString(),
      deployingTo: rollout.target,
      ...(weights ? { weights } : {}),
    };
    await run.step("comment: deploying", () => living.show(run.comment(pr, deploying)), (r) => r);
    deploymentId = await run.step(
      "create the GitHub deployment",
      () => forge.createDeployment({ sha: info.headSha, environment: stack, description: `prenv: ${shortSha(info.headSha)} to ${rollout.target === "both" ? "both colours" : rollout.target}` }),
      (id) => `deployment ${id} for environment ${stack}`,
    );
    const id = deploymentId;
    await run.step("deployment: in progress", () => forge.setDeploymentStatus(id, { state: "in_progress", ...(run.context.runUrl ? { logUrl: run.context.runUrl } : {}) }));

    const config = toPulumiConfig(
      parseStackConfig({ ...run.settings.stackConfig, pr: String(pr), region: run.settings.region, blueImage: rollout.images.blue, greenImage: rollout.images.green }),
    );
    const result = await run.step(
      engine.simulated ? "pulumi up (simulated)" : "pulumi up",
      () => run.ports.log.group(`pulumi up ${stack}`, () => engine.deploy(stack, config, run.output)),
      (r) => `${r.resources.length} resources; app at ${r.outputs.appUrl || "(no appUrl output)"}`,
    );
    const finishedAt = clock.now();
    const cost = estimateCost(result.resources);
    await run.step("deployment: success", () =>
      forge.setDeploymentStatus(id, {
        state: "success",
        ...(run.context.runUrl ? { logUrl: run.context.runUrl } : {}),
        ...(result.outputs.appUrl ? { environmentUrl: result.outputs.appUrl } : {}),
        description: engine.simulated ? "simulated by the prenv sandbox" : `deployed ${shortSha(info.headSha)}`,
      }),
    );
    const { deployingTo: _done, ...settled } = deploying;
    const deployed: EnvironmentState = {
      ...settled,
      status: "deployed",
      deploymentId: id,
      firstDeployedAt: state.firstDeployedAt ?? finishedAt.toISOString(),
      deployedAt: finishedAt.toISOString(),
      lastActivityAt: finishedAt.toISOString(),
      deploys: state.deploys + 1,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      ...(cost.lines.length > 0 ? { hourlyUsd: cost.hourlyUsd } : {}),
      links: linksOf(result.outputs),
      images: { blue: result.outputs.blueImage || rollout.images.blue, green: result.outputs.greenImage || rollout.images.green },
      weights: weights ?? { blue: 100, green: 0 },
      simulated: engine.simulated,
      ...(run.settings.verify && run.ports.checks ? { verification: { status: "running" as const, passed: 0, failed: 0, skipped: 0, failing: [] } } : {}),
    };
    up = { id, deployed, outputs: result.outputs, target: rollout.target };
  } catch (error) {
    const failure = run.failure("deploy", error);
    await reportFailure(run, pr, living, { ...deploying, status: "failed", sha: info.headSha }, failure, deploymentId);
    return { operation: "deploy", stack, steps: run.steps, failure: `${failure.step} failed: ${failure.message}` };
  }

  // The stack is up and its deployment a success: a failure from here is reported as what it is,
  // and never turns the deployment, or the comment, into "failed".
  const { id, deployed, outputs } = up;
  const latest = { state: deployed };
  let outputsFile: string | undefined;
  try {
    const previousDeployment = state.deploymentId;
    if (previousDeployment !== undefined && previousDeployment !== id) {
      // Transient environments get no automatic "inactive": prenv retires the previous one itself.
      await run.step("retire the previous deployment", () => forge.setDeploymentStatus(previousDeployment, { state: "inactive" }), () => `deployment ${previousDeployment} inactive`);
    }
    await run.step("comment: deployed", () => living.show(run.comment(pr, deployed)), (r) => r);
    outputsFile = run.ports.outputs ? await run.step("write the outputs", () => run.ports.outputs!.write(outputs), (path) => path) : undefined;
    const done: RunResult = { operation: "deploy", stack, outputs, ...(outputsFile ? { outputsFile } : {}), steps: run.steps };
    if (!deployed.verification) return done;
    const failure = await verifyDeploy(run, { pr, sha: info.headSha, outputs, outputsFile: outputsFile ?? "", latest, living, target: up.target });
    return failure ? { ...done, failure } : done;
  } catch (error) {
    const { step, message } = run.failure("deploy", error);
    const failure = `${step} failed: ${message}`;
    // What is true now (checks that finished keep their results, a promotion its weights); best
    // effort, since GitHub may be what failed.
    const current = latest.state;
    const verification = current.verification?.status === "running" ? { ...current.verification, status: "error" as const, error: failure } : current.verification;
    await living
      .show(run.comment(pr, { ...current, ...(verification ? { verification } : {}) }))
      .catch((e: unknown) => run.ports.log.warn(`could not update the comment: ${run.message(e)}`));
    return { operation: "deploy", stack, outputs, ...(outputsFile ? { outputsFile } : {}), steps: run.steps, failure };
  }
}

export async function destroy(run: Run, pr: number, reason: string): Promise<RunResult> {
  const { forge, engine, clock } = run.ports;
  const stack = stackName(pr);
  const living = new LivingComment(run.ports, pr, run.settings.comment);
  const state = (await run.step("find the comment", () => living.load(), (s) => (s ? `found, ${s.status}` : "none"))) ?? { status: "destroying" as const, deploys: 0 };
  // Stamped, so the reaper can tell a destroy running now from one a cancelled run left behind.
  const destroying: EnvironmentState = { ...state, status: "destroying", lastActivityAt: clock.now().toISOString() };
  try {
    // A PR that never got an environment or a comment gets no new comment just to say so.
    if (living.exists) await run.step("comment: destroying", () => living.show(run.comment(pr, destroying, { destroyReason: reason })), (r) => r);
    const existed = await run.step(
      engine.simulated ? "pulumi destroy (simulated)" : "pulumi destroy",
      () =>
        run.ports.log.group(`pulumi destroy ${stack}`, () =>
          destroyWithRetries(run.ports, stack, { output: run.output, retrying: (message) => run.note("destroy: retry", run.redact(message)) }),
        ),
      (found) => (found ? `stack ${stack} destroyed and removed` : `stack ${stack} did not exist: nothing to destroy`),
    );
    const leftovers = await checkLeftovers(run, stack);
    const deployments = await run.step("list the deployments", () => forge.listDeployments(stack), (ids) => `${ids.length} found`);
    // IDs grow over time: everything from the last deployment prenv recorded on is what may still be active.
    const active = deployments.filter((id) => state.deploymentId === undefined || id >= state.deploymentId);
    for (const id of active) {
      await run.step("deployment: inactive", () => forge.setDeploymentStatus(id, { state: "inactive" }), () => `deployment ${id}`);
    }
    if (living.exists || existed || leftovers.length > 0) {
      const { leftovers: _before, ...rest } = state;
      const destroyed: EnvironmentState = {
        ...rest,
        status: "destroyed",
        lastActivityAt: clock.now().toISOString(),
        ...(leftovers.length > 0 ? { leftovers: leftovers.map((l) => l.resource.id) } : {}),
      };
      await run.step("comment: destroyed", () => living.show(run.comment(pr, destroyed, { destroyReason: reason })), (r) => r);
    }
    for (const { resource, error } of leftovers) run.note("leftover", `${resource.id}: ${error}`, false);
    const failure =
      leftovers.length > 0 ? `${leftovers.length} resource${leftovers.length === 1 ? " was" : "s were"} left after destroying ${stack}; the reaper retries them` : undefined;
    return { operation: "destroy", stack, steps: run.steps, ...(failure ? { failure } : {}) };
  } catch (error) {
    const failure = run.failure("destroy", error);
    await reportFailure(run, pr, living, { ...destroying, status: "failed" }, failure, undefined);
    return { operation: "destroy", stack, steps: run.steps, failure: `${failure.step} failed: ${failure.message}` };
  }
}

/**
 * What the stack's tags still find after a destroy, deleted; returns what could not be. The stack
 * is gone either way: a check that cannot run (say, the role lacks tag:GetResources) is a warning,
 * and the reaper's sweep finds anything left.
 */
async function checkLeftovers(run: Run, stack: string): Promise<Leftovers["left"]> {
  const inventory = run.ports.inventory;
  if (!inventory) return [];
  try {
    const { left } = await run.step("check for leftovers", () => removeLeftovers(inventory, run.context.repo, stack), describeLeftovers);
    return left;
  } catch (error) {
    run.ports.log.warn(`could not check for leftovers of ${stack}: ${run.message(error)}; the reaper's sweep finds anything left`);
    return [];
  }
}

/** Tells the PR what failed; a failure to report is logged, never allowed to hide the first one. */
async function reportFailure(run: Run, pr: number, living: LivingComment, state: EnvironmentState, failure: Failure, deploymentId: number | undefined) {
  try {
    if (deploymentId !== undefined) {
      await run.ports.forge.setDeploymentStatus(deploymentId, {
        state: "failure",
        ...(run.context.runUrl ? { logUrl: run.context.runUrl } : {}),
        description: `${failure.step} failed`,
      });
    }
    await living.show(run.comment(pr, state, { failure }));
  } catch (error) {
    run.ports.log.warn(`could not report the failure on PR #${pr}: ${run.redact(error instanceof Error ? error.message : String(error))}`);
  }
}

/**
 * Approves the PR's head commit (or the one a dispatch named) so a fork PR may deploy, then
 * deploys it. Whoever asked has already been checked for permission.
 */
export async function approveAndDeploy(run: Run, intent: Extract<Intent, { kind: "command" }>): Promise<RunResult> {
  const { forge } = run.ports;
  const info = await run.step("check the PR", () => forge.pullRequest(intent.pr), (p) => `${p.state}, head ${shortSha(p.headSha)}`);
  const living = new LivingComment(run.ports, intent.pr, run.settings.comment);
  await run.step("find the comment", () => living.load(), (s) => (s ? `found, ${s.status}` : "none yet"));
  const approval: Approval = { sha: intent.sha ?? info.headSha, by: intent.actor, at: run.ports.clock.now().toISOString() };
  run.note("approve", `${intent.actor} approved commit ${shortSha(approval.sha)}`);
  const result = await deploy(run, intent.pr, approval.sha, { living, info, approval });
  return { ...result, operation: result.operation === "none" ? "command" : result.operation };
}

/** The Action's way: run Pulumi right here. */
export const localOperations: Operations = {
  deploy: (run, pr, sha) => deploy(run, pr, sha),
  destroy,
  approveAndDeploy,
};

interface VerifyDeploy {
  readonly pr: number;
  readonly sha: string;
  readonly outputs: StackOutputs;
  readonly outputsFile: string;
  /** The environment's state: the checks' results and a promotion are written into it as they happen. */
  readonly latest: { state: EnvironmentState };
  readonly living: LivingComment;
  /** The colour this deploy put the new build on; it is promoted if auto-promote is on and all passes. */
  readonly target: Color | "both";
}

/**
 * The deploy's integration checks: a check run on the commit, a section in the comment, and, when
 * everything passes and auto-promote is on, the new build's colour promoted. Returns what failed:
 * the failing checks (the environment stays up for debugging), or the auto-promotion.
 */
async function verifyDeploy(run: Run, deploy: VerifyDeploy): Promise<string | undefined> {
  const { forge } = run.ports;
  const checkRun = await run.step(
    "check run: started",
    () => forge.startCheckRun({ name: CHECK_RUN_NAME, sha: deploy.sha, ...(run.context.runUrl ? { detailsUrl: run.context.runUrl } : {}) }),
    (c) => `check run ${c.id}`,
  );
  let finished = false;
  try {
    const verification = await runChecks(run, deploy);
    const summary = summarize(verification.checks);
    await run.step("check run: finished", () =>
      forge.finishCheckRun(checkRun.id, {
        conclusion: summary.failed === 0 ? "success" : "failure",
        title: summaryLine(summary),
        summary: checkRunSummary(verification.checks, verification.testOutput),
      }),
    );
    finished = true;
    const latest = deploy.latest;
    latest.state = {
      ...latest.state,
      verification: { status: summary.failed === 0 ? "passed" : "failed", ...summary, failing: [...summary.failing], url: checkRun.url },
    };
    let promoteFailure: string | undefined;
    if (summary.failed === 0 && run.settings.autoPromote && deploy.target !== "both") {
      const color = deploy.target;
      try {
        const outcome = await run.step(
          `auto-promote ${color}`,
          () => changeTraffic(run.ports.traffic, { repo: run.context.repo, pr: deploy.pr, outputs: deploy.outputs }, { kind: "promote", color, force: false }, { checkOwner: false }),
          (o) => `${trafficSplit(o.before)} -> ${trafficSplit(o.after)}`,
        );
        latest.state = { ...latest.state, weights: outcome.after, ...(outcome.changed ? { previousActive: activeColor(outcome.before) } : {}) };
      } catch (error) {
        // The checks passed and say so; only the promotion is missing, and /promote-<colour> does it.
        promoteFailure = `auto-promote ${color} failed: ${run.message(error)}; comment /promote-${color} to promote it`;
      }
    }
    await run.step("comment: checked", () => deploy.living.show(run.comment(deploy.pr, latest.state)), (r) => r);
    return summary.failed > 0 ? `integration checks failed: ${summary.failing.join(", ")}` : promoteFailure;
  } catch (error) {
    // A check run left "in progress" would block a required check forever: close it, then report.
    if (!finished) {
      await forge
        .finishCheckRun(checkRun.id, { conclusion: "failure", title: "The checks could not finish", summary: run.message(error) })
        .catch((e: unknown) => run.ports.log.warn(`could not finish the check run: ${run.message(e)}`));
    }
    throw error;
  }
}

/** The checks themselves, with the ports and the settings a deploy has. */
function runChecks(run: Run, deploy: VerifyDeploy) {
  const settings = run.settings;
  const stackConfig = parseStackConfig({ ...settings.stackConfig, pr: String(deploy.pr), region: settings.region });
  return run.step(
    "integration checks",
    () =>
      run.ports.log.group(`integration checks ${stackName(deploy.pr)}`, () =>
        verifyEnvironment(
          { ...run.ports.checks!, traffic: run.ports.traffic, clock: run.ports.clock, log: run.ports.log },
          {
            identity: stackConfig.identity,
            outputs: deploy.outputs,
            outputsFile: deploy.outputsFile,
            profile: stackConfig.profile,
            healthPath: stackConfig.healthPath,
            infrastructure: settings.programDir === undefined,
            simulated: run.ports.engine.simulated,
            readinessTimeoutMs: settings.verifyTimeoutMs,
            ...(settings.testCommand ? { testCommand: settings.testCommand } : {}),
            testTimeoutMs: settings.testTimeoutMs,
            workspace: run.context.workspace ?? ".",
            secrets: run.context.secrets,
          },
        ),
      ),
    (v) => summaryLine(summarize(v.checks)),
  );
}
