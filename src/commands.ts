// Slash commands on a PR. Every command gets 👀 at once, then 🚀 (done), 😕 (failed) or 👎
// (refused), and nothing is lost silently: a command that is malformed, refused or cannot run now
// gets a reply saying why and what to do. Permissions come from GitHub's collaborator-permission
// endpoint. Traffic commands never touch Pulumi.
import { type Command, helpText } from "./core/command.ts";
import { type EnvironmentState, shortSha, STALE_RUN_MS } from "./core/comment.ts";
import { formatDuration } from "./core/duration.ts";
import type { Intent } from "./core/event.ts";
import { type Color, stackName } from "./core/naming.ts";
import { authorize, needsPermission } from "./core/policy.ts";
import { activeColor, gainingColors, targetWeights, type TrafficChange, trafficSplit } from "./core/traffic.ts";
import type { LiveTraffic, Reaction } from "./ports.ts";
import { LivingComment, type Run, type RunResult } from "./run.ts";
import { changeTraffic, readTraffic, TrafficError } from "./traffic.ts";

type CommandIntent = Extract<Intent, { kind: "command" }>;

/** Why a command cannot run now: the user is told and nothing changes. */
class CannotRun extends Error {}

/** Lets a rejected promise wait to be awaited without counting as unhandled meanwhile. */
const quietly = <T>(promise: Promise<T>): Promise<T> => {
  promise.catch(() => undefined);
  return promise;
};

/** What a command reads, each read once; traffic commands start them before their permission is known. */
class Reads {
  private state: Promise<EnvironmentState> | undefined;
  private live: Promise<LiveTraffic> | undefined;
  private readonly run: Run;
  private readonly intent: CommandIntent;
  readonly living: LivingComment;

  constructor(run: Run, intent: CommandIntent) {
    this.run = run;
    this.intent = intent;
    this.living = new LivingComment(run.ports, intent.pr, run.settings.comment);
  }

  environment(): Promise<EnvironmentState> {
    this.state ??= quietly(
      this.run.step("find the comment", () => this.living.load(), (s) => (s ? `found, ${s.status}` : "none")).then((s) => s ?? { status: "deployed" as const, deploys: 0 }),
    );
    return this.state;
  }

  traffic(): Promise<LiveTraffic> {
    const target = { repo: this.run.context.repo, pr: this.intent.pr };
    this.live ??= quietly(this.run.step("read the live traffic", () => readTraffic(this.run.ports.traffic, target, true), (l) => trafficSplit(l.production.weights)));
    return this.live;
  }
}

interface Context {
  readonly run: Run;
  readonly intent: CommandIntent;
  readonly reads: Reads;
  /** Work that may finish alongside the 🚀 (the comment update). */
  readonly after: Promise<unknown>[];
}

/** Reads are harmless, so these commands start theirs while the permission is still being read. */
const READS_EARLY: ReadonlySet<Command["name"]> = new Set(["promote", "shift", "rollback", "status"]);

type Handler<C extends Command = Command> = (context: Context, command: C) => Promise<RunResult | string>;

const HANDLERS: { readonly [K in Command["name"]]: Handler<Extract<Command, { name: K }>> } = {
  help: async () => `Commands (the first line of a new comment):\n\n${helpText()}`,
  status: async (c) => {
    await refreshTraffic(c);
    return "";
  },
  promote: async (c, command) => changeAndShow(c, { kind: "promote", color: command.color, force: command.force }),
  shift: async (c, command) => changeAndShow(c, { kind: "shift", color: command.color, weight: command.weight, force: command.force }),
  rollback: async (c, command) => {
    const state = await c.reads.environment();
    if (!state.previousActive) throw new CannotRun("there is no earlier traffic change to roll back to");
    return changeAndShow(c, { kind: "rollback", to: state.previousActive, force: command.force });
  },
  extend: async (c, command) => {
    const state = await c.reads.environment();
    if (!state.deployedAt) throw new CannotRun(`${stackName(c.intent.pr)} has no environment to extend`);
    const extendedMs = (state.extendedMs ?? 0) + command.durationMs;
    if (extendedMs > c.run.settings.maxTtlMs) {
      throw new CannotRun(`extensions may add up to ${formatDuration(c.run.settings.maxTtlMs)} in all; this one would make ${formatDuration(extendedMs)}`);
    }
    show(c, { ...state, extendedMs });
    return "";
  },
  redeploy: async (c) => c.run.operations.deploy(c.run, c.intent.pr, undefined),
  destroy: async (c) => c.run.operations.destroy(c.run, c.intent.pr, `${c.intent.actor} commented /destroy`),
  approve: async (c) => c.run.operations.approveAndDeploy(c.run, c.intent),
};

export async function runCommand(run: Run, intent: CommandIntent): Promise<RunResult> {
  const { forge } = run.ports;
  const stack = stackName(intent.pr);
  // Reactions are a courtesy: a comment deleted meanwhile must not stop the command.
  const react = async (reaction: Reaction) => {
    if (intent.commentId === undefined) return;
    try {
      await run.step(`reaction ${reaction}`, () => forge.react(intent.commentId!, reaction));
    } catch (error) {
      run.note(`reaction ${reaction}`, `could not react: ${run.message(error)}`, false);
    }
  };
  const reply = async (text: string) => {
    if (intent.commentId !== undefined) await run.step("reply", () => forge.createComment(intent.pr, `@${intent.actor} ${text}`), (c) => `comment ${c.id}`);
  };
  const done = (failure?: string): RunResult => ({ operation: "command", stack, steps: run.steps, ...(failure ? { failure } : {}) });

  // 👀 goes out at once and the permission is read meanwhile; every later reaction waits for it.
  const received = react("eyes");
  const parsed = intent.parsed;
  const permission =
    parsed.kind === "command" && needsPermission(parsed.command.name, run.settings.commandPermissions)
      ? quietly(run.step(`permission of ${intent.actor}`, () => forge.permission(intent.actor), (p) => p))
      : undefined;
  // Taken off whatever happens, so the label can be added again for the next commit.
  if (intent.label) await run.step("remove the approval label", () => forge.removeLabel(intent.pr, intent.label!), () => `${intent.label} removed`);
  await received;
  if (parsed.kind === "invalid") {
    run.note("invalid command", `${parsed.text} ${parsed.message}`);
    await reply(`\`${parsed.text}\` ${parsed.message}`);
    await react("confused");
    return done();
  }
  const command = parsed.command;
  const context: Context = { run, intent, reads: new Reads(run, intent), after: [] };
  if (READS_EARLY.has(command.name)) void Promise.all([context.reads.environment(), context.reads.traffic()]).catch(() => undefined);
  if (permission) {
    const has = await permission;
    const decision = authorize(command.name, has, run.settings.commandPermissions);
    if (!decision.allowed) {
      run.note("refused", `${intent.actor} has ${decision.has} permission; ${parsed.text} needs ${decision.needed}`);
      await react("-1");
      await reply(`\`${parsed.text}\` needs ${decision.needed} permission on this repository; you have ${decision.has}.`);
      return done();
    }
  }

  try {
    const handler = HANDLERS[command.name] as Handler;
    const result = await handler(context, command);
    if (typeof result === "string") {
      await Promise.all([...context.after, react("rocket"), result ? reply(result) : undefined]);
      return done();
    }
    await Promise.all(context.after);
    await react(result.failure ? "confused" : "rocket");
    if (result.failure) await reply(`\`${parsed.text}\` failed: ${result.failure}. See the comment above and the run log.`);
    return { ...result, operation: result.operation === "none" ? "command" : result.operation };
  } catch (error) {
    const expected = error instanceof CannotRun || error instanceof TrafficError;
    const message = run.message(error);
    run.note(parsed.text, message, false);
    await react("confused");
    await reply(`\`${parsed.text}\` ${expected ? "cannot run" : "failed"}: ${message}${expected ? "." : `${run.context.runUrl ? ` ([run log](${run.context.runUrl}))` : ""}`}`);
    return done(expected ? undefined : `${parsed.text} failed: ${message}`);
  }
}

/** Updates the living comment alongside the 🚀: the command itself is done. A command is activity: the TTL starts again. */
function show(c: Context, state: EnvironmentState): void {
  const active = { ...state, lastActivityAt: c.run.ports.clock.now().toISOString() };
  c.after.push(quietly(c.run.step("comment: updated", () => c.reads.living.show(c.run.comment(c.intent.pr, active)), (r) => r)));
}

/** A deploy landing on a colour that is about to get traffic: the traffic must wait for it. */
function deployInProgress(state: EnvironmentState, colors: readonly Color[], now: Date): string | undefined {
  if (state.status !== "deploying" || !state.deployingTo) return undefined;
  const since = Date.parse(state.lastActivityAt ?? "");
  if (Number.isFinite(since) && now.getTime() - since > STALE_RUN_MS) return undefined;
  const busy = colors.find((color) => state.deployingTo === "both" || state.deployingTo === color);
  return busy ? `commit ${shortSha(state.sha)} is being deployed to ${busy} right now; wait for the comment to say it is deployed, then try again` : undefined;
}

async function changeAndShow(c: Context, change: TrafficChange): Promise<string> {
  const { run, intent } = c;
  const target = { repo: run.context.repo, pr: intent.pr };
  // Independent reads: the comment (for the rollback colour, a deploy in progress) and the listeners.
  const [state, live] = await Promise.all([c.reads.environment(), c.reads.traffic()]);
  const busy = deployInProgress(state, gainingColors(live.production.weights, targetWeights(change)), run.ports.clock.now());
  if (busy) throw new CannotRun(busy);
  const outcome = await run.step(
    "change the traffic",
    () => changeTraffic(run.ports.traffic, target, change, { checkOwner: true, live }),
    (o) => (o.changed ? `${trafficSplit(o.before)} -> ${trafficSplit(o.after)}; the test listener now serves ${o.idle}` : `already ${trafficSplit(o.after)}: nothing to change`),
  );
  show(c, {
    ...state,
    weights: outcome.after,
    ...(outcome.changed ? { previousActive: activeColor(outcome.before) } : {}),
  });
  return outcome.changed ? "" : `production traffic was already ${trafficSplit(outcome.after)}; nothing changed.`;
}

/** /status: the live traffic into the comment. */
async function refreshTraffic(c: Context): Promise<void> {
  const [state, live] = await Promise.all([c.reads.environment(), c.reads.traffic()]);
  show(c, { ...state, weights: live.production.weights });
}
