// An Intent and the ports in, the steps of a PR environment's life out, in order, with their
// failure rules. The Action, the App and the CLI all come through here; what to do is decided in
// src/core, how to talk to the world is the ports' business.
import { type EnvironmentState, type Failure, marker, readState, renderComment, shortSha } from "./core/comment.ts";
import { estimateCost } from "./core/cost.ts";
import { type Intent } from "./core/event.ts";
import { stackName } from "./core/naming.ts";
import { type StackOutputs } from "./core/outputs.ts";
import { type Approval, authorize, deployGate } from "./core/policy.ts";
import { redact } from "./core/redact.ts";
import { planRollout } from "./core/rollout.ts";
import { imageFor, type Settings } from "./core/settings.ts";
import { parseStackConfig, toPulumiConfig } from "./core/stack-config.ts";
import { type IssueComment, type Ports, type PullRequestInfo } from "./ports.ts";

export interface LifecycleContext {
  readonly repo: string;
  /** Link to this run's log, for the comment and the deployment status. */
  readonly runUrl?: string;
  readonly settings: Settings;
  /** Values to mask in anything posted or logged. */
  readonly secrets: readonly string[];
  /** Told about each step as it completes (simulate prints them live). */
  readonly onStep?: (step: Step) => void;
}

export type Operation = "deploy" | "destroy" | "command" | "none";

export interface Step {
  readonly step: string;
  readonly detail: string;
  readonly ok: boolean;
}

export interface RunResult {
  readonly operation: Operation;
  readonly stack?: string;
  readonly outputs?: StackOutputs;
  readonly steps: readonly Step[];
  /** Set when the run failed: the Action fails with it. */
  readonly failure?: string;
}

/** How many lines of engine output a failure shows. */
const LOG_TAIL = 40;

/** The one comment of a PR: found once per run, then edited in place (or recreated if deleted). */
class LivingComment {
  private existing: IssueComment | undefined;
  /** The state the comment carried when it was loaded. */
  state: EnvironmentState | undefined;

  private readonly ports: Ports;
  private readonly pr: number;
  private readonly enabled: boolean;

  constructor(ports: Ports, pr: number, enabled: boolean) {
    this.ports = ports;
    this.pr = pr;
    this.enabled = enabled;
  }

  async load(): Promise<EnvironmentState | undefined> {
    if (!this.enabled) return undefined;
    this.existing = await this.ports.forge.findComment(this.pr, marker(this.pr));
    this.state = readState(this.existing?.body);
    return this.state;
  }

  get exists(): boolean {
    return this.existing !== undefined;
  }

  async show(body: string): Promise<string> {
    if (!this.enabled) return "comments are off (comment: false)";
    if (this.existing && (await this.ports.forge.updateComment(this.existing.id, body))) {
      this.existing = { ...this.existing, body };
      return `updated comment ${this.existing.id}`;
    }
    const recreated = this.existing !== undefined;
    this.existing = await this.ports.forge.createComment(this.pr, body);
    return `${recreated ? "recreated deleted" : "created"} comment ${this.existing.id}`;
  }
}

class Run {
  readonly steps: Step[] = [];
  private readonly tail: string[] = [];
  private current = "starting";

  readonly ports: Ports;
  readonly context: LifecycleContext;

  constructor(ports: Ports, context: LifecycleContext) {
    this.ports = ports;
    this.context = context;
  }

  get settings(): Settings {
    return this.context.settings;
  }

  redact(text: string): string {
    return redact(text, this.context.secrets);
  }

  /** Runs one named step, recording it; a thrown error names the step it came from. */
  async step<T>(name: string, fn: () => Promise<T>, detail: (result: T) => string = () => "done"): Promise<T> {
    this.current = name;
    const result = await fn();
    this.record({ step: name, detail: detail(result), ok: true });
    return result;
  }

  note(step: string, detail: string): void {
    this.record({ step, detail, ok: true });
  }

  private record(step: Step): void {
    const clean = { ...step, detail: this.redact(step.detail) };
    this.steps.push(clean);
    if (clean.ok) this.ports.log.info(`${clean.step}: ${clean.detail}`);
    else this.ports.log.warn(`${clean.step}: ${clean.detail}`);
    this.context.onStep?.(clean);
  }

  /** The engine's output: into the (collapsed) log as it comes, and the last lines kept for a failure. */
  readonly output = (line: string) => {
    const clean = this.redact(line.replace(/\r?\n$/, ""));
    this.ports.log.info(clean);
    this.tail.push(clean);
    if (this.tail.length > LOG_TAIL) this.tail.shift();
  };

  failure(operation: Failure["operation"], error: unknown): Failure {
    const message = this.redact(error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "unknown error";
    this.record({ step: this.current, detail: message, ok: false });
    return { operation, step: this.current, message, logTail: [...this.tail] };
  }

  comment(pr: number, state: EnvironmentState, extra: Partial<Parameters<typeof renderComment>[0]> = {}): string {
    return renderComment({
      pr,
      state,
      now: this.ports.clock.now(),
      ttlMs: this.settings.ttlMs,
      approveLabel: this.settings.approveLabel,
      ...(this.context.runUrl ? { runUrl: this.context.runUrl } : {}),
      ...extra,
    });
  }
}

export async function runLifecycle(intent: Intent, ports: Ports, context: LifecycleContext): Promise<RunResult> {
  const run = new Run(ports, context);
  ports.log.info(`prenv: ${intent.kind}${"pr" in intent && intent.pr ? ` PR #${intent.pr}` : ""}: ${intent.reason}`);
  switch (intent.kind) {
    case "deploy":
      return deploy(run, intent.pr, intent.sha);
    case "destroy":
      return destroy(run, intent.pr, intent.reason);
    case "command":
      return command(run, intent);
    case "ignore":
      run.note("ignore", intent.reason);
      return { operation: "none", steps: run.steps };
  }
}

interface DeployOptions {
  /** The comment, already loaded (an approval has just read it). */
  readonly living?: LivingComment;
  /** The PR, already fetched. */
  readonly info?: PullRequestInfo;
  readonly approval?: Approval;
}

async function deploy(run: Run, pr: number, sha: string | undefined, options: DeployOptions = {}): Promise<RunResult> {
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
  try {
    const previous = await run.step("read the previous deployment", () => engine.outputs(stack), (o) => (o ? "found" : "none: first deploy"));
    const weights = previous ? ((await run.step("read the live traffic", () => traffic.weights(stack, previous), (w) => (w ? `blue ${w.blue}%, green ${w.green}%` : "unavailable"))) ?? state.weights) : undefined;
    const image = run.settings.image === undefined ? undefined : imageFor(run.settings.image, info.headSha, pr);
    const rollout = planRollout(previous, weights, image);
    const startedAt = clock.now();
    deploying = {
      ...state,
      status: "deploying",
      sha: info.headSha,
      lastActivityAt: startedAt.toISOString(),
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
    const previousDeployment = state.deploymentId;
    if (previousDeployment !== undefined && previousDeployment !== id) {
      // Transient environments get no automatic "inactive": prenv retires the previous one itself.
      await run.step("retire the previous deployment", () => forge.setDeploymentStatus(previousDeployment, { state: "inactive" }), () => `deployment ${previousDeployment} inactive`);
    }
    const deployed: EnvironmentState = {
      ...deploying,
      status: "deployed",
      deploymentId: id,
      firstDeployedAt: state.firstDeployedAt ?? finishedAt.toISOString(),
      deployedAt: finishedAt.toISOString(),
      lastActivityAt: finishedAt.toISOString(),
      deploys: state.deploys + 1,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      ...(cost.lines.length > 0 ? { hourlyUsd: cost.hourlyUsd } : {}),
      links: { appUrl: result.outputs.appUrl, testUrl: result.outputs.testUrl, dashboardUrl: result.outputs.dashboardUrl },
      images: { blue: result.outputs.blueImage || rollout.images.blue, green: result.outputs.greenImage || rollout.images.green },
      weights: weights ?? { blue: 100, green: 0 },
      simulated: engine.simulated,
    };
    await run.step("comment: deployed", () => living.show(run.comment(pr, deployed)), (r) => r);
    return { operation: "deploy", stack, outputs: result.outputs, steps: run.steps };
  } catch (error) {
    const failure = run.failure("deploy", error);
    await reportFailure(run, pr, living, { ...deploying, status: "failed", sha: info.headSha }, failure, deploymentId);
    return { operation: "deploy", stack, steps: run.steps, failure: `${failure.step} failed: ${failure.message}` };
  }
}

async function destroy(run: Run, pr: number, reason: string): Promise<RunResult> {
  const { forge, engine, clock } = run.ports;
  const stack = stackName(pr);
  const living = new LivingComment(run.ports, pr, run.settings.comment);
  const state = (await run.step("find the comment", () => living.load(), (s) => (s ? `found, ${s.status}` : "none"))) ?? { status: "destroying" as const, deploys: 0 };
  const destroying: EnvironmentState = { ...state, status: "destroying" };
  try {
    // A PR that never got an environment or a comment gets no new comment just to say so.
    if (living.exists) await run.step("comment: destroying", () => living.show(run.comment(pr, destroying, { destroyReason: reason })), (r) => r);
    const existed = await run.step(
      engine.simulated ? "pulumi destroy (simulated)" : "pulumi destroy",
      () => run.ports.log.group(`pulumi destroy ${stack}`, () => engine.destroy(stack, run.output)),
      (found) => (found ? `stack ${stack} destroyed and removed` : `stack ${stack} did not exist: nothing to destroy`),
    );
    const deployments = await run.step("list the deployments", () => forge.listDeployments(stack), (ids) => `${ids.length} found`);
    // IDs grow over time: everything from the last deployment prenv recorded on is what may still be active.
    const active = deployments.filter((id) => state.deploymentId === undefined || id >= state.deploymentId);
    for (const id of active) {
      await run.step("deployment: inactive", () => forge.setDeploymentStatus(id, { state: "inactive" }), () => `deployment ${id}`);
    }
    if (living.exists || existed) {
      const destroyed: EnvironmentState = { ...state, status: "destroyed", lastActivityAt: clock.now().toISOString() };
      await run.step("comment: destroyed", () => living.show(run.comment(pr, destroyed, { destroyReason: reason })), (r) => r);
    }
    return { operation: "destroy", stack, steps: run.steps };
  } catch (error) {
    const failure = run.failure("destroy", error);
    await reportFailure(run, pr, living, { ...destroying, status: "failed" }, failure, undefined);
    return { operation: "destroy", stack, steps: run.steps, failure: `${failure.step} failed: ${failure.message}` };
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

async function command(run: Run, intent: Extract<Intent, { kind: "command" }>): Promise<RunResult> {
  const parsed = intent.parsed;
  if (parsed.kind === "command" && parsed.command.name === "approve") return approve(run, intent);
  run.note("command", `${parsed.text}: not handled yet`);
  return { operation: "none", stack: stackName(intent.pr), steps: run.steps };
}

/** Approves the PR's head commit (or the one the dispatch named) for a fork PR, then deploys it. */
async function approve(run: Run, intent: Extract<Intent, { kind: "command" }>): Promise<RunResult> {
  const { forge } = run.ports;
  const permission = await run.step(`permission of ${intent.actor}`, () => forge.permission(intent.actor), (p) => p);
  const decision = authorize("approve", permission, run.settings.commandPermissions);
  if (intent.label) await run.step("remove the approval label", () => forge.removeLabel(intent.pr, intent.label!), () => `${intent.label} removed, so it can approve the next push`);
  if (!decision.allowed) {
    run.note("refused", `${intent.actor} has ${decision.has} permission; approving needs ${decision.needed}`);
    return { operation: "command", stack: stackName(intent.pr), steps: run.steps };
  }
  const info = await run.step("check the PR", () => forge.pullRequest(intent.pr), (p) => `${p.state}, head ${shortSha(p.headSha)}`);
  const living = new LivingComment(run.ports, intent.pr, run.settings.comment);
  await run.step("find the comment", () => living.load(), (s) => (s ? `found, ${s.status}` : "none yet"));
  const approval: Approval = { sha: intent.sha ?? info.headSha, by: intent.actor, at: run.ports.clock.now().toISOString() };
  run.note("approve", `${intent.actor} approved commit ${shortSha(approval.sha)}`);
  const result = await deploy(run, intent.pr, approval.sha, { living, info, approval });
  return { ...result, operation: result.operation === "none" ? "command" : result.operation };
}
