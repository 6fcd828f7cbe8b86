// One run of prenv for one PR: the steps it took (for the log, `prenv simulate` and the tests),
// the engine's output kept for a failure report, redaction of secrets, and the PR's one living
// comment. Shared by the lifecycle operations and the slash commands.
import type { Intent } from "./core/event.ts";
import { type CommentView, type EnvironmentState, type Failure, marker, readState, renderComment } from "./core/comment.ts";
import type { StackOutputs } from "./core/outputs.ts";
import { redact } from "./core/redact.ts";
import type { Settings } from "./core/settings.ts";
import type { IssueComment, Ports } from "./ports.ts";

export interface LifecycleContext {
  readonly repo: string;
  /** Link to this run's log, for the comment and the deployment status. */
  readonly runUrl?: string;
  readonly settings: Settings;
  /** Values to mask in anything posted or logged. */
  readonly secrets: readonly string[];
  /** Told about each step as it completes (simulate prints them live). */
  readonly onStep?: (step: Step) => void;
  /** Where the test command runs (the checkout). */
  readonly workspace?: string;
  /** How deploys, destroys and approvals happen; by default right here, with the engine. */
  readonly operations?: Operations;
}

/**
 * The operations that change what exists. The Action runs them itself with Pulumi; the App hands
 * them to the repository's workflow.
 */
export interface Operations {
  deploy(run: Run, pr: number, sha: string | undefined): Promise<RunResult>;
  destroy(run: Run, pr: number, reason: string): Promise<RunResult>;
  approveAndDeploy(run: Run, intent: Extract<Intent, { kind: "command" }>): Promise<RunResult>;
}

export type Operation = "deploy" | "destroy" | "command" | "reap" | "none";

export interface Step {
  readonly step: string;
  readonly detail: string;
  readonly ok: boolean;
}

export interface RunResult {
  readonly operation: Operation;
  readonly stack?: string;
  readonly outputs?: StackOutputs;
  /** Where the outputs were written (cfn-outputs/flat-outputs.json). */
  readonly outputsFile?: string;
  readonly steps: readonly Step[];
  /** Set when the run failed: the Action fails with it. */
  readonly failure?: string;
}

/** How many lines of engine output a failure shows. */
const LOG_TAIL = 40;

/** The one comment of a PR: found once per run, then edited in place (or recreated if deleted). */
export class LivingComment {
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

  /** Reads the comment; `tidy` (default) deletes copies a race left, which a dry run must not. */
  async load(options: { readonly tidy?: boolean } = {}): Promise<EnvironmentState | undefined> {
    if (!this.enabled) return undefined;
    const found = await this.ports.forge.findComment(this.pr, marker(this.pr));
    // Copies a race left (two runs posting at once, one failing to step aside) go: the first stays.
    for (const copy of options.tidy === false ? [] : (found?.copies ?? [])) {
      await this.ports.forge
        .deleteComment(copy)
        .catch((error: unknown) => this.ports.log.warn(`could not delete a copy of prenv's comment (${copy}): ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`));
    }
    this.existing = found;
    this.state = readState(found?.body);
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
    const created = await this.ports.forge.createComment(this.pr, body);
    // Two runs that found no comment at once (an open and a command, a push delivered twice) each
    // post one: the first posted stays, the others delete theirs and write to it instead.
    const first = await this.ports.forge.findComment(this.pr, marker(this.pr));
    if (first && first.id !== created.id && (await this.ports.forge.updateComment(first.id, body))) {
      await this.ports.forge.deleteComment(created.id);
      this.existing = { ...first, body };
      return `wrote to comment ${first.id}, posted at the same time by another run (deleted ${created.id})`;
    }
    this.existing = created;
    return `${recreated ? "recreated deleted" : "created"} comment ${created.id}`;
  }
}

export class Run {
  readonly steps: Step[] = [];
  readonly ports: Ports;
  readonly context: LifecycleContext;
  private readonly tail: string[] = [];
  private current = "starting";

  constructor(ports: Ports, context: LifecycleContext) {
    this.ports = ports;
    this.context = context;
  }

  get settings(): Settings {
    return this.context.settings;
  }

  get operations(): Operations {
    if (!this.context.operations) throw new Error("prenv bug: a run without operations (runLifecycle sets them)");
    return this.context.operations;
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

  note(step: string, detail: string, ok = true): void {
    this.record({ step, detail, ok });
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

  /** The message of an error, redacted, first line only. */
  message(error: unknown): string {
    return this.redact(error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "unknown error";
  }

  failure(operation: Failure["operation"], error: unknown): Failure {
    const message = this.message(error);
    this.record({ step: this.current, detail: message, ok: false });
    return { operation, step: this.current, message, logTail: [...this.tail] };
  }

  comment(pr: number, state: EnvironmentState, extra: Partial<CommentView> = {}): string {
    return renderComment({
      pr,
      state,
      now: this.ports.clock.now(),
      ttlMs: this.settings.ttlMs,
      approveLabel: this.settings.approveLabel,
      warnBeforeMs: this.settings.warnBeforeMs,
      keepLabel: this.settings.keepLabel,
      ...(this.context.runUrl ? { runUrl: this.context.runUrl } : {}),
      ...extra,
    });
  }
}
